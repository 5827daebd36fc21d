"""A partnership's capacity pages (/p/<slug>/capacity/): its cohorts, participation
figures and export, and its capacity self-assessments."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from capacity import forms
from capacity.models import Cohort, SelfAssessment
from capacity.selectors import assessments as assessment_selectors
from capacity.selectors import cohorts as cohort_selectors
from capacity.selectors.participation import participation_figures
from capacity.selectors.programs import framework_list
from capacity.services import assessments as assessment_services
from capacity.services.participants import participation_export_start
from hub.services import ApplicationError
from hub.views import ServiceFormMixin
from partnerships.mixins import PartnershipMixin
from partnerships.roles import CapacityPerm


class CapacityMixin(PartnershipMixin):
    section = "capacity"

    def url(self, name: str, *args) -> str:
        return reverse(f"capacity-workspace:{name}", args=[self.partnership.slug, *args])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage_capacity=self.has_perm(CapacityPerm.MANAGE), **kwargs
        )


def _period(request):
    form = forms.PeriodForm(request.GET or None)
    start, end = forms.PeriodForm.default_period()
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
    elif not form.is_bound:
        form = forms.PeriodForm(initial={"period_start": start, "period_end": end})
    return form, start, end


class OverviewView(CapacityMixin, TemplateView):
    template_name = "capacity/workspace/overview.html"

    def get_context_data(self, **kwargs):
        _form, start, end = _period(self.request)
        return super().get_context_data(
            cohorts=cohort_selectors.cohort_list_for_partnership(partnership=self.partnership),
            figures=participation_figures(
                partnership=self.partnership, period_start=start, period_end=end
            ),
            trained=participation_figures(
                partnership=self.partnership,
                period_start=start,
                period_end=end,
                completed_only=True,
            ),
            assessments=assessment_selectors.assessment_list(partnership=self.partnership)[:5],
            **kwargs,
        )


class PartnershipCohortView(CapacityMixin, TemplateView):
    """This partnership's participants in a cohort and their progress."""

    template_name = "capacity/workspace/cohort.html"

    def get_context_data(self, **kwargs):
        try:
            cohort = cohort_selectors.cohort_get_for_partnership(
                partnership=self.partnership, uuid=self.kwargs["cohort_uuid"]
            )
        except Cohort.DoesNotExist:
            raise Http404 from None
        return super().get_context_data(
            cohort=cohort,
            enrollments=cohort_selectors.enrollment_list(
                cohort=cohort, partnership=self.partnership
            ),
            sessions=cohort_selectors.session_list(cohort=cohort),
            **kwargs,
        )


class ParticipationView(CapacityMixin, TemplateView):
    template_name = "capacity/workspace/participation.html"

    def get_context_data(self, **kwargs):
        form, start, end = _period(self.request)
        figures = participation_figures(
            partnership=self.partnership, period_start=start, period_end=end
        )
        trained = participation_figures(
            partnership=self.partnership, period_start=start, period_end=end, completed_only=True
        )
        from capacity.models.participants import AgeGroup, Gender

        return super().get_context_data(
            form=form,
            figures=figures,
            trained=trained,
            gender_rows=[
                (label, figures.by_gender[code], trained.by_gender[code])
                for code, label in Gender.choices
            ],
            age_rows=[
                (label, figures.by_age_group[code], trained.by_age_group[code])
                for code, label in AgeGroup.choices
            ],
            **kwargs,
        )


class ParticipationExportView(CapacityMixin, View):
    required_perm = CapacityPerm.MANAGE

    def post(self, request, *args, **kwargs):
        form = forms.PeriodForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose the period to export: a start and an end date."))
            return HttpResponseRedirect(self.url("participation"))
        try:
            job = participation_export_start(
                partnership=self.partnership, actor=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(self.url("participation"))
        return HttpResponseRedirect(reverse("jobs:detail", args=[job.uuid]))


class AssessmentListView(CapacityMixin, TemplateView):
    """Radar chart and table of change (first baseline → latest follow-up) per framework."""

    template_name = "capacity/workspace/assessments.html"

    def get_context_data(self, **kwargs):
        comparisons = [
            assessment_selectors.assessment_comparison(partnership=self.partnership, framework=f)
            for f in assessment_selectors.frameworks_assessed(partnership=self.partnership)
        ]
        charts = [
            {
                "id": f"radar-{c.framework.uuid}",
                "labels": [row.competency.code for row in c.rows],
                "titles": [row.competency.name for row in c.rows],
                "baseline": [row.baseline for row in c.rows],
                "follow_up": [row.follow_up for row in c.rows],
                "baseline_label": _("Baseline"),
                "follow_up_label": _("Follow-up"),
            }
            for c in comparisons
        ]
        return super().get_context_data(
            comparisons=list(zip(comparisons, charts, strict=True)),
            charts=charts,
            assessments=assessment_selectors.assessment_list(partnership=self.partnership),
            frameworks=framework_list(),
            **kwargs,
        )


class AssessmentFormView(CapacityMixin, ServiceFormMixin, FormView):
    required_perm = CapacityPerm.MANAGE
    template_name = "capacity/workspace/assessment_form.html"
    form_class = forms.AssessmentForm
    assessment = None

    def load(self):
        if "assessment_uuid" in self.kwargs:
            try:
                self.assessment = assessment_selectors.assessment_get(
                    partnership=self.partnership, uuid=self.kwargs["assessment_uuid"]
                )
            except SelfAssessment.DoesNotExist:
                raise Http404 from None
            self.framework = self.assessment.framework
            return
        frameworks = framework_list()
        uuid = self.request.GET.get("framework") or self.request.POST.get("framework")
        framework = None
        if uuid:
            try:
                framework = frameworks.filter(uuid=UUID(str(uuid))).first()
            except ValueError:
                framework = None
        self.framework = framework or frameworks.first()

    def get(self, request, *args, **kwargs):
        self.load()
        if self.framework is None:
            return self.no_framework()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        if self.framework is None:
            return self.no_framework()
        return super().post(request, *args, **kwargs)

    def no_framework(self):
        context = CapacityMixin.get_context_data(self, form=None, framework=None, no_framework=True)
        return self.render_to_response(context)

    def get_form_kwargs(self):
        initial_scores = {}
        if self.assessment is not None:
            initial_scores = {s.competency_id: s.score for s in self.assessment.scores.all()}
        return {
            **super().get_form_kwargs(),
            "framework": self.framework,
            "initial_scores": initial_scores,
        }

    def get_initial(self):
        if self.assessment is None:
            return {}
        return {
            "phase": self.assessment.phase,
            "assessed_on": self.assessment.assessed_on,
            "notes": self.assessment.notes,
        }

    def perform(self, data):
        scores = self.bound_form.scores()
        if self.assessment is None:
            return assessment_services.assessment_create(
                partnership=self.partnership,
                framework=self.framework,
                phase=data["phase"],
                assessed_on=data["assessed_on"],
                notes=data["notes"],
                scores=scores,
                actor=self.request.user,
            )
        return assessment_services.assessment_update(
            assessment=self.assessment,
            phase=data["phase"],
            assessed_on=data["assessed_on"],
            notes=data["notes"],
            scores=scores,
        )

    def form_valid(self, form):
        self.bound_form = form
        return super().form_valid(form)

    def get_success_url(self, result=None):
        return self.url("assessments")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            framework=self.framework,
            frameworks=framework_list(),
            assessment=self.assessment,
            **kwargs,
        )


class AssessmentDeleteView(CapacityMixin, TemplateView):
    required_perm = CapacityPerm.MANAGE
    template_name = "capacity/workspace/assessment_delete.html"

    def load(self) -> SelfAssessment:
        try:
            return assessment_selectors.assessment_get(
                partnership=self.partnership, uuid=self.kwargs["assessment_uuid"]
            )
        except SelfAssessment.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, **kwargs):
        return super().get_context_data(assessment=self.load(), **kwargs)

    def post(self, request, *args, **kwargs):
        assessment_services.assessment_delete(assessment=self.load())
        messages.success(request, _("Self-assessment deleted."))
        return HttpResponseRedirect(self.url("assessments"))
