import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from capacity.models import Attendance, Cohort, Enrollment, Program, SelfAssessment
from capacity.models.assessments import MAX_SCORE, MIN_SCORE
from capacity.models.participants import AgeGroup, Gender
from capacity.models.programs import Delivery, ProgramFormat
from capacity.selectors.programs import competency_choices
from hub.forms import ApplicationErrorFormMixin
from hub.models.users import TIME_ZONE_CHOICES


class ProgramForm(ApplicationErrorFormMixin, forms.Form):
    provider = forms.ModelChoiceField(queryset=None, label=_("Provider"))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    format = forms.ChoiceField(label=_("Format"), choices=ProgramFormat.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    delivery = forms.ChoiceField(label=_("Delivery"), choices=Delivery.choices)
    competencies = forms.ModelMultipleChoiceField(
        label=_("Competencies addressed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_attendance_percent = forms.IntegerField(
        label=_("Minimum attendance (%)"), min_value=0, max_value=100, initial=80
    )
    final_assignment_required = forms.BooleanField(
        label=_("A final assignment is required"), required=False
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers
        self.fields["competencies"].queryset = competency_choices()


class CohortForm(ApplicationErrorFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES, initial="UTC")

    def __init__(self, *args, **kwargs):
        from partnerships.models import Partnership

        super().__init__(*args, **kwargs)
        self.fields["partnerships"].queryset = Partnership.objects.approved().order_by("name")


class SessionForm(ApplicationErrorFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at_local = forms.DateTimeField(
        label=_("Starts (local time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=1440, initial=120
    )
    location = forms.CharField(label=_("Location"), max_length=300, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    other_facilitators = forms.CharField(
        label=_("Facilitators"), max_length=300, required=False,
        help_text=_("Names, separated by commas."),
    )  # fmt: skip

    def clean_starts_at_local(self):
        value = self.cleaned_data["starts_at_local"]
        return timezone.make_naive(value) if timezone.is_aware(value) else value


class ParticipantForm(ApplicationErrorFormMixin, forms.Form):
    partnership = forms.ModelChoiceField(label=_("Partnership"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.NOT_STATED)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, initial=AgeGroup.NOT_STATED
    )
    organization = forms.CharField(label=_("Organization"), max_length=200, required=False)
    role_in_landscape = forms.CharField(
        label=_("Role in the landscape"), max_length=200, required=False
    )
    community = forms.CharField(label=_("Community"), max_length=200, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Enrollment.Status.ENROLLED, _("Enrolled")),
            (Enrollment.Status.INVITED, _("Invited")),
        ],
    )
    consent = forms.BooleanField(
        label=_("The person agreed to the consent text above"),
        error_messages={"required": _("Without consent we cannot keep this person's data.")},
    )
    consent_given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )  # fmt: skip

    def __init__(self, *args, partnerships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = partnerships
        if len(partnerships) == 1:
            self.fields["partnership"].initial = partnerships[0]


class ConsentForm(ApplicationErrorFormMixin, forms.Form):
    consent = forms.BooleanField(
        label=_("The person agreed to the consent text above"),
        error_messages={"required": _("Tick this box only once the person has agreed.")},
    )
    given_on = forms.DateField(
        label=_("Consent given on"), widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )  # fmt: skip


class CertificateRevokeForm(ApplicationErrorFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public verification page."),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )


class EnrollmentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Enrollment.Status.choices)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(choices=Attendance.Status.choices)


class TrainerForm(ApplicationErrorFormMixin, forms.Form):
    email = forms.EmailField(label=_("Trainer's email address"))


class PeriodForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        return today.replace(month=1, day=1), today.replace(month=12, day=31)


class AssessmentForm(ApplicationErrorFormMixin, forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=SelfAssessment.Phase.choices)
    assessed_on = forms.DateField(
        label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )  # fmt: skip
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, framework, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.competencies = list(framework.competencies.order_by("order", "code"))
        initial_scores = initial_scores or {}
        choices = [("", "—")] + [(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)]
        for competency in self.competencies:
            self.fields[f"score_{competency.pk}"] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.name}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=initial_scores.get(competency.pk),
            )

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.competencies]

    def scores(self) -> dict:
        return {
            c: self.cleaned_data[f"score_{c.pk}"]
            for c in self.competencies
            if self.cleaned_data.get(f"score_{c.pk}") is not None
        }


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=None, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("Any")), *list(settings.LANGUAGES)], required=False
    )
    format = forms.ChoiceField(label=_("Format"), required=False, choices=())

    def __init__(self, *args, **kwargs):
        from capacity.models import LearningResource

        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competency_choices()
        self.fields["format"].choices = [("", _("Any")), *list(LearningResource.Format.choices)]


class ProgramFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Any format")), *list(ProgramFormat.choices)],
    )


def program_initial(program: Program) -> dict:
    return {
        "provider": program.provider_id, "title": program.title,
        "description": program.description, "format": program.format,
        "language": program.language, "delivery": program.delivery,
        "competencies": list(program.competencies.all()),
        "min_attendance_percent": program.min_attendance_percent,
        "final_assignment_required": program.final_assignment_required,
    }  # fmt: skip


def cohort_initial(cohort: Cohort) -> dict:
    return {
        "name": cohort.name, "partnerships": list(cohort.partnerships.all()),
        "start_date": cohort.start_date, "end_date": cohort.end_date,
        "time_zone": cohort.time_zone,
    }  # fmt: skip
