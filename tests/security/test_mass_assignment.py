"""No tenant, owner or workflow-status field is writable through a form or the API.

Every serializer of our API modules and every form of our apps is inspected: services set
these fields, from the URL, the signed-in person or a workflow action. A field that is
legitimately data (e.g. a funding source's pledged → committed status, typed by the
finance officer) is listed in ALLOWED with the reason.
"""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from rest_framework import serializers

APPS = ["hub", "partnerships", "landscapes", "mel", "capacity", "finance"]

# Set by services from the URL, the caller or a workflow action — never by input.
PROTECTED = {
    "partnership",
    "partnership_id",
    "created_by",
    "uploaded_by",
    "author",
    "owner",
    "shared_by",
    "revoked_at",
    "revoked_by",
    "approved_by",
    "approved_at",
    "approval",
    "submitted_by",
    "decided_by",
    "status_changed_by",
    "key_hash",
    "token_hash",
    "secret",
    "is_staff",
    "is_superuser",
    "from_funder",
    "published_at",
}
WORKFLOW_STATUS = {"status", "state"}

# (module.Class, field): why the input may set it.
_COHORT_PARTNERSHIP = (
    "a cohort runs for several partnerships: the trainer picks one of the cohort's "
    "partnerships, and the choices (form) or the service (API) refuse any other"
)
_ATTENDANCE = "present/absent/late is what the trainer observed, not an approval"
_ENROLLMENT = (
    "invited/enrolled/completed/dropped is recorded by the trainer; the service refuses "
    "impossible transitions"
)
_ACTION_OWNER = "the person responsible for the action item (data), not the row's owner"
_ACTION_STATUS = "open/in progress/done is what the governance body reports"
_STAGE = "the partnership's own record of where it stands in a process stage"
_FUNDING = (
    "pledged/committed/disbursed is the finance officer's record of the funder's promise, "
    "not an approval"
)
_BUDGET = "IATI budget status (indicative/committed) is a property of the budget figure"
_PARTNERSHIP_STATUS = (
    "forming/active/dormant describes the partnership (profile data); approval is separate "
    "and staff-only"
)
ALLOWED = {
    ("capacity.api.serializers.AttendanceInputSerializer", "status"): _ATTENDANCE,
    ("capacity.forms.AttendanceForm", "status"): _ATTENDANCE,
    ("capacity.api.serializers.EnrollmentCreateSerializer", "partnership"): _COHORT_PARTNERSHIP,
    ("capacity.forms.ParticipantForm", "partnership"): _COHORT_PARTNERSHIP,
    ("capacity.api.serializers.EnrollmentCreateSerializer", "status"): _ENROLLMENT,
    ("capacity.api.serializers.EnrollmentUpdateSerializer", "status"): _ENROLLMENT,
    ("capacity.forms.EnrollmentStatusForm", "status"): _ENROLLMENT,
    ("capacity.forms.ParticipantForm", "status"): _ENROLLMENT,
    ("partnerships.api.governance.ActionItemSerializer", "owner"): _ACTION_OWNER,
    ("partnerships.forms.governance.ActionItemForm", "owner"): _ACTION_OWNER,
    ("partnerships.api.governance.ActionItemSerializer", "status"): _ACTION_STATUS,
    ("partnerships.forms.governance.ActionItemForm", "status"): _ACTION_STATUS,
    ("partnerships.forms.governance.ActionStatusForm", "status"): _ACTION_STATUS,
    ("partnerships.api.process.StageProgressSerializer", "status"): _STAGE,
    ("partnerships.forms.process.StageProgressForm", "status"): _STAGE,
    ("partnerships.api.core.PartnershipUpdateSerializer", "status"): _PARTNERSHIP_STATUS,
    ("partnerships.forms.profile.PartnershipProfileForm", "status"): _PARTNERSHIP_STATUS,
    ("finance.api.serializers.FundingSourceSerializer", "status"): _FUNDING,
    ("finance.forms.FundingSourceForm", "status"): _FUNDING,
    ("finance.api.serializers.BudgetSerializer", "status"): _BUDGET,
    ("finance.forms.BudgetForm", "status"): _BUDGET,
    ("hub.api.serializers.ErrorBodySerializer", "status"): "describes error responses only",
    ("finance.forms.ProposalForm", "owner"): (
        "the hub staff member who leads the proposal and gets its reminders (data chosen by "
        "hub staff on a staff-only page), not the row's creator"
    ),
    ("finance.forms.ProspectForm", "status"): (
        "active/archived says whether hub staff still pursue the donor (staff-only page); "
        "the proposal status moves only through the transition service"
    ),
}


def _modules(suffixes):
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if any(part in info.name.split(".") for part in suffixes) or info.name.endswith(
                tuple(f".{s}" for s in suffixes)
            ):
                if ".migrations" in info.name or ".tests" in info.name:
                    continue
                yield importlib.import_module(info.name)


def _classes(base, suffixes):
    seen = {}
    for module in _modules(suffixes):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, base) and cls.__module__ == module.__name__:
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return seen


def _writable_serializer_fields(cls) -> set[str]:
    try:
        fields = cls(context={}).fields
    except Exception:  # serializers that need a request in their context
        meta = getattr(cls, "Meta", None)
        names = set(cls._declared_fields)
        if meta is not None and isinstance(getattr(meta, "fields", None), list | tuple):
            names |= set(meta.fields)
        read_only = set(getattr(meta, "read_only_fields", ()) or ())
        return {
            n
            for n in names - read_only
            if not getattr(cls._declared_fields.get(n), "read_only", False)
        }
    return {name for name, field in fields.items() if not field.read_only}


def _form_fields(cls) -> set[str]:
    return set(getattr(cls, "base_fields", {}))


SERIALIZERS = _classes(serializers.BaseSerializer, ["api", "serializers"])
FORMS = _classes(forms.BaseForm, ["forms"])


def _offenders(classes, fields_of):
    found = []
    for dotted, cls in sorted(classes.items()):
        for field in sorted(fields_of(cls) & (PROTECTED | WORKFLOW_STATUS)):
            if (dotted, field) not in ALLOWED:
                found.append(f"{dotted}.{field}")
    return found


def test_our_serializers_and_forms_are_found():
    assert len(SERIALIZERS) > 20
    assert len(FORMS) > 20


@pytest.mark.django_db
def test_no_serializer_accepts_a_tenant_owner_or_status_field():
    assert _offenders(SERIALIZERS, _writable_serializer_fields) == []


@pytest.mark.django_db
def test_no_form_accepts_a_tenant_owner_or_status_field():
    assert _offenders(FORMS, _form_fields) == []


def test_every_exception_names_a_class_that_exists():
    known = set(SERIALIZERS) | set(FORMS)
    assert {dotted for dotted, _field in ALLOWED} <= known
