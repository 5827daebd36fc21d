"""What ``make bench`` measures. Each endpoint has the address used under load and,
for the "queries constant in the number of rows" check, two variants that differ only
in the number of rows shown (N and 2N)."""

from __future__ import annotations

from dataclasses import dataclass

BARE = "bare"


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    auth: str  # anonymous | session | apikey | funder (session of the bench funder)
    kind: str  # bare | page | json | api (an API list: the CPU target applies)
    rows_n: str | None = None
    rows_2n: str | None = None
    note: str = ""


def endpoints(*, shapes_bbox: str) -> list[Endpoint]:
    from tests.perf.dataset import core

    N = core.PROBE_N
    main, probe_n, probe_2n = core.MAIN_SLUG, core.PROBE_N_SLUG, core.PROBE_2N_SLUG
    world = "-180,-90,180,90"
    return [
        Endpoint(BARE, "/__bench__/bare/", "anonymous", "bare",
                 note="JsonResponse through the full middleware stack"),
        Endpoint("directory", "/landscapes/", "anonymous", "page",
                 f"/landscapes/?partnership={probe_n}", f"/landscapes/?partnership={probe_2n}",
                 note="public directory, map view: map points of all public landscapes"),
        Endpoint("shapes.json", f"/landscapes/shapes.json?bbox={shapes_bbox}", "anonymous", "json",
                 f"/landscapes/shapes.json?bbox={world}&partnership={probe_n}",
                 f"/landscapes/shapes.json?bbox={world}&partnership={probe_2n}",
                 note="outlines in a zoom-7 viewport"),
        Endpoint("api landscapes (key)", "/api/v1/landscapes/", "apikey", "api",
                 f"/api/v1/landscapes/?page_size={N}", f"/api/v1/landscapes/?page_size={2 * N}",
                 note="API key of a partnership with 100 landscapes; page of 50"),
        Endpoint("api landscapes (session)", "/api/v1/landscapes/", "session", "api",
                 f"/api/v1/landscapes/?page_size={N}", f"/api/v1/landscapes/?page_size={2 * N}",
                 note="signed-in member: all public landscapes; page of 50"),
        Endpoint("partnership landscapes", f"/p/{main}/landscapes/", "session", "page",
                 f"/p/{probe_n}/landscapes/", f"/p/{probe_2n}/landscapes/",
                 note="a partnership's 100 landscapes with their map"),
        Endpoint("workspace", f"/p/{main}/workspace/", "session", "page",
                 f"/p/{probe_n}/workspace/", f"/p/{probe_2n}/workspace/"),
        Endpoint("members", f"/p/{main}/members/", "session", "page",
                 f"/p/{probe_n}/members/", f"/p/{probe_2n}/members/",
                 note="200 members, page of 25"),
        *finance_endpoints(),
    ]  # fmt: skip


# Issue 6: "the funder's view over 200 shared portfolios stays as fast as a single
# portfolio page within 2×" — (endpoint, reference, limit), on CPU per request and p95.
RATIO_TARGETS = [
    ("funder view", "portfolio page", 2.0),
    ("api funder investments", "api investments (session)", 2.0),
]


def finance_endpoints() -> list[Endpoint]:
    from tests.perf.dataset import core

    N = core.PROBE_N
    main, probe_n, probe_2n = core.MAIN_SLUG, core.PROBE_N_SLUG, core.PROBE_2N_SLUG
    api = f"/api/v1/partnerships/{main}/finance"
    return [
        Endpoint("portfolio page", f"/p/{main}/finance/", "session", "page",
                 f"/p/{probe_n}/finance/", f"/p/{probe_2n}/finance/",
                 note="a page of 50 of 500 investments; figures over all 500 (1,000 "
                      "funding sources, 10,000 transactions)"),
        Endpoint("api portfolio", f"{api}/portfolio/", "session", "json",
                 f"/api/v1/partnerships/{probe_n}/finance/portfolio/",
                 f"/api/v1/partnerships/{probe_2n}/finance/portfolio/",
                 note="totals of 500 investments in the reporting currency"),
        Endpoint("api investments (key)", f"{api}/investments/", "apikey", "api",
                 f"{api}/investments/?page_size={N}", f"{api}/investments/?page_size={2 * N}",
                 note="page of 50 of 500, with converted figures"),
        Endpoint("api investments (session)", f"{api}/investments/", "session", "api",
                 f"{api}/investments/?page_size={N}", f"{api}/investments/?page_size={2 * N}",
                 note="the same for the signed-in leader"),
        Endpoint("api transactions (key)", f"{api}/transactions/", "apikey", "api",
                 f"{api}/transactions/?page_size={N}", f"{api}/transactions/?page_size={2 * N}",
                 note="page of 50 of 10,000"),
        Endpoint("funder view", "/funders/", "funder", "page",
                 "/funders/?q=alpha", "/funders/?q=beta",
                 note="a page of 50 of ~500 investments shared by 200 portfolios"),
        Endpoint("api funder investments", "/api/v1/funder/investments/", "funder", "api",
                 f"/api/v1/funder/investments/?page_size={N}",
                 f"/api/v1/funder/investments/?page_size={2 * N}",
                 note="page of 50 across 200 shared portfolios"),
    ]  # fmt: skip
