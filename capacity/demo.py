"""Demo data: a provider, the "Integrated landscape management foundations" program with
a cohort for Mount Elgon and Alto Mayo, sessions, participants with consent, attendance,
one completed participant, a competency framework, self-assessments and resources.
Idempotent: running it again changes nothing."""

import datetime

from django.utils import timezone

from capacity.models import (
    Competency,
    CompetencyFramework,
    ConsentText,
    Enrollment,
    LearningResource,
    Participant,
    Program,
    SelfAssessment,
)
from capacity.services import assessments as assessment_services
from capacity.services import participants as participant_services
from capacity.services import programs as program_services
from capacity.services.certificates import certificate_issue
from hub.demo import demo_user
from hub.models import Organization
from partnerships.models import Partnership

TRAINER = ("daniel.kiprop@demo.landscapehub.org", "Daniel Kiprop", "en")
PROVIDER_STAFF = ("sara.mendes@demo.landscapehub.org", "Sara Mendes", "en")
PROGRAM_TITLE = "Integrated landscape management foundations"

COMPETENCIES = [
    ("ILM1", "Convening multi-stakeholder dialogue"),
    ("ILM2", "Shared landscape understanding and mapping"),
    ("ILM3", "Joint planning and action"),
    ("ILM4", "Landscape finance and investment"),
    ("ILM5", "Monitoring, learning and adaptation"),
    ("ILM6", "Governance and conflict resolution"),
]

SESSIONS = [
    ("Welcome and the landscape approach", datetime.datetime(2025, 3, 4, 9, 0), "Africa/Nairobi", "Kapchorwa training centre", ""),
    ("Mapping the landscape together", datetime.datetime(2025, 3, 18, 9, 0), "Africa/Nairobi", "", "https://meet.example.org/ilm-mapping"),
    ("From vision to action plan", datetime.datetime(2025, 4, 1, 9, 0), "America/Lima", "", "https://meet.example.org/ilm-planning"),
    ("Finance for landscape investments", datetime.datetime(2025, 4, 15, 9, 0), "America/Lima", "Moyobamba, casa de la cultura", "https://meet.example.org/ilm-finance"),
]  # fmt: skip

PARTICIPANTS = [
    # name, partnership, gender, age group, organization, role, community, statuses
    ("Mary Nafula", "mount-elgon", "woman", "18_35", "Mount Elgon Farmers' Cooperative Union", "Extension officer", "Kapsokwony", ["present", "present", "late", "present"]),
    ("John Wafula", "mount-elgon", "man", "36_59", "Bungoma County Government", "Forest officer", "Kimilili", ["present", "absent", "present", "excused"]),
    ("Grace Chemutai", "mount-elgon", "woman", "18_35", "", "Farmer", "Cheptais", ["present", "present", "absent", "absent"]),
    ("Rosa Huamán", "alto-mayo", "woman", "36_59", "Cooperativa Agraria Cafetalera Rioja", "Coffee producer", "Awajún, Alto Naranjillo", ["present", "late", "present", "present"]),
    ("Luis Tapia", "alto-mayo", "man", "18_35", "Conservación Alto Mayo", "Park ranger", "Nueva Cajamarca", ["absent", "present", "present", "absent"]),
    ("Elías Shimpukat", "alto-mayo", "man", "60_plus", "", "Community leader", "Shampuyacu", ["present", "present", "excused", "present"]),
]  # fmt: skip


def _framework() -> CompetencyFramework:
    framework, _created = CompetencyFramework.objects.get_or_create(
        name="Integrated landscape management competencies",
        defaults={"description": "What a landscape partnership needs to convene, plan, act, "
                  "finance and learn together."},
    )  # fmt: skip
    for order, (code, name) in enumerate(COMPETENCIES, start=1):
        Competency.objects.get_or_create(
            framework=framework, code=code, defaults={"name": name, "order": order}
        )
    return framework


def _resources(framework: CompetencyFramework) -> None:
    items = [
        ("Landscape partnership handbook", "guide", "en", "https://example.org/ilm-handbook", ["ILM1", "ILM3"],
         "A step-by-step guide to convening a landscape partnership."),
        ("Guía de finanzas para paisajes", "guide", "es", "https://example.org/finanzas-paisajes", ["ILM4"],
         "Cómo preparar un portafolio de inversiones del paisaje."),
        ("Participatory mapping toolkit", "toolkit", "en", "https://example.org/mapping-toolkit", ["ILM2"],
         "Exercises and templates for mapping a landscape with its people."),
        ("Suivi et apprentissage adaptatif", "video", "fr", "https://example.org/suivi-video", ["ILM5"],
         "Vidéo de 20 minutes sur le suivi, l'évaluation et l'apprentissage."),
    ]  # fmt: skip
    for title, fmt, language, url, codes, description in items:
        resource, created = LearningResource.objects.get_or_create(
            title=title,
            defaults={"kind": "link", "format": fmt, "language": language, "url": url,
                      "description": description},
        )  # fmt: skip
        if created:
            resource.competencies.set(framework.competencies.filter(code__in=codes))


def seed() -> None:
    partnerships = {
        p.slug: p for p in Partnership.objects.filter(slug__in=["mount-elgon", "alto-mayo"])
    }
    if len(partnerships) < 2:
        return
    framework = _framework()
    _resources(framework)
    consent = ConsentText.objects.filter(
        version=1
    ).first() or participant_services.consent_text_publish(
        version=1,
        text="We keep your name, contact details, gender, age group, organization and community "
        "to run this training, issue your certificate and report anonymous participation "
        "figures. You can withdraw this consent at any time; we then erase your personal data.",
        published_on=datetime.date(2025, 1, 15),
    )
    provider, _created = Organization.objects.get_or_create(
        name="EcoAgriculture Partners", defaults={"type": Organization.Type.NGO}
    )
    staff = demo_user(*PROVIDER_STAFF)
    program_services.provider_staff_add(user=staff, organization=provider)
    trainer = demo_user(*TRAINER)

    program = Program.objects.filter(title=PROGRAM_TITLE, provider=provider).first()
    if program is None:
        program = program_services.program_create(
            provider=provider,
            title=PROGRAM_TITLE,
            description="<p>A blended course for landscape partnership teams: convening, "
            "shared understanding, joint planning, finance and learning.</p>",
            format="course",
            language="en",
            delivery="blended",
            competencies=framework.competencies.all(),
            min_attendance_percent=75,
            final_assignment_required=True,
            actor=staff,
        )
    cohort = program.cohorts.filter(name="2025 · Mount Elgon and Alto Mayo").first()
    if cohort is None:
        cohort = program_services.cohort_create(
            program=program,
            name="2025 · Mount Elgon and Alto Mayo",
            partnerships=partnerships.values(),
            start_date=datetime.date(2025, 3, 4),
            end_date=datetime.date(2025, 4, 30),
            time_zone="Africa/Nairobi",
        )
        program_services.trainer_grant(cohort=cohort, user=trainer, actor=staff)
    sessions = []
    for title, starts, zone, location, url in SESSIONS:
        session = cohort.sessions.filter(title=title).first() or program_services.session_create(
            cohort=cohort, title=title, starts_at_local=starts, time_zone=zone,
            location=location, online_url=url, other_facilitators="Daniel Kiprop",
        )  # fmt: skip
        sessions.append(session)

    for name, slug, gender, age, organization, role, community, statuses in PARTICIPANTS:
        participant = Participant.objects.filter(name=name).first()
        if participant is None:
            enrollment = participant_services.participant_enroll_new(
                cohort=cohort, partnership=partnerships[slug], name=name, gender=gender,
                age_group=age, organization=organization, role_in_landscape=role,
                community=community, consent_text=consent,
                consent_given_on=datetime.date(2025, 3, 4), actor=trainer,
            )  # fmt: skip
            Enrollment.objects.filter(pk=enrollment.pk).update(
                enrolled_on=datetime.date(2025, 3, 1)
            )
            enrollment.refresh_from_db()
            for session, status in zip(sessions, statuses, strict=True):
                participant_services.attendance_record(
                    session=session, enrollment=enrollment, status=status, actor=trainer
                )
    first = Enrollment.objects.get(cohort=cohort, participant__name="Mary Nafula")
    if first.status != Enrollment.Status.COMPLETED:
        participant_services.enrollment_set_assignment(enrollment=first, submitted=True)
        participant_services.enrollment_set_status(enrollment=first, status="completed")
        Enrollment.objects.filter(pk=first.pk).update(completed_on=datetime.date(2025, 4, 30))
        first.refresh_from_db()
    certificate_issue(enrollment=first)

    elgon = partnerships["mount-elgon"]
    if not SelfAssessment.objects.for_partnership(elgon).exists():
        competencies = list(framework.competencies.order_by("order"))
        for phase, day, values in (
            ("baseline", datetime.date(2024, 11, 20), [2, 1, 2, 1, 1, 3]),
            (
                "follow_up",
                min(timezone.localdate(), datetime.date(2025, 6, 30)),
                [4, 3, 3, 2, 3, 3],
            ),
        ):
            assessment_services.assessment_create(
                partnership=elgon, framework=framework, phase=phase, assessed_on=day,
                scores=dict(zip(competencies, values, strict=True)),
                notes="Scored together at the partnership's annual retreat.",
            )  # fmt: skip


def logins() -> list[tuple[str, str, str]]:
    return [
        (TRAINER[0], TRAINER[1], "trainer of the ILM foundations cohort"),
        (PROVIDER_STAFF[0], PROVIDER_STAFF[1], "provider staff, EcoAgriculture Partners"),
    ]
