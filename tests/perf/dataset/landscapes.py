"""Part ``landscapes``: 2,000 landscapes with detailed boundaries (thousands of
vertices each; some multi-polygons, some with holes) and taxonomy terms.

Rows are bulk-inserted; every boundary then goes through
``landscapes.services.landscape_set_boundary`` so the area, centroid, bounding box and
display geometry are the ones the application computes. The boundaries are set in
one process per CPU (each generates its geometries from a per-landscape seed).
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random

from django.db import connections
from django.utils.text import slugify

from landscapes.models import AreaType, Landscape, TaxonomyTerm
from partnerships.models import Partnership
from tests.perf.dataset import core

NAME = "landscapes"
VERSION = "1"

LANDSCAPES = 2_000
MAIN_LANDSCAPES = 100
MIN_VERTICES, MAX_VERTICES = 1_500, 5_000
PROBE_VERTICES = 1_500


def _ring(rng: random.Random, lon: float, lat: float, radius: float, vertices: int) -> list:
    """A simple (star-shaped) ring: the radius varies smoothly with the angle, never
    below half the nominal radius, so the ring cannot cross itself."""
    waves = [(rng.randint(2, 9), rng.uniform(0, 2 * math.pi), rng.uniform(0.02, 0.12))
             for _i in range(4)]  # fmt: skip
    squash = math.cos(math.radians(lat)) or 1.0
    points = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * (1 + sum(a * math.sin(k * angle + p) for k, p, a in waves))
        r *= 1 + rng.uniform(-0.01, 0.01)
        points.append(
            [round(lon + r * math.cos(angle) / squash, 6), round(lat + r * math.sin(angle), 6)]
        )
    points.append(points[0])
    return points


def boundary(seed: int, lon: float, lat: float, vertices: int) -> dict:
    rng = random.Random(seed)
    radius = rng.uniform(0.05, 0.35)
    shape = rng.random()
    outer = _ring(rng, lon, lat, radius, vertices)
    if shape < 0.2:
        hole = list(reversed(_ring(rng, lon, lat, radius * 0.2, 64)))
        return {"type": "Polygon", "coordinates": [outer, hole]}
    if shape < 0.35:
        second = _ring(rng, lon + 3.5 * radius, lat, radius * 0.6, max(vertices // 3, 64))
        return {"type": "MultiPolygon", "coordinates": [[outer], [second]]}
    return {"type": "Polygon", "coordinates": [outer]}


def _set_boundaries(jobs: list[tuple[int, int, float, float, int]]) -> int:
    from landscapes import services

    for pk, seed, lon, lat, vertices in jobs:
        services.landscape_set_boundary(
            landscape=Landscape(pk=pk),
            geometry=boundary(seed, lon, lat, vertices),
            source="geojson",
        )
    connections.close_all()
    return len(jobs)


def _counts(rng: random.Random, partnerships: list[Partnership]) -> dict[int, int]:
    fixed = {
        core.MAIN_SLUG: MAIN_LANDSCAPES,
        core.PROBE_N_SLUG: core.PROBE_N,
        core.PROBE_2N_SLUG: 2 * core.PROBE_N,
    }
    counts = {p.pk: fixed.get(p.slug, 1) for p in partnerships}
    regular = [p.pk for p in partnerships if p.slug not in fixed]
    for _i in range(LANDSCAPES - sum(counts.values())):
        counts[rng.choice(regular)] += 1
    return counts


def build(rng: random.Random, *, log=print) -> None:
    partnerships = list(Partnership.objects.order_by("pk"))
    terms = list(TaxonomyTerm.objects.order_by("key"))
    probes = {core.PROBE_N_SLUG, core.PROBE_2N_SLUG}
    counts = _counts(rng, partnerships)
    rows, jobs_of = [], {}
    for partnership in partnerships:
        home_lon, home_lat = rng.uniform(-80, 120), rng.uniform(-35, 45)
        for n in range(counts[partnership.pk]):
            place = f"{rng.choice(core.PLACES)} {rng.choice(core.KINDS)}"
            landscape = Landscape(
                uuid=core.uuid_from(rng),
                partnership=partnership,
                name=f"{place} {len(rows) + 1}",
                slug=f"{slugify(place)}-{len(rows) + 1}",
                description=f"<p>{core.TEXT * rng.randint(1, 4)}</p>",
                countries=rng.sample(core.COUNTRIES, rng.randint(1, 2)),
                area_types=rng.sample(list(AreaType.values), rng.randint(1, 3)),
                population=rng.randint(5_000, 3_000_000),
                website=f"https://landscape{len(rows) + 1}.example.org/",
                objectives=f"<p>{core.TEXT}</p>",
            )
            vertices = (
                PROBE_VERTICES
                if partnership.slug in probes
                else rng.randint(MIN_VERTICES, MAX_VERTICES)
            )
            spot = (home_lon + 1.2 * (n % 10), home_lat + 1.2 * (n // 10))
            jobs_of[landscape.slug] = (rng.getrandbits(32), *spot, vertices)
            rows.append(landscape)
    Landscape.objects.bulk_create(rows, batch_size=500)
    saved = list(Landscape.objects.order_by("pk").values_list("pk", "slug"))
    through = Landscape.terms.through
    links = []
    for pk, _slug in saved:
        for term in rng.sample(terms, rng.randint(2, 6)):
            links.append(through(landscape_id=pk, taxonomyterm_id=term.pk))
    through.objects.bulk_create(links, batch_size=5000)
    log(f"dataset: {len(saved)} landscapes, {len(links)} term links; setting boundaries ...")

    jobs = [(pk, *jobs_of[slug]) for pk, slug in saved]
    processes = max(1, min(os.cpu_count() or 1, 4))
    chunks = [jobs[i::processes] for i in range(processes)]
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        done = sum(pool.map(_set_boundaries, chunks))
    log(f"dataset: {done} boundaries set through landscapes.services")
