"""Pages of the landscapes app: a partnership's landscapes (under /p/<slug>/landscapes/)
and the public directory, embeddable map and exports (under /landscapes/)."""

from __future__ import annotations

import csv
import json
import os

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import FormView, TemplateView

from hub.services import ApplicationError
from landscapes import exports, selectors, services
from landscapes.forms import (
    BoundaryDrawForm,
    BoundaryPointForm,
    BoundaryUploadForm,
    GoalForm,
    LandscapeForm,
    SiteForm,
)
from landscapes.geo.errors import BoundaryError
from landscapes.geo.parsers import parse_boundary_file
from landscapes.models import Landscape, LandscapeGoal, Site, TaxonomyTerm
from partnerships.mixins import PartnershipMixin
from partnerships.roles import PartnershipPerm

EDIT = PartnershipPerm.EDIT_CONTENT

UPLOAD_SOURCES = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".zip": "shapefile",
    ".gpx": "gpx",
}


def map_settings() -> dict:
    return {
        "tiles": getattr(
            settings, "LANDSCAPES_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        ),
        "attribution": getattr(
            settings,
            "LANDSCAPES_TILE_ATTRIBUTION",
            '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        ),
    }


def apply_service_error(form, error: ApplicationError, default_field: str | None = None) -> None:
    field = error.field if error.field in form.fields else default_field
    form.add_error(field if field in form.fields else None, error.message)


def site_feature(site: Site) -> dict:
    return {
        "type": "Feature",
        "id": str(site.uuid),
        "geometry": site.display_geometry or site.geometry,
        "properties": {"name": site.name, "kind": site.get_kind_display()},
    }


class LandscapeMixin(PartnershipMixin):
    """Resolves ``self.landscape`` from <landscape_slug> inside the partnership (404
    for another partnership's landscape)."""

    section = "landscapes"

    def get_landscape(self) -> Landscape:
        if not hasattr(self, "_landscape"):
            landscape = selectors.landscape_get(
                partnership=self.partnership, slug=self.kwargs["landscape_slug"]
            )
            if landscape is None:
                raise Http404
            self._landscape = landscape
        return self._landscape

    @property
    def landscape(self) -> Landscape:
        return self.get_landscape()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            landscape=self.landscape,
            can_edit=self.has_perm(EDIT),
            map_settings=map_settings(),
        )
        return context


# --- a partnership's landscapes -------------------------------------------------------


class LandscapeListView(PartnershipMixin, TemplateView):
    required_perm = None
    section = "landscapes"
    template_name = "landscapes/landscape_list.html"

    def get_context_data(self, **kwargs):
        landscapes = list(selectors.landscape_list(partnership=self.partnership))
        shapes = dict(
            Landscape.objects.for_partnership(self.partnership).values_list(
                "pk", "display_geometry"
            )
        )
        features = [
            {
                "type": "Feature",
                "id": str(landscape.uuid),
                "geometry": shapes.get(landscape.pk),
                "properties": {
                    "name": landscape.name,
                    "url": reverse(
                        "landscapes:landscape-detail", args=[self.partnership.slug, landscape.slug]
                    ),
                },
            }
            for landscape in landscapes
            if shapes.get(landscape.pk)
        ]
        return super().get_context_data(
            landscapes=landscapes,
            can_edit=self.has_perm(EDIT),
            map_data={"type": "FeatureCollection", "features": features},
            map_settings=map_settings(),
            **kwargs,
        )


class LandscapeCreateView(PartnershipMixin, FormView):
    required_perm = EDIT
    section = "landscapes"
    form_class = LandscapeForm
    template_name = "landscapes/landscape_form.html"

    def form_valid(self, form):
        try:
            landscape = services.landscape_create(
                partnership=self.partnership, **form.service_kwargs()
            )
        except ApplicationError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The landscape was created. Now draw or upload its boundary.")
        )
        return redirect("landscapes:boundary", self.partnership.slug, landscape.slug)


class LandscapeDetailView(LandscapeMixin, TemplateView):
    required_perm = None
    template_name = "landscapes/landscape_detail.html"

    def get_context_data(self, **kwargs):
        landscape = self.landscape
        sites = list(landscape.sites.all())
        terms = {}
        for term in landscape.terms.all():
            terms.setdefault(term.vocabulary, []).append(term)
        vocabularies = [
            (label, terms[value])
            for value, label in TaxonomyTerm.Vocabulary.choices
            if value in terms
        ]
        map_data = {
            "boundary": landscape.display_geometry or landscape.boundary,
            "sites": {"type": "FeatureCollection", "features": [site_feature(s) for s in sites]},
        }
        return super().get_context_data(
            sites=sites,
            goals=list(landscape.goals.all()),
            vocabularies=vocabularies,
            map_data=map_data,
            **kwargs,
        )


class LandscapeEditView(LandscapeMixin, FormView):
    required_perm = EDIT
    form_class = LandscapeForm
    template_name = "landscapes/landscape_form.html"

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.landscape}

    def form_valid(self, form):
        try:
            landscape = services.landscape_update(landscape=self.landscape, **form.service_kwargs())
        except ApplicationError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The landscape was saved."))
        return redirect("landscapes:landscape-detail", self.partnership.slug, landscape.slug)


class LandscapeDeleteView(LandscapeMixin, TemplateView):
    required_perm = EDIT
    template_name = "landscapes/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object_label=self.landscape.name,
            cancel_url=reverse(
                "landscapes:landscape-detail", args=[self.partnership.slug, self.landscape.slug]
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        name = self.landscape.name
        services.landscape_delete(landscape=self.landscape)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect("landscapes:landscape-list", self.partnership.slug)


class BoundaryView(LandscapeMixin, TemplateView):
    """Upload a file, draw the polygon, or drop a point; the history of boundaries."""

    required_perm = EDIT
    template_name = "landscapes/boundary.html"

    def get_context_data(self, **kwargs):
        landscape = self.landscape
        overlaps = kwargs.pop("overlaps", None)
        if overlaps is None:
            overlaps = selectors.landscape_overlaps(landscape=landscape)
        kwargs.setdefault("upload_form", BoundaryUploadForm())
        kwargs.setdefault("draw_form", BoundaryDrawForm())
        initial = {"lon": landscape.centroid_lon, "lat": landscape.centroid_lat}
        kwargs.setdefault("point_form", BoundaryPointForm(initial=initial))
        map_data = {
            "boundary": landscape.boundary,
            "overlaps": [
                {
                    "type": "Feature",
                    "geometry": o.geometry,
                    "properties": {"name": o.landscape.name},
                }
                for o in overlaps
            ],
            "sites": {
                "type": "FeatureCollection",
                "features": [site_feature(s) for s in landscape.sites.all()],
            },
        }
        return super().get_context_data(
            overlaps=overlaps,
            versions=selectors.boundary_versions(landscape=landscape),
            map_data=map_data,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        handler = {
            "upload": self._upload,
            "draw": self._draw,
            "point": self._point,
            "clear": self._clear,
            "restore": self._restore,
        }.get(action)
        if handler is None:
            messages.error(request, _("Choose how to set the boundary."))
            return self.render_to_response(self.get_context_data(), status=400)
        return handler(request)

    def _done(self, result: services.BoundaryResult):
        messages.success(
            self.request,
            _("The boundary was saved: %(area)s ha.") % {"area": f"{result.landscape.area_ha:,.0f}"}
            if result.landscape.area_ha is not None
            else _("The location was saved."),
        )
        for warning in result.warnings:
            messages.warning(self.request, warning)
        return redirect("landscapes:boundary", self.partnership.slug, self.landscape.slug)

    def _upload(self, request):
        form = BoundaryUploadForm(request.POST, request.FILES)
        if form.is_valid():
            file = form.cleaned_data["file"]
            extension = os.path.splitext(file.name or "")[1].lower()
            try:
                geometry = parse_boundary_file(name=file.name, data=file, size=file.size)
                result = services.landscape_set_boundary(
                    landscape=self.landscape,
                    geometry=geometry,
                    source=UPLOAD_SOURCES.get(extension, "geojson"),
                    actor=request.user,
                )
            except BoundaryError as error:
                form.add_error("file", getattr(error, "message", None) or str(error))
            except ApplicationError as error:
                form.add_error("file", error.message)
            else:
                return self._done(result)
        return self.render_to_response(self.get_context_data(upload_form=form), status=400)

    def _draw(self, request):
        form = BoundaryDrawForm(request.POST)
        if form.is_valid():
            try:
                result = services.landscape_set_boundary(
                    landscape=self.landscape,
                    geometry=form.cleaned_data["geometry"],
                    source="drawn",
                    actor=request.user,
                )
            except ApplicationError as error:
                form.add_error("geometry", error.message)
            else:
                return self._done(result)
        return self.render_to_response(self.get_context_data(draw_form=form), status=400)

    def _point(self, request):
        form = BoundaryPointForm(request.POST)
        if form.is_valid():
            try:
                result = services.landscape_set_point(
                    landscape=self.landscape,
                    lon=form.cleaned_data["lon"],
                    lat=form.cleaned_data["lat"],
                    actor=request.user,
                )
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                return self._done(result)
        return self.render_to_response(self.get_context_data(point_form=form), status=400)

    def _clear(self, request):
        services.landscape_clear_boundary(landscape=self.landscape, actor=request.user)
        messages.success(request, _("The boundary was removed; it is kept in the history."))
        return redirect("landscapes:boundary", self.partnership.slug, self.landscape.slug)

    def _restore(self, request):
        version = (
            selectors.boundary_versions(landscape=self.landscape)
            .defer(None)
            .filter(uuid=request.POST.get("version") or None)
            .first()
            if _is_uuid(request.POST.get("version"))
            else None
        )
        if version is None:
            messages.error(request, _("That earlier boundary was not found."))
            return self.render_to_response(self.get_context_data(), status=400)
        try:
            result = services.landscape_set_boundary(
                landscape=self.landscape,
                geometry=version.geometry,
                source=version.source or "drawn",
                actor=request.user,
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(), status=400)
        return self._done(result)


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


# --- sites and goals ------------------------------------------------------------------


class SiteFormView(LandscapeMixin, FormView):
    required_perm = EDIT
    form_class = SiteForm
    template_name = "landscapes/site_form.html"
    site: Site | None = None

    def get_site(self) -> Site | None:
        return None

    def get_form_kwargs(self):
        self.site = self.get_site()
        kwargs = super().get_form_kwargs()
        if self.site is not None:
            kwargs["instance"] = self.site
        return kwargs

    def get_context_data(self, **kwargs):
        landscape = self.landscape
        others = [s for s in landscape.sites.all() if self.site is None or s.pk != self.site.pk]
        return super().get_context_data(
            site=self.site,
            map_data={
                "boundary": landscape.display_geometry or landscape.boundary,
                "sites": {
                    "type": "FeatureCollection",
                    "features": [site_feature(s) for s in others],
                },
            },
            **kwargs,
        )

    def form_valid(self, form):
        try:
            if self.site is None:
                services.site_create(landscape=self.landscape, **form.service_kwargs())
            else:
                services.site_update(site=self.site, **form.service_kwargs())
        except ApplicationError as error:
            apply_service_error(form, error, default_field="geometry")
            return self.form_invalid(form)
        messages.success(self.request, _("The site was saved."))
        return redirect("landscapes:landscape-detail", self.partnership.slug, self.landscape.slug)


class SiteCreateView(SiteFormView):
    pass


class SiteEditView(SiteFormView):
    def get_site(self) -> Site:
        return self.get_tenant_object(
            Site.objects.filter(landscape=self.landscape), uuid=self.kwargs["site_uuid"]
        )


class SiteDeleteView(LandscapeMixin, TemplateView):
    required_perm = EDIT
    template_name = "landscapes/confirm_delete.html"

    def get_site(self) -> Site:
        return self.get_tenant_object(
            Site.objects.filter(landscape=self.landscape), uuid=self.kwargs["site_uuid"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object_label=self.get_site().name,
            cancel_url=reverse(
                "landscapes:landscape-detail", args=[self.partnership.slug, self.landscape.slug]
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        services.site_delete(site=self.get_site())
        messages.success(request, _("The site was deleted."))
        return redirect("landscapes:landscape-detail", self.partnership.slug, self.landscape.slug)


class GoalFormView(LandscapeMixin, FormView):
    required_perm = EDIT
    form_class = GoalForm
    template_name = "landscapes/goal_form.html"
    goal: LandscapeGoal | None = None

    def get_goal(self) -> LandscapeGoal | None:
        return None

    def get_form_kwargs(self):
        self.goal = self.get_goal()
        kwargs = super().get_form_kwargs()
        if self.goal is not None:
            kwargs["instance"] = self.goal
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(goal=self.goal, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        values = {
            "title": data["title"],
            "description": data["description"],
            "target_year": data["target_year"],
            "position": data["position"] or 0,
        }
        try:
            if self.goal is None:
                services.goal_create(landscape=self.landscape, **values)
            else:
                services.goal_update(goal=self.goal, **values)
        except ApplicationError as error:
            apply_service_error(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("The goal was saved."))
        return redirect("landscapes:landscape-detail", self.partnership.slug, self.landscape.slug)


class GoalCreateView(GoalFormView):
    pass


class GoalEditView(GoalFormView):
    def get_goal(self) -> LandscapeGoal:
        return self.get_tenant_object(
            LandscapeGoal.objects.filter(landscape=self.landscape), uuid=self.kwargs["goal_uuid"]
        )


class GoalDeleteView(LandscapeMixin, TemplateView):
    required_perm = EDIT
    template_name = "landscapes/confirm_delete.html"

    def get_goal(self) -> LandscapeGoal:
        return self.get_tenant_object(
            LandscapeGoal.objects.filter(landscape=self.landscape), uuid=self.kwargs["goal_uuid"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object_label=self.get_goal().title,
            cancel_url=reverse(
                "landscapes:landscape-detail", args=[self.partnership.slug, self.landscape.slug]
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        services.goal_delete(goal=self.get_goal())
        messages.success(request, _("The goal was deleted."))
        return redirect("landscapes:landscape-detail", self.partnership.slug, self.landscape.slug)


# --- exports of one landscape ---------------------------------------------------------


class LandscapeExportJsonView(LandscapeMixin, View):
    required_perm = None

    def get(self, request, *args, **kwargs):
        response = JsonResponse(
            exports.landscape_profile(self.landscape, request=request),
            json_dumps_params={"ensure_ascii": False, "indent": 2},
        )
        response["Content-Disposition"] = f'attachment; filename="{self.landscape.slug}.json"'
        return response


class LandscapeExportGeoJsonView(LandscapeMixin, View):
    required_perm = None

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            json.dumps(exports.landscape_feature_collection(self.landscape, request=request),
                       ensure_ascii=False),
            content_type="application/geo+json",
        )  # fmt: skip
        response["Content-Disposition"] = f'attachment; filename="{self.landscape.slug}.geojson"'
        return response


# --- the public directory -------------------------------------------------------------


def directory_filters(request) -> selectors.DirectoryFilters:
    get = request.GET
    return selectors.DirectoryFilters(
        q=(get.get("q") or "").strip()[:200],
        country=(get.get("country") or "").strip()[:2],
        ecosystem=(get.get("ecosystem") or "").strip()[:60],
        commodity=(get.get("commodity") or "").strip()[:60],
        partnership=(get.get("partnership") or "").strip()[:80],
    )


class DirectoryView(TemplateView):
    """All public landscapes: a clustered map and a list, search and filters."""

    template_name = "landscapes/directory.html"
    paginate_by = 24

    def get_context_data(self, **kwargs):
        filters = directory_filters(self.request)
        paginator = Paginator(selectors.directory_landscapes(filters=filters), self.paginate_by)
        page = paginator.get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        params.pop("view", None)
        embed_url = self.request.build_absolute_uri(reverse("landscapes-public:embed"))
        return super().get_context_data(
            filters=filters,
            options=selectors.directory_filter_options(),
            page_obj=page,
            landscapes=page.object_list,
            points=selectors.directory_map_points(filters=filters),
            query_string=params.urlencode(),
            view=self.request.GET.get("view") if self.request.GET.get("view") == "list" else "map",
            map_settings=map_settings(),
            embed_url=embed_url,
            **kwargs,
        )


class DirectoryShapesView(View):
    """Simplified outlines of the public landscapes inside ?bbox= (the map asks when
    zoomed in)."""

    def get(self, request):
        try:
            bbox = exports.parse_bbox(request.GET.get("bbox", ""))
        except ValueError as error:
            return JsonResponse({"error": str(error)}, status=400)
        features = selectors.directory_shapes(filters=directory_filters(request), bbox=bbox)
        return JsonResponse({"type": "FeatureCollection", "features": features})


class DirectoryCsvView(View):
    def get(self, request):
        filters = directory_filters(request)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="landscapes.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        for row in exports.directory_rows(
            selectors.directory_landscapes(filters=filters), request=request
        ):
            writer.writerow(row)
        return response


@method_decorator(xframe_options_exempt, name="dispatch")
@method_decorator(csp_replace({"frame-ancestors": ["*"]}), name="dispatch")
class EmbedView(TemplateView):
    """A map of public landscapes for partner websites' iframes."""

    template_name = "landscapes/embed.html"

    def get_context_data(self, **kwargs):
        filters = selectors.DirectoryFilters(
            partnership=(self.request.GET.get("partnership") or "").strip()[:80]
        )
        return super().get_context_data(
            points=selectors.directory_map_points(filters=filters),
            filters=filters,
            map_settings=map_settings(),
            directory_url=self.request.build_absolute_uri(reverse("landscapes-public:directory")),
            **kwargs,
        )
