"""A Python client generated from the published schema (openapi-python-client) drives
every resource of the API against a live server: the schema must describe the API
exactly (ADR 0011).

The resources come from the schema itself, so a new endpoint is exercised (or fails
here) without changing this file:

- a collection (``GET`` list) with ``POST`` and a detail address with ``PATCH``/``PUT``/
  ``DELETE``: list, create (with an Idempotency-Key, retried once), retrieve, update
  (with the ETag in If-Match), delete; each checked in the database;
- a collection with ``POST`` only (no writable detail): create and list;
- a read-only collection: list and, when it has rows, retrieve one;
- a singleton (``GET`` + ``PATCH`` without a list): retrieve and update.

Create bodies are generated from the request schema (required fields only); a field
that names another row, or whose value must satisfy a domain rule, gets its value from
the small tables ``REFERENCES`` / ``BODY`` below. The client is generated with
``literal_enums: true`` (time-zone names such as ``GMT+0``/``GMT-0`` collide as Python
enum member names).
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import typing
import uuid
from pathlib import Path

import pytest
import yaml
from django.apps import apps
from django.core.management import call_command
from django.urls import resolve

from partnerships.models import ApiKey, Partnership
from partnerships.roles import Role
from tests.hub.factories import OrganizationFactory
from tests.landscapes.factories import LandscapeFactory
from tests.partnerships.factories import MembershipFactory
from tests.partnerships.factories_api import ApiKeyFactory

PACKAGE = "hub_generated_client"
GENERATOR = Path(sys.executable).parent / "openapi-python-client"
CHANGED = "Changed by the generated client"
SKIP = object()


def _mel(name):
    return importlib.import_module("tests.mel.factories").__dict__[name]


def _finance(name):
    return importlib.import_module("tests.finance.factories").__dict__[name]


def _capacity(name):
    return importlib.import_module("tests.capacity.factories").__dict__[name]


# Fields that name another row (or need a valid code), by field name: f(partnership).
REFERENCES = {
    "landscape": lambda p: str(LandscapeFactory(partnership=p).uuid),
    "organization": lambda p: str(OrganizationFactory().uuid),
    "funder": lambda p: str(OrganizationFactory().uuid),
    "investment": lambda p: str(_finance("InvestmentFactory")(partnership=p).uuid),
    "result": lambda p: str(_mel("ResultFactory")(framework__partnership=p).uuid),
    "indicator": lambda p: str(_mel("IndicatorFactory")(result__framework__partnership=p).uuid),
    "currency": lambda p: "USD",
    "geometry": lambda p: {"type": "Point", "coordinates": [36.82, -1.29]},
}
# Per collection (path after /api/v1/, as in the schema): fields to set on create,
# f(partnership, path parameters).
P = "partnerships/{partnership_slug}/"
BODY = {
    f"{P}mel/results/": {
        "framework": lambda p, kw: str(_mel("FrameworkFactory")(partnership=p).uuid),
    },
    f"{P}mel/indicators/": {"code": lambda p, kw: "GEN-1.1"},
    f"{P}mel/measurements/": {"value": lambda p, kw: "12"},
    f"{P}finance/budgets/": {"period_end": lambda p, kw: "2026-12-31"},
    f"{P}finance/shares/": {
        "funder": lambda p, kw: str(_finance("FunderStaffFactory")().organization.uuid),
    },
    f"{P}capacity/assessments/": {
        "framework": lambda p, kw: str(_competency(kw).framework.uuid),
        "scores": lambda p, kw: [{"competency": str(_competency(kw).uuid), "score": 3}],
    },
    f"{P}process/": {
        "stage": lambda p, kw: (
            apps.get_model("partnerships", "ProcessStage")
            .objects.get_or_create(
                key="generated-client", defaults={"name": "Generated", "order": 99}
            )[0]
            .key
        ),
    },
    "capacity/cohorts/{cohort_uuid}/enrollments/": {
        "partnership": lambda p, kw: p.slug,
        "consent_version": lambda p, kw: _capacity("ConsentTextFactory")().version,
    },
    "capacity/cohorts/{cohort_uuid}/sessions/{session_uuid}/attendance/": {
        "enrollment": lambda p, kw: str(
            _capacity("EnrollmentFactory")(
                cohort=apps.get_model("capacity", "Cohort").objects.get(uuid=kw["cohort_uuid"]),
                partnership=p,
            ).uuid
        ),
    },
}


def _competency(kw):
    """One competency per create body (both fields of the assessment name it)."""
    if "competency" not in kw:
        kw["competency"] = _capacity("CompetencyFactory")()
    return kw["competency"]


# Resources an API key cannot use, by design (they need a person's session): the client
# drives them with a session in test_the_generated_client_drives_the_session_only_endpoints.
SESSION_ONLY = {
    "/api/v1/funder/investments/": "funder reviewers of a shared portfolio (session)",
    "/api/v1/funder/reviews/": "funder reviewers of a shared portfolio (session)",
    "/api/v1/capacity/cohorts/{cohort_uuid}/sessions/{session_uuid}/attendance/": (
        "trainers of the cohort record attendance (guardian grant on the cohort)"
    ),
}

# Path parameters: f(partnership, the parameters filled so far).
PATH_PARAMS = {
    "partnership_slug": lambda p, filled: p.slug,
    "cohort_uuid": lambda p, filled: str(_capacity("CohortFactory")(partnerships=[p]).uuid),
    "session_uuid": lambda p, filled: str(
        _capacity("SessionFactory")(
            cohort=apps.get_model("capacity", "Cohort").objects.get(uuid=filled["cohort_uuid"])
        ).uuid
    ),
}


# --- the schema and the client -------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """(schema dict, client package) generated from the live schema, once."""
    root = tmp_path_factory.mktemp("client")
    schema_file = root / "schema.yml"
    call_command("spectacular", "--file", str(schema_file), "--validate", "--fail-on-warn")
    config = root / "config.yml"
    config.write_text("literal_enums: true\n")
    result = subprocess.run(
        [str(GENERATOR), "generate", "--path", str(schema_file), "--meta", "none",
         "--output-path", str(root / PACKAGE), "--config", str(config)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    problems = [
        line for line in (result.stdout + result.stderr).splitlines()
        if line.startswith(("WARNING", "Unable to", "Error"))
    ]  # fmt: skip
    assert result.returncode == 0 and not problems, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(PACKAGE)
        yield yaml.safe_load(schema_file.read_text()), package
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def _snake(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", value.lower()).strip("_")


class Api:
    def __init__(self, schema, package, client):
        self.schema, self.package, self.client = schema, package, client
        self.root = Path(package.__file__).parent

    def resolve_schema(self, node):
        while "$ref" in node:
            node = self.schema["components"]["schemas"][node["$ref"].split("/")[-1]]
        if "allOf" in node and len(node["allOf"]) == 1:
            return {**self.resolve_schema(node["allOf"][0]),
                    **{k: v for k, v in node.items() if k != "allOf"}}  # fmt: skip
        return node

    def operation(self, path, method):
        return self.schema["paths"][path][method]

    def call(self, path, method, params, body=None, **headers):
        """Call the generated function of this operation; returns its Response."""
        op_id = _snake(self.operation(path, method)["operationId"])
        (module_file,) = self.root.glob(f"api/*/{op_id}.py")
        module = importlib.import_module(
            f"{PACKAGE}.api.{module_file.parent.name}.{module_file.stem}"
        )
        kwargs = {_snake(k): v for k, v in params.items()} | headers
        if body is not None:
            hints = typing.get_type_hints(module.sync_detailed)
            model = next(
                t
                for t in typing.get_args(hints["body"]) or (hints["body"],)
                if hasattr(t, "from_dict")
            )
            kwargs["body"] = model.from_dict(body)
        return module.sync_detailed(client=self.client, **kwargs)

    def request_schema(self, path, method):
        content = self.operation(path, method)["requestBody"]["content"]
        return self.resolve_schema(content["application/json"]["schema"])


def _sample(name: str, prop: dict, partnership, n: int):
    if name in REFERENCES:
        return REFERENCES[name](partnership)
    if "enum" in prop:
        return next(v for v in prop["enum"] if v not in (None, ""))
    kind, fmt = prop.get("type"), prop.get("format", "")
    if kind == "string":
        if fmt == "date":
            return "2026-01-01"
        if fmt == "date-time":
            return "2026-01-05T10:00:00Z"
        if fmt == "decimal":
            return "100.00"
        if fmt == "email":
            return f"gen{n}@example.org"
        if fmt == "uri":
            return f"https://example.org/{n}"
        if fmt == "uuid":
            raise LookupError(f"no REFERENCES entry for the uuid field {name!r}")
        if "pattern" in prop:
            return f"GEN-{n}"
        return f"Generated {name} {n}"[: prop.get("maxLength", 200)]
    if kind == "integer":
        return max(prop.get("minimum", 1), 1)
    if kind == "number":
        return 10
    if kind == "boolean":
        return True
    if kind == "array":
        return []
    if kind == "object":
        return {}
    raise LookupError(f"cannot make a value for {name!r}: {prop}")


def create_body(api, path, partnership, n, params):
    schema = api.request_schema(path, "post")
    recipe = BODY.get(path.removeprefix("/api/v1/"), {})
    context = dict(params)
    body = {}
    for name in schema.get("required", []):
        if name in recipe:
            continue
        body[name] = _sample(name, api.resolve_schema(schema["properties"][name]), partnership, n)
    body.update({name: make(partnership, context) for name, make in recipe.items()})
    return body


def update_body(api, path, method):
    """One free-text field of the update schema, set to CHANGED."""
    schema = api.request_schema(path, method)
    for name in ("name", "title", "description", "notes", "narrative", "mandate", "summary"):
        prop = schema.get("properties", {}).get(name)
        if prop and api.resolve_schema(prop).get("type") == "string":
            return name, {name: CHANGED}
    return None, {}


def model_of(url):
    view = resolve(url).func.cls
    for candidate in (getattr(view, "model", None),
                      getattr(getattr(view, "queryset", None), "model", None),
                      getattr(getattr(getattr(view, "serializer_class", None), "Meta", None),
                              "model", None)):  # fmt: skip
        if candidate is not None:
            return candidate
    raise LookupError(f"no model for {url}")


# --- the test ---------------------------------------------------------------------------------


def _resources(schema):
    paths = schema["paths"]
    detail_re = re.compile(r"^(?P<base>.*/)\{[a-z_]+\}/$")
    details = {}
    for path in paths:
        match = detail_re.match(path)
        if match and match["base"] in paths:
            details[match["base"]] = path
    for path, ops in sorted(paths.items()):
        lists = (
            "get" in ops and "results" in json.dumps(ops["get"]["responses"].get("200", {}))
        ) or ("get" in ops and "Paginated" in json.dumps(ops["get"]["responses"].get("200", {})))
        if lists:
            yield path, details.get(path)
        elif "get" in ops and ("patch" in ops or "put" in ops) and detail_re.match(path) is None:
            yield path, None


def _fill(path, partnership):
    filled = {}
    for name in re.findall(r"\{([a-z_]+)\}", path):
        filled[name] = PATH_PARAMS[name](partnership, filled)
    return filled


def _json(response):
    return json.loads(response.content) if response.content else None


def exercise(api, path, detail, partnership, n):
    """List, create, update and delete through the client; returns what was done."""
    ops = api.schema["paths"][path]
    params = _fill(path, partnership)
    done = []
    listed = api.call(path, "get", params) if "get" in ops else None
    if listed is not None:
        assert listed.status_code == 200, listed.content
        assert listed.parsed is not None
        done.append("list")
    if "post" in ops and "get" in ops and listed is not None:
        body = create_body(api, path, partnership, n, params)
        key = f"client-{uuid.uuid4()}"
        created = api.call(path, "post", params, body, idempotency_key=key)
        assert created.status_code == 201, (body, created.content)
        again = api.call(path, "post", params, body, idempotency_key=key)
        assert again.content == created.content and again.headers["Idempotent-Replayed"]
        row_uuid = _json(created)["uuid"]
        model = model_of(str(path).format(**params))
        assert model.objects.filter(uuid=row_uuid).count() == 1
        listed = api.call(path, "get", params)
        assert row_uuid in listed.content.decode()
        done.append("create")
        if detail is not None:
            d_ops = api.schema["paths"][detail]
            d_params = params | {re.findall(r"\{([a-z_]+)\}", detail)[-1]: row_uuid}
            got = api.call(detail, "get", d_params)
            assert got.status_code == 200 and got.parsed is not None, got.content
            write = "patch" if "patch" in d_ops else ("put" if "put" in d_ops else None)
            field, changes = update_body(api, detail, write) if write else (None, {})
            if write == "put":
                changes = {**body, **changes}
            if field is not None:
                updated = api.call(detail, write, d_params, changes, if_match=got.headers["ETag"])
                assert updated.status_code == 200, updated.content
                assert updated.parsed is not None
                assert getattr(model.objects.get(uuid=row_uuid), field) == CHANGED
                done.append("update")
            if "delete" in d_ops:
                current = api.call(detail, "get", d_params).headers["ETag"]
                deleted = api.call(detail, "delete", d_params, if_match=current)
                assert deleted.status_code == 204, deleted.content
                assert not model.objects.filter(uuid=row_uuid).exists()
                done.append("delete")
    elif detail is not None and listed is not None:
        rows = _json(listed)["results"]
        if rows and "uuid" in rows[0]:
            name = re.findall(r"\{([a-z_]+)\}", detail)[-1]
            value = rows[0]["slug"] if name.endswith("_slug") else rows[0]["uuid"]
            d_params = params | {name: value}
            got = api.call(detail, "get", d_params)
            assert got.status_code == 200 and got.parsed is not None, got.content
            done.append("retrieve")
    if listed is None or ("patch" in ops and "results" not in listed.content.decode()):
        # a singleton: retrieve and update
        got = api.call(path, "get", params)
        assert got.status_code == 200 and got.parsed is not None, got.content
        field, changes = update_body(api, path, "patch")
        if field is not None:
            updated = api.call(path, "patch", params, changes, if_match=got.headers["ETag"])
            assert updated.status_code == 200, updated.content
            done.append("update")
    return done


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_drives_every_resource(generated, live_server):
    schema, package = generated
    partnership = MembershipFactory(role=Role.LEADER).partnership
    Partnership.objects.filter(pk=partnership.pk).update(visibility="private")
    key = ApiKeyFactory(partnership=partnership, scope=ApiKey.Scope.WRITE,
                        created_by=partnership.memberships.get().user)  # fmt: skip
    client = package.AuthenticatedClient(
        base_url=live_server.url, token=key.raw_key, prefix="Api-Key",
        raise_on_unexpected_status=True, timeout=30,
    )  # fmt: skip
    api = Api(schema, package, client)
    failures, report = [], {}
    for n, (path, detail) in enumerate(_resources(schema)):
        if path in SESSION_ONLY:
            continue
        try:
            report[path] = exercise(api, path, detail, partnership, n)
        except Exception as error:  # collect every resource's problem, then fail once
            failures.append(f"{path}: {type(error).__name__}: {str(error)[:600]}")
    assert failures == [], "\n".join(failures)
    writable = [p for p, done in report.items() if "create" in done]
    assert len(writable) >= 15, report


def _session_client(package, live_server, user):
    """A generated client signed in as ``user`` through a browser session (the funder and
    trainer endpoints take no API key): session cookie plus the CSRF pair DRF checks."""
    from django.test import Client

    browser = Client()
    browser.force_login(user)
    csrf = "c" * 32
    return package.Client(
        base_url=live_server.url,
        cookies={"sessionid": browser.cookies["sessionid"].value, "csrftoken": csrf},
        headers={"X-CSRFToken": csrf},
        raise_on_unexpected_status=True,
        timeout=30,
    )


@pytest.mark.django_db(transaction=True)
def test_the_generated_client_drives_the_session_only_endpoints(generated, live_server):
    """The resources listed in SESSION_ONLY: a funder reviewer lists, opens and reviews a
    shared investment; a trainer records attendance."""
    from capacity.models import Attendance
    from capacity.services.programs import trainer_grant
    from finance.models import InvestmentReview, ReviewMessage, ReviewScore
    from finance.services.review import funder_staff_add, portfolio_share
    from tests.capacity.factories import CohortFactory, EnrollmentFactory, SessionFactory
    from tests.finance.factories import InvestmentFactory, ReviewCriterionFactory
    from tests.hub.factories import UserFactory

    schema, package = generated
    investment = InvestmentFactory()
    leader = MembershipFactory(partnership=investment.partnership, role=Role.LEADER).user
    funder = OrganizationFactory(type="donor")
    reviewer = UserFactory()
    funder_staff_add(organization=funder, user=reviewer)
    portfolio_share(portfolio=investment.portfolio, funder=funder, actor=leader)
    criterion = ReviewCriterionFactory(name="Landscape impact")
    api = Api(schema, package, _session_client(package, live_server, reviewer))
    ids = {"investment_uuid": str(investment.uuid)}

    listed = api.call("/api/v1/funder/investments/", "get", {})
    assert str(investment.uuid) in listed.content.decode()
    assert api.call("/api/v1/funder/investments/{investment_uuid}/", "get", ids).parsed
    assert api.call("/api/v1/funder/criteria/", "get", {}).status_code == 200
    messages = "/api/v1/funder/investments/{investment_uuid}/messages/"
    asked = api.call(messages, "post", ids, {"kind": "question", "body": "Who holds the land?"})
    assert asked.status_code in (200, 201), asked.content
    scored = api.call(
        "/api/v1/funder/investments/{investment_uuid}/scores/",
        "post",
        ids,
        {"criterion": criterion.name, "score": 4, "comment": "Strong"},
    )
    assert scored.status_code in (200, 201), scored.content
    decided = api.call(
        "/api/v1/funder/investments/{investment_uuid}/decision/",
        "post",
        ids,
        {"decision": "interest_expressed", "message": "We would like to co-finance."},
    )
    assert decided.status_code in (200, 201), decided.content
    review = InvestmentReview.objects.get(investment=investment, funder=funder)
    assert review.status == "interest_expressed"
    assert ReviewMessage.objects.filter(review=review, kind="question").exists()
    assert ReviewScore.objects.get(review=review, criterion=criterion).score == 4
    reviews = api.call("/api/v1/funder/reviews/", "get", {})
    assert str(review.uuid) in reviews.content.decode()
    assert api.call(
        "/api/v1/funder/reviews/{review_uuid}/", "get", {"review_uuid": str(review.uuid)}
    ).parsed

    cohort = CohortFactory()
    session = SessionFactory(cohort=cohort)
    enrollment = EnrollmentFactory(cohort=cohort)
    trainer = UserFactory()
    trainer_grant(cohort=cohort, user=trainer)
    api = Api(schema, package, _session_client(package, live_server, trainer))
    path = "/api/v1/capacity/cohorts/{cohort_uuid}/sessions/{session_uuid}/attendance/"
    params = {"cohort_uuid": str(cohort.uuid), "session_uuid": str(session.uuid)}
    recorded = api.call(
        path, "post", params, {"enrollment": str(enrollment.uuid), "status": "present"}
    )
    assert recorded.status_code in (200, 201), recorded.content
    assert Attendance.objects.get(enrollment=enrollment, session=session).status == "present"
    assert str(enrollment.uuid) in api.call(path, "get", params).content.decode()
