import json

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries
from django_countries.fields import LazyTypedMultipleChoiceField

from landscapes.geo.parsers import MAX_UPLOAD_BYTES
from landscapes.models import AreaType, Landscape, LandscapeGoal, Site, TaxonomyTerm

VOCABULARY_FIELDS = {
    "ecosystem_types": TaxonomyTerm.Vocabulary.ECOSYSTEM_TYPE,
    "livelihoods": TaxonomyTerm.Vocabulary.LIVELIHOOD,
    "commodities": TaxonomyTerm.Vocabulary.COMMODITY,
    "production_methods": TaxonomyTerm.Vocabulary.PRODUCTION_METHOD,
    "languages": TaxonomyTerm.Vocabulary.LANGUAGE,
}


class TermChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: TaxonomyTerm) -> str:
        return obj.label


class LandscapeForm(forms.ModelForm):
    """The profile of a landscape; the view passes the cleaned data to the services."""

    countries = LazyTypedMultipleChoiceField(
        choices=all_countries, required=False, label=_("Countries"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    area_types = forms.MultipleChoiceField(
        choices=AreaType.choices,
        required=False,
        label=_("Area types"),
        widget=forms.CheckboxSelectMultiple,
    )
    ecosystem_types = TermChoiceField(TaxonomyTerm.objects.none(), required=False,
                                      label=_("Ecosystem types"))  # fmt: skip
    livelihoods = TermChoiceField(TaxonomyTerm.objects.none(), required=False,
                                  label=_("Livelihoods"))  # fmt: skip
    commodities = TermChoiceField(TaxonomyTerm.objects.none(), required=False,
                                  label=_("Commodities"))  # fmt: skip
    production_methods = TermChoiceField(TaxonomyTerm.objects.none(), required=False,
                                         label=_("Production methods"))  # fmt: skip
    languages = TermChoiceField(TaxonomyTerm.objects.none(), required=False,
                                label=_("Languages"))  # fmt: skip
    remove_image = forms.BooleanField(required=False, label=_("Remove the image"))

    class Meta:
        model = Landscape
        fields = [
            "name", "slug", "description", "countries", "area_types", "population", "website",
            "image", "image_alt", "objectives", "problem_situation", "opportunities",
            "intervention_strategy",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "objectives": forms.Textarea(attrs={"rows": 4}),
            "problem_situation": forms.Textarea(attrs={"rows": 4}),
            "opportunities": forms.Textarea(attrs={"rows": 4}),
            "intervention_strategy": forms.Textarea(attrs={"rows": 4}),
            "image": forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"}),
        }
        help_texts = {
            "slug": _("Used in links; letters, digits and hyphens. Left empty, it is made from the name."),
            "description": _("Plain text; a blank line starts a new paragraph."),
            "image_alt": _("Required with an image: what the image shows."),
        }  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["image"].widget = forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg,.webp"})
        terms = list(TaxonomyTerm.objects.filter(is_active=True))
        chosen = (
            set(self.instance.terms.values_list("pk", flat=True)) if self.instance.pk else set()
        )
        for name, vocabulary in VOCABULARY_FIELDS.items():
            field = self.fields[name]
            field.queryset = TaxonomyTerm.objects.filter(vocabulary=vocabulary, is_active=True)
            if self.instance.pk:
                self.initial.setdefault(
                    name, [t.pk for t in terms if t.vocabulary == vocabulary and t.pk in chosen]
                )
        if not self.instance.pk or not self.instance.image:
            del self.fields["remove_image"]

    def clean(self):
        data = super().clean()
        has_image = data.get("image") or (
            self.instance.pk and self.instance.image and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def _post_clean(self):
        # The service validates the model; the form only checks its own fields.
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            key: data[key]
            for key in ["name", "slug", "description", "countries", "area_types", "population",
                        "website", "image_alt", "objectives", "problem_situation",
                        "opportunities", "intervention_strategy"]
        }  # fmt: skip
        kwargs["terms"] = [term for name in VOCABULARY_FIELDS for term in data.get(name) or []]
        if data.get("image"):
            kwargs["image"] = data["image"]
        elif data.get("remove_image"):
            kwargs["image"] = False
        return kwargs


class GeoJSONField(forms.CharField):
    """A GeoJSON geometry posted by the map (a hidden field)."""

    default_error_messages = {"invalid": _("The map sent an unreadable shape; draw it again.")}

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            geometry = json.loads(value)
        except ValueError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "FeatureCollection":
            features = geometry.get("features") or []
            geometry = features[0].get("geometry") if len(features) == 1 else None
        if not isinstance(geometry, dict) or "type" not in geometry:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return geometry


class BoundaryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Boundary file"),
        help_text=_("GeoJSON, KML, KMZ, a zipped Shapefile (with its .prj) or GPX; at most 20 MB."),
        widget=forms.FileInput(attrs={"accept": ".geojson,.json,.kml,.kmz,.zip,.gpx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)d MB.") % {"size": MAX_UPLOAD_BYTES // 2**20}
            )
        return file


class BoundaryDrawForm(forms.Form):
    geometry = GeoJSONField(widget=forms.HiddenInput, error_messages={
        "required": _("Draw the boundary on the map first."),
    })  # fmt: skip


class BoundaryPointForm(forms.Form):
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)


class SiteForm(forms.ModelForm):
    geometry = GeoJSONField(
        widget=forms.HiddenInput,
        required=False,
        label=_("Place on the map"),
    )
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180, required=False)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90, required=False)

    class Meta:
        model = Site
        fields = ["name", "kind", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        site = self.instance
        if site.pk and not self.is_bound:
            self.initial["geometry"] = json.dumps(site.geometry)
            if site.geometry_kind == "point":
                self.initial["lon"], self.initial["lat"] = site.geometry["coordinates"]

    def clean(self):
        data = super().clean()
        geometry = data.get("geometry")
        lon, lat = data.get("lon"), data.get("lat")
        if geometry and geometry.get("type") == "Point" and lon is not None and lat is not None:
            geometry = None  # the typed coordinates win over the marker
        if geometry is None and lon is not None and lat is not None:
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        if geometry is None and not self.errors:
            self.add_error(
                "geometry", _("Place the site on the map, or type its longitude and latitude.")
            )
        data["geometry"] = geometry
        return data

    def _post_clean(self):
        pass

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": data["description"],
            "geometry": data["geometry"],
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = LandscapeGoal
        fields = ["title", "description", "target_year", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        pass
