from django.apps import apps
from pghistory.models import Event

from partnerships.tenancy import GLOBAL_MODELS, TenantModel

OUR_APPS = {"hub", "partnerships", "landscapes", "mel", "capacity", "finance"}


def _our_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and not issubclass(model, Event)
    ]


def test_every_model_is_tenant_owned_or_declared_global():
    undeclared = [
        model._meta.label
        for model in _our_models()
        if not issubclass(model, TenantModel) and model._meta.label not in GLOBAL_MODELS
    ]
    assert undeclared == [], (
        "These models neither inherit partnerships.tenancy.TenantModel nor appear in "
        f"GLOBAL_MODELS: {undeclared}"
    )


def test_global_list_names_only_existing_non_tenant_models():
    labels = {model._meta.label: model for model in _our_models()}
    stale = [label for label in GLOBAL_MODELS if label not in labels]
    contradictory = [
        label
        for label in GLOBAL_MODELS
        if label in labels and issubclass(labels[label], TenantModel)
    ]
    assert stale == [] and contradictory == []


def test_tenant_models_have_a_required_indexed_partnership():
    for model in _our_models():
        if issubclass(model, TenantModel):
            field = model._meta.get_field("partnership")
            assert not field.null, model._meta.label
            assert field.db_index, model._meta.label


def test_history_events_of_tenant_models_keep_the_partnership():
    for model in apps.get_models():
        if issubclass(model, Event) and model._meta.app_label in OUR_APPS:
            tracked = model.pgh_tracked_model
            if issubclass(tracked, TenantModel):
                assert "partnership" in {f.name for f in model._meta.fields}, model._meta.label
