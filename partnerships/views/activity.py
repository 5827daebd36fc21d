"""The activity feeds: a partnership's full history for its members, and the hub feed
across every partnership for hub staff. Both read ``selectors.partnership_activity``
page by page: "Older" continues after the last change shown (a keyset cursor), so a
page costs the same queries however long the history is."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from django_countries import countries

from hub.views import StaffOnlyMixin
from partnerships import selectors
from partnerships.mixins import PartnershipMixin
from partnerships.models import Partnership
from partnerships.selectors import ActivityArea, ActivityCursor

PAGE_SIZE = 30

PERIODS = {
    "7": datetime.timedelta(days=7),
    "30": datetime.timedelta(days=30),
    "90": datetime.timedelta(days=90),
    "365": datetime.timedelta(days=365),
}


class ActivityFilterForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False)
    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("90", _("Last 90 days")),
            ("365", _("Last 12 months")),
        ],
    )

    def __init__(self, *args, areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.visible_areas = areas
        labels = dict(ActivityArea.choices)
        self.fields["area"].choices = [("", _("All areas"))] + [(a, labels[a]) for a in areas]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def value(self, name: str) -> str:
        if not self.is_valid():
            return ""
        return self.cleaned_data.get(name) or ""

    def areas(self) -> list[str]:
        area = self.value("area")
        return [area] if area else self.visible_areas

    def since(self) -> datetime.datetime | None:
        period = PERIODS.get(self.value("period"))
        return timezone.now() - period if period else None


class HubActivityFilterForm(ActivityFilterForm):
    partnership = forms.ChoiceField(label=_("Partnership"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    field_order = ["partnership", "country", "area", "period"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].choices = [
            ("", _("All partnerships")),
            *Partnership.objects.order_by("name").values_list("slug", "name"),
        ]
        self.fields["country"].choices = [("", _("Any country")), *countries]
        for name in ("partnership", "country"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"

    def partnerships(self):
        scope = Partnership.objects.all()
        if slug := self.value("partnership"):
            scope = scope.filter(slug=slug)
        if country := self.value("country"):
            scope = scope.filter(countries__contains=country)
        return scope


class ActivityPageMixin:
    form: ActivityFilterForm

    def feed_context(self, feed, form) -> dict:
        query = self.request.GET.copy()
        query.pop("before", None)
        return {
            "form": form,
            "activity": feed,
            "next_cursor": feed.next_cursor,
            "is_first_page": "before" not in self.request.GET,
            "query": query.urlencode(),
            "filtered": any(form.value(name) for name in form.fields),
        }


class PartnershipActivityView(ActivityPageMixin, PartnershipMixin, TemplateView):
    """Everything that changed in one partnership, for anyone who sees its workspace."""

    section = "workspace"
    template_name = "partnerships/activity.html"

    def get_context_data(self, **kwargs):
        form = ActivityFilterForm(
            self.request.GET or None,
            areas=selectors.activity_areas_for(self.request.user, self.partnership),
        )
        feed = selectors.partnership_activity(
            partnership=self.partnership,
            limit=PAGE_SIZE,
            areas=form.areas(),
            since=form.since(),
            before=ActivityCursor.parse(self.request.GET.get("before")),
        )
        return super().get_context_data(**self.feed_context(feed, form), **kwargs)


class HubActivityView(StaffOnlyMixin, ActivityPageMixin, TemplateView):
    """Recent changes across every partnership, for hub staff."""

    template_name = "partnerships/activity_hub.html"

    def get_context_data(self, **kwargs):
        form = HubActivityFilterForm(
            self.request.GET or None, areas=selectors.activity_areas_for(self.request.user)
        )
        feed = selectors.partnership_activity(
            partnerships=form.partnerships(),
            limit=PAGE_SIZE,
            areas=form.areas(),
            since=form.since(),
            before=ActivityCursor.parse(self.request.GET.get("before")),
        )
        return super().get_context_data(**self.feed_context(feed, form), **kwargs)
