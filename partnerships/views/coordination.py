"""The hub staff coordination dashboard: every partnership's health at a glance, with a
one-click drill-down into its workspace."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from hub.coordination import dashboard_panels, health_figures
from hub.views import StaffOnlyMixin
from partnerships.models import Partnership, ProcessStage
from partnerships.selectors.coordination import (
    CoordinationFilters,
    coordination_partnerships,
    partnership_health,
)

PAGE_SIZE = 25


class CoordinationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=80)
    country = forms.ChoiceField(label=_("Country"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *Partnership.Status.choices],
    )
    stage = forms.ChoiceField(label=_("Working on"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]
        self.fields["stage"].choices = [
            ("", _("Any stage")),
            *ProcessStage.objects.filter(is_active=True).values_list("key", "name"),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )

    def filters(self) -> CoordinationFilters:
        if not self.is_valid():
            return CoordinationFilters()
        data = self.cleaned_data
        return CoordinationFilters(
            search=data["q"].strip(),
            country=data["country"],
            status=data["status"],
            stage=data["stage"],
        )


class CoordinationView(StaffOnlyMixin, TemplateView):
    template_name = "partnerships/coordination.html"

    def get_context_data(self, **kwargs):
        form = CoordinationFilterForm(self.request.GET or None)
        filters = form.filters()
        page = Paginator(coordination_partnerships(filters=filters), PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        rows = partnership_health(list(page.object_list))
        figures = health_figures()
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            form=form,
            page=page,
            rows=[(row, row.cells(figures)) for row in rows],
            figures=figures,
            panels=[
                (panel, panel.compute(country=filters.country)) for panel in dashboard_panels()
            ],
            needing_attention=sum(1 for row in rows if row.attention),
            country=filters.country,
            query=query.urlencode(),
            **kwargs,
        )
