import datetime

import factory
from django.utils import timezone

from capacity.models import (
    Attendance,
    Cohort,
    Competency,
    CompetencyFramework,
    ConsentText,
    Enrollment,
    LearningResource,
    Participant,
    ParticipantConsent,
    Program,
    SelfAssessment,
    Session,
)
from tests.hub.factories import OrganizationFactory
from tests.partnerships.factories import PartnershipFactory


class CompetencyFrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyFramework

    name = factory.Sequence(lambda n: f"Framework {n}")


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competency

    framework = factory.SubFactory(CompetencyFrameworkFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Competency {n}")
    order = factory.Sequence(int)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    provider = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Program {n}")
    format = "course"
    language = "en"
    delivery = "blended"
    min_attendance_percent = 75
    final_assignment_required = False


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    start_date = datetime.date(2025, 3, 1)
    time_zone = "Africa/Nairobi"

    @factory.post_generation
    def partnerships(self, create, extracted, **kwargs):
        if not create:
            return
        self.partnerships.set(extracted if extracted is not None else [PartnershipFactory()])


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2025, 3, 4, 6, 0, tzinfo=datetime.UTC)
            + datetime.timedelta(days=7 * n)
        )
    )
    time_zone = "Africa/Nairobi"
    location = "Kapchorwa"


class ConsentTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsentText
        django_get_or_create = ["version"]

    version = 1
    text = "We keep your data to run the training."
    published_on = datetime.date(2025, 1, 1)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant
        skip_postgeneration_save = True

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    gender = "woman"
    age_group = "18_35"
    organization = "Farmers' Union"
    role_in_landscape = "Farmer"
    community = "Kapsokwony"

    @factory.post_generation
    def consent(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ParticipantConsent.objects.create(
                participant=self,
                consent_text=ConsentTextFactory(),
                given_on=datetime.date(2025, 3, 1),
            )


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    cohort = factory.SubFactory(CohortFactory)
    participant = factory.SubFactory(ParticipantFactory)
    partnership = factory.LazyAttribute(lambda o: o.cohort.partnerships.first())
    status = Enrollment.Status.ENROLLED
    enrolled_on = datetime.date(2025, 3, 1)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    enrollment = factory.SubFactory(EnrollmentFactory)
    session = factory.LazyAttribute(lambda o: SessionFactory(cohort=o.enrollment.cohort))
    partnership = factory.LazyAttribute(lambda o: o.enrollment.partnership)
    status = Attendance.Status.PRESENT


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment

    partnership = factory.SubFactory(PartnershipFactory)
    framework = factory.SubFactory(CompetencyFrameworkFactory)
    phase = SelfAssessment.Phase.BASELINE
    assessed_on = factory.LazyFunction(timezone.localdate)


class LearningResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningResource

    title = factory.Sequence(lambda n: f"Resource {n}")
    kind = "link"
    format = "guide"
    language = "en"
    url = "https://example.org/resource"
