"""Demo landscapes of the demo partnerships, with boundaries roughly at the real places,
a few sites and goals. Idempotent: rows are looked up by slug / name first."""

from __future__ import annotations

import math

from landscapes import services
from landscapes.models import Landscape, LandscapeGoal, Site, TaxonomyTerm
from partnerships.models import Partnership


def outline(lon: float, lat: float, rx: float, ry: float, *, vertices: int = 40, seed: int = 1):
    """An irregular closed ring around (lon, lat), counter-clockwise, radii in degrees."""
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        wobble = 1 + 0.12 * math.sin(3 * angle + seed) + 0.07 * math.sin(7 * angle + 2 * seed)
        ring.append([round(lon + rx * wobble * math.cos(angle), 5),
                     round(lat + ry * wobble * math.sin(angle), 5)])  # fmt: skip
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


LANDSCAPES = [
    {
        "partnership": "mount-elgon",
        "slug": "mount-elgon-water-towers",
        "name": "Mount Elgon Water Towers",
        "countries": ["KE", "UG"],
        "area_types": ["mountain", "rural", "forest"],
        "population": 2_100_000,
        "description": "An extinct volcano on the Kenya–Uganda border whose forests feed the "
        "Nzoia, Malaba and Sio rivers. Coffee and dairy farms climb the lower slopes.",
        "problem_situation": "Encroachment on the forest, soil erosion on steep farms and "
        "declining dry-season river flows.",
        "opportunities": "Strong coffee cooperatives, county climate funds and a "
        "transboundary biosphere reserve.",
        "objectives": "Restore 20,000 ha of degraded slopes and double smallholder incomes "
        "from climate-smart coffee and dairy.",
        "intervention_strategy": "Agroforestry on farms, river-bank restoration, and a "
        "payment-for-watershed-services scheme with downstream water utilities.",
        "terms": [
            "montane-forest",
            "agroforestry-mosaic",
            "coffee",
            "dairy",
            "smallholder-farming",
            "agroforestry",
            "shade-grown",
            "english",
            "swahili",
        ],
        "boundary": outline(34.55, 1.12, 0.32, 0.28, seed=1),
        "sites": [
            ("Kapsokwony tree nursery", Site.Kind.NURSERY, 34.72, 0.86),
            ("Chepyuk restoration block", Site.Kind.RESTORATION_SITE, 34.61, 1.03),
            ("Kimilili cooperative office", Site.Kind.OFFICE, 34.71, 0.79),
        ],
        "goals": [
            ("Restore 20,000 ha of degraded slopes", 2030),
            ("Keep dry-season flows of the Nzoia tributaries above 2019 levels", 2028),
        ],
    },
    {
        "partnership": "alto-mayo",
        "slug": "alto-mayo",
        "name": "Bosque de Protección Alto Mayo",
        "countries": ["PE"],
        "area_types": ["forest", "mountain", "rural"],
        "population": 280_000,
        "description": "Bosque montano en San Martín, Perú, rodeado de fincas de café y "
        "comunidades awajún.",
        "problem_situation": "Deforestación por la expansión del café bajo sol y la migración.",
        "opportunities": "Acuerdos de conservación con productores y mercados de café especial.",
        "objectives": "Detener la deforestación dentro del bosque de protección.",
        "intervention_strategy": "Acuerdos de conservación, café bajo sombra y titulación.",
        "terms": [
            "tropical-forest",
            "montane-forest",
            "coffee",
            "shade-grown",
            "organic",
            "smallholder-farming",
            "spanish",
            "awajun",
        ],
        "boundary": outline(-77.42, -5.72, 0.33, 0.22, seed=2),
        "sites": [
            ("Vivero Aguas Verdes", Site.Kind.NURSERY, -77.52, -5.68),
            ("Comunidad nativa Shampuyacu", Site.Kind.VILLAGE, -77.25, -5.85),
        ],
        "goals": [
            ("Cero deforestación neta en el bosque de protección", 2030),
            ("3,000 familias con café bajo sombra certificado", 2027),
        ],
    },
    {
        "partnership": "plateau-central",
        "slug": "plateau-central",
        "name": "Plateau Central — bassin du Nakanbé",
        "countries": ["BF"],
        "area_types": ["drylands", "rural"],
        "population": 1_400_000,
        "description": "Terres agricoles dégradées du Plateau Central du Burkina Faso, où "
        "la régénération naturelle assistée transforme les champs.",
        "problem_situation": "Sols appauvris, pluies irrégulières et exode des jeunes.",
        "opportunities": "Savoir-faire en zaï et demi-lunes, groupements féminins de karité.",
        "objectives": "Restaurer 50 000 ha de terres et sécuriser la production de sorgho.",
        "intervention_strategy": "RNA, cordons pierreux, zaï et filières karité et miel.",
        "terms": [
            "savanna",
            "cropland",
            "sorghum-millet",
            "shea",
            "honey",
            "fmnr",
            "conservation-agriculture",
            "french",
            "moore",
        ],
        "boundary": outline(-1.3, 12.55, 0.5, 0.4, seed=3),
        "sites": [
            ("Site de demi-lunes de Ziniaré", Site.Kind.RESTORATION_SITE, -1.30, 12.58),
            ("Point d'eau de Zitenga", Site.Kind.WATER_POINT, -1.18, 12.71),
        ],
        "goals": [("Restaurer 50 000 ha de terres dégradées", 2030)],
    },
    {
        "partnership": "cantareira",
        "slug": "sistema-cantareira",
        "name": "Sistema Cantareira",
        "countries": ["BR"],
        "area_types": ["forest", "rural", "peri_urban"],
        "population": 700_000,
        "description": "As nascentes que abastecem metade da Grande São Paulo, entre "
        "pastagens e fragmentos de Mata Atlântica.",
        "problem_situation": "Pastagens degradadas e nascentes desprotegidas.",
        "opportunities": "Pagamento por serviços ambientais e demanda por água.",
        "objectives": "Restaurar matas ciliares das nascentes prioritárias.",
        "intervention_strategy": "Restauração florestal, sistemas silvipastoris e PSA.",
        "terms": [
            "tropical-forest",
            "freshwater",
            "cattle",
            "dairy",
            "silvopasture",
            "portuguese",
        ],
        "boundary": outline(-46.35, -22.95, 0.28, 0.2, seed=4),
        "sites": [
            ("Viveiro de Nazaré Paulista", Site.Kind.NURSERY, -46.40, -23.17),
            ("Reservatório Jaguari", Site.Kind.WATER_POINT, -46.40, -22.93),
        ],
        "goals": [("Restaurar 4.000 ha de matas ciliares", 2030)],
    },
]


def seed() -> None:
    terms = {term.key: term for term in TaxonomyTerm.objects.all()}
    for spec in LANDSCAPES:
        partnership = Partnership.objects.filter(slug=spec["partnership"]).first()
        if partnership is None:
            continue
        landscape = Landscape.objects.filter(slug=spec["slug"]).first()
        if landscape is None:
            landscape = services.landscape_create(
                partnership=partnership,
                name=spec["name"],
                slug=spec["slug"],
                description=spec["description"],
                countries=spec["countries"],
                area_types=spec["area_types"],
                population=spec["population"],
                terms=[terms[key] for key in spec["terms"] if key in terms],
                objectives=spec["objectives"],
                problem_situation=spec["problem_situation"],
                opportunities=spec["opportunities"],
                intervention_strategy=spec["intervention_strategy"],
            )
        if landscape.boundary is None:
            services.landscape_set_boundary(
                landscape=landscape, geometry=spec["boundary"], source="drawn"
            )
        for name, kind, lon, lat in spec["sites"]:
            if not Site.objects.filter(landscape=landscape, name=name).exists():
                services.site_create(
                    landscape=landscape,
                    name=name,
                    kind=kind,
                    geometry={"type": "Point", "coordinates": [lon, lat]},
                )
        for position, (title, year) in enumerate(spec["goals"]):
            if not LandscapeGoal.objects.filter(landscape=landscape, title=title).exists():
                services.goal_create(
                    landscape=landscape, title=title, target_year=year, position=position
                )
