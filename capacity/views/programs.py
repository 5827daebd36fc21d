"""Hub-level pages: the program catalogue, programs, new cohorts, the learning library."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from capacity import forms
from capacity.models import Program
from capacity.permissions import can_create_programs, can_manage_program
from capacity.selectors import cohorts as cohort_selectors
from capacity.selectors import programs as selectors
from capacity.selectors.resources import resource_search
from capacity.services import programs as services
from hub.views import ServiceFormMixin


class ProgramListView(LoginRequiredMixin, TemplateView):
    template_name = "capacity/program_list.html"

    def get_context_data(self, **kwargs):
        form = forms.ProgramFilterForm(self.request.GET or None)
        search, fmt = "", ""
        if form.is_valid():
            search, fmt = form.cleaned_data["q"], form.cleaned_data["format"]
        user = self.request.user
        return super().get_context_data(
            form=form,
            programs=selectors.program_list(search=search, format=fmt),
            my_cohorts=cohort_selectors.cohorts_visible_to(user=user)
            .prefetch_related("partnerships")
            .order_by("-start_date")[:20],
            can_create=can_create_programs(user),
            **kwargs,
        )


class ProgramMixin(LoginRequiredMixin):
    need_manage = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        try:
            self.program = selectors.program_get(uuid=kwargs["program_uuid"])
        except Program.DoesNotExist:
            raise Http404 from None
        self.can_manage = can_manage_program(request.user, self.program)
        if self.need_manage and not self.can_manage:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(program=self.program, can_manage=self.can_manage, **kwargs)


class ProgramDetailView(ProgramMixin, TemplateView):
    template_name = "capacity/program_detail.html"

    def get_context_data(self, **kwargs):
        visible = cohort_selectors.cohorts_visible_to(user=self.request.user)
        return super().get_context_data(
            cohorts=selectors.program_cohorts(program=self.program, visible=visible), **kwargs
        )


class ProgramCreateView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "capacity/form.html"
    form_class = forms.ProgramForm
    success_message = _("Program created.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_create_programs(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        providers = selectors.provider_organizations_of(user=self.request.user)
        return {**super().get_form_kwargs(), "providers": providers}

    def perform(self, data):
        return services.program_create(actor=self.request.user, **data)

    def get_success_url(self, program=None):
        return reverse("capacity:program-detail", args=[program.uuid])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("New program"), cancel_url=reverse("capacity:program-list"), **kwargs
        )


class ProgramEditView(ProgramMixin, ServiceFormMixin, FormView):
    template_name = "capacity/form.html"
    form_class = forms.ProgramForm
    need_manage = True
    success_message = _("Program saved.")

    def get_form_kwargs(self):
        providers = selectors.provider_organizations_of(user=self.request.user)
        return {**super().get_form_kwargs(), "providers": providers}

    def get_initial(self):
        return forms.program_initial(self.program)

    def perform(self, data):
        data.pop("provider")
        return services.program_update(program=self.program, **data)

    def get_success_url(self, program=None):
        return reverse("capacity:program-detail", args=[self.program.uuid])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("Edit program"),
            cancel_url=reverse("capacity:program-detail", args=[self.program.uuid]),
            **kwargs,
        )


class CohortCreateView(ProgramMixin, ServiceFormMixin, FormView):
    template_name = "capacity/form.html"
    form_class = forms.CohortForm
    need_manage = True
    success_message = _("Cohort created.")

    def perform(self, data):
        return services.cohort_create(program=self.program, **data)

    def get_success_url(self, cohort=None):
        return reverse("capacity:cohort-detail", args=[cohort.uuid])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=_("New cohort of %(program)s") % {"program": self.program.title},
            cancel_url=reverse("capacity:program-detail", args=[self.program.uuid]),
            **kwargs,
        )


class ResourceListView(LoginRequiredMixin, TemplateView):
    template_name = "capacity/resource_list.html"

    def get_context_data(self, **kwargs):
        form = forms.ResourceSearchForm(self.request.GET or None)
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            filters = {
                "query": data["q"], "competency": data["competency"],
                "language": data["language"], "format": data["format"],
            }  # fmt: skip
        return super().get_context_data(
            form=form, resources=resource_search(**filters), searched=bool(filters), **kwargs
        )
