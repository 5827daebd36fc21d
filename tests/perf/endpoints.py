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
    auth: str  # anonymous | session | apikey
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
    ]  # fmt: skip
