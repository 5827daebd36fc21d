"""Admin for stories and library resources. Hub staff work in the review pages
(/stories/review/, /library/review/), which check uploads; here the workflow fields
and files are read-only, the text is sanitized on save and the bulk actions call the
services."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from hub.admin import CountryListFilter, ReadOnlyAdmin, ReadOnlyInline
from hub.services import ApplicationError
from landscapes import services_content
from landscapes.models import BoundaryVersion, Landscape, LandscapeGoal, Site, TaxonomyTerm
from landscapes.models_content import Resource, Story


def _run(modeladmin, request, queryset, service, done_message):
    done = 0
    for obj in queryset:
        try:
            service(obj, request.user)
            done += 1
        except (ApplicationError, PermissionDenied) as error:
            messages.warning(request, f"{obj}: {getattr(error, 'message', error) or error}")
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "partnership", "status", "language", "author", "published_at"]
    list_filter = ["status", "language", ("partnership", admin.EmptyFieldListFilter)]
    search_fields = ["title", "summary", "partnership__name"]
    list_select_related = ["partnership", "author"]
    filter_horizontal = ["landscapes"]
    readonly_fields = [
        "uuid", "partnership", "status", "author", "image", "submitted_at",
        "published_at", "published_by", "created_at", "updated_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"
    actions = ["publish", "unpublish"]

    def has_add_permission(self, request):
        return False  # write stories in /stories/review/new/ (uploads are checked there)

    def save_model(self, request, obj, form, change):
        obj.body = services_content.story_body_clean(obj.body)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected stories"))
    def publish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda story, user: services_content.story_publish(story=story, actor=user),
            _("%(count)d stories published."),
        )

    @admin.action(description=_("Unpublish the selected stories"))
    def unpublish(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda story, user: services_content.story_unpublish(story=story, actor=user),
            _("%(count)d stories unpublished."),
        )


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "partnership", "proposed_by", "published_at"]
    list_filter = ["status", "kind", ("partnership", admin.EmptyFieldListFilter)]
    search_fields = ["title", "description"]
    list_select_related = ["partnership", "proposed_by"]
    autocomplete_fields = ["partnerships"]
    filter_horizontal = ["landscapes"]
    readonly_fields = [
        "uuid", "partnership", "status", "file", "proposed_by", "decided_by", "decided_at",
        "decline_reason", "published_at", "created_at", "updated_at",
    ]  # fmt: skip
    date_hierarchy = "created_at"
    actions = ["approve"]

    def has_add_permission(self, request):
        return False  # add resources in /library/review/new/ (uploads are checked there)

    @admin.action(description=_("Approve and publish the selected proposals"))
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda resource, user: services_content.resource_approve(resource=resource, actor=user),
            _("%(count)d resources published."),
        )


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    """The hub's vocabularies (ecosystem types, livelihoods, commodities, ...), labelled in
    the four platform languages; a term in use is retired (not in use), not deleted."""

    list_display = ["label_en", "vocabulary", "key", "label_es", "label_fr", "label_pt"]
    list_display_links = ["label_en"]
    list_editable = ["label_es", "label_fr", "label_pt"]
    list_filter = ["vocabulary", "is_active"]
    search_fields = ["key", "label_en", "label_es", "label_fr", "label_pt"]
    ordering = ["vocabulary", "position", "label_en"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.landscapes.exists():
            return False
        return super().has_delete_permission(request, obj)


class LandscapeGoalInline(ReadOnlyInline):
    model = LandscapeGoal
    fields = ["title", "target_year", "position"]
    ordering = ["position"]


class SiteInline(ReadOnlyInline):
    model = Site
    fields = ["name", "kind", "geometry_kind", "area_ha"]


class BoundaryVersionInline(ReadOnlyInline):
    model = BoundaryVersion
    fields = ["set_at", "set_by", "kind", "area_ha", "source", "replaced_by"]
    ordering = ["-set_at"]
    verbose_name_plural = _("boundary history")


@admin.register(Landscape)
class LandscapeAdmin(ReadOnlyAdmin):
    """Leaders edit landscapes and boundaries in the workspace (uploads are checked
    there); staff see the profile, its goals, sites and boundary history."""

    list_display = ["name", "partnership", "country_names", "area_ha", "boundary_kind"]
    list_select_related = ["partnership"]
    list_filter = [CountryListFilter, "boundary_kind", "terms"]
    search_fields = ["name", "slug", "partnership__name"]
    exclude = ["boundary", "display_geometry"]
    inlines = [LandscapeGoalInline, SiteInline, BoundaryVersionInline]

    @admin.display(description=_("countries"))
    def country_names(self, obj: Landscape) -> str:
        return ", ".join(country.name for country in obj.countries)
