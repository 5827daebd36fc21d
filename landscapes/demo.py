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
    seed_content()


# ------------------------------------------------------------- stories and library

STAFF_EMAIL = "hub.coordinator@demo.landscapehub.org"

STORIES = [
    {
        "partnership": "mount-elgon",
        "author": "joseph.masaba@mount-elgon.example.org",
        "landscape": "mount-elgon-water-towers",
        "title": "Coffee under shade: how Kapsokwony farmers brought the springs back",
        "summary": "Five years after planting grevillea and croton between their coffee rows, "
        "farmers on the slopes of Mount Elgon see their springs flowing into the dry season.",
        "body": "In 2019 the Kapsokwony cooperative counted eleven springs that ran dry "
        "every February. Members agreed to plant shade trees on the steepest plots and to "
        "leave a strip of grass along every stream.\n\n"
        "<h2>What changed</h2><ul><li>38,000 seedlings from the cooperative nursery</li>"
        "<li>Terraces on 420 farms</li><li>Seven springs now flow all year</li></ul>\n\n"
        "<blockquote>“The coffee is slower to ripen, but the cherries are bigger and the "
        "water is back,” says Grace Chemutai, who farms two acres above Chepyuk.</blockquote>",
        "image_alt": "Coffee bushes growing under tall shade trees on a green hillside",
        "color": (46, 107, 71),
        "state": "published",
    },
    {
        "partnership": "mount-elgon",
        "author": "joseph.masaba@mount-elgon.example.org",
        "landscape": "mount-elgon-water-towers",
        "title": "Dairy groups test a water fund with the Bungoma utility",
        "summary": "Downstream water users pay upstream farmers to keep river banks planted.",
        "body": "The county water utility spends less on treatment when the Nzoia runs "
        "clear. A pilot pays 60 dairy farmers for keeping cattle out of the river.",
        "image_alt": "",
        "color": (60, 120, 150),
        "state": "in_review",
    },
    {
        "partnership": "alto-mayo",
        "author": "carmen.quispe@alto-mayo.example.org",
        "landscape": "",
        "title": "Café bajo sombra en el Alto Mayo",
        "summary": "Las cooperativas cafetaleras del Alto Mayo combinan café y bosque.",
        "body": "Las familias de Rioja y Moyobamba renuevan sus cafetales con árboles "
        "nativos y venden a compradores que pagan por café libre de deforestación.",
        "image_alt": "Una familia cosechando café entre árboles de sombra",
        "color": (120, 80, 40),
        "state": "published",
    },
    {
        "partnership": None,
        "author": STAFF_EMAIL,
        "landscape": "",
        "title": "What 40 landscape partnerships taught us about water funds",
        "summary": "A hub round-up of what works when downstream users pay for upstream care.",
        "body": "Water funds work best when the utility is a member of the partnership "
        "from the start, when payments are small but reliable, and when monitoring is "
        "shared.\n\nRead the case studies in the knowledge library.",
        "image_alt": "",
        "color": (31, 61, 43),
        "state": "published",
    },
]

RESOURCES = [
    {
        "title": "Landscape partnership facilitation guide",
        "description": "A step-by-step guide to convening stakeholders, agreeing a shared "
        "vision and writing a landscape action plan.",
        "kind": "guide",
        "url": "https://example.org/library/facilitation-guide",
        "tags": ["governance", "facilitation", "planning"],
        "languages": ["en", "es", "fr", "pt"],
        "partnerships": [],
    },
    {
        "title": "Mount Elgon payment for watershed services: case study",
        "description": "How the Bungoma water utility and upstream dairy groups set up a "
        "water fund: costs, contracts and first results.",
        "kind": "case_study",
        "url": "https://example.org/library/elgon-water-fund",
        "tags": ["water", "finance"],
        "languages": ["en"],
        "partnerships": ["mount-elgon"],
    },
    {
        "title": "Shade-tree species selector",
        "description": "A spreadsheet tool that suggests shade-tree species for coffee and "
        "cocoa by altitude and rainfall.",
        "kind": "tool",
        "url": "https://example.org/library/shade-tree-selector",
        "tags": ["agroforestry", "coffee"],
        "languages": ["en", "es"],
        "partnerships": ["alto-mayo", "mount-elgon"],
    },
    {
        "title": "Monthly rainfall, Plateau Central stations 1990–2024",
        "description": "Rainfall series of twelve stations, cleaned and gap-filled, as CSV.",
        "kind": "dataset",
        "file": ("rainfall-plateau-central.csv", "station,month,rain_mm\nZiniare,2024-07,182\n"),
        "tags": ["water", "climate", "data"],
        "languages": ["fr"],
        "partnerships": ["plateau-central"],
    },
]

PROPOSAL = {
    "partnership": "alto-mayo",
    "actor": "carmen.quispe@alto-mayo.example.org",
    "title": "Guía de restauración de bosques de neblina",
    "description": "Experiencias de restauración en el Bosque de Protección Alto Mayo.",
    "kind": "guide",
    "url": "https://example.org/library/restauracion-alto-mayo",
    "tags": ["restauración", "bosques"],
    "languages": ["es"],
}


def _demo_image(color: tuple[int, int, int], name: str):
    """A simple landscape picture (sky, two hills) so story pages have an image."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), (205, 225, 235))
    draw = ImageDraw.Draw(image)
    draw.ellipse((-300, 330, 800, 1100), fill=tuple(min(255, c + 40) for c in color))
    draw.ellipse((400, 380, 1500, 1200), fill=color)
    draw.ellipse((930, 70, 1050, 190), fill=(245, 215, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def seed_content() -> None:
    """A few stories (published, in review) and library resources (published, proposed).
    Idempotent: looked up by title."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hub.models import User
    from landscapes import services_content
    from landscapes.models_content import Resource, Story

    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        return
    for spec in STORIES:
        if Story.objects.filter(title=spec["title"]).exists():
            continue
        author = User.objects.filter(email=spec["author"]).first()
        partnership = (
            Partnership.objects.filter(slug=spec["partnership"]).first()
            if spec["partnership"]
            else None
        )
        if author is None or (spec["partnership"] and partnership is None):
            continue
        landscapes = list(Landscape.objects.filter(slug=spec["landscape"]))
        story = services_content.story_create(
            actor=author,
            partnership=partnership,
            title=spec["title"],
            summary=spec["summary"],
            body=spec["body"],
            language="es" if spec["partnership"] == "alto-mayo" else "en",
            landscapes=landscapes,
            image=_demo_image(spec["color"], "story.jpg") if spec["image_alt"] else None,
            image_alt=spec["image_alt"],
        )
        if partnership is not None and spec["state"] in ("in_review", "published"):
            story = services_content.story_submit(story=story, actor=author)
        if spec["state"] == "published":
            services_content.story_publish(story=story, actor=staff)

    for spec in RESOURCES:
        if Resource.objects.filter(title=spec["title"]).exists():
            continue
        file = None
        if "file" in spec:
            name, text = spec["file"]
            file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
        services_content.resource_create(
            actor=staff,
            title=spec["title"],
            description=spec["description"],
            kind=spec["kind"],
            url=spec.get("url", ""),
            file=file,
            tags=spec["tags"],
            languages=spec["languages"],
            partnerships=list(Partnership.objects.filter(slug__in=spec["partnerships"])),
            landscapes=list(Landscape.objects.filter(partnership__slug__in=spec["partnerships"])),
        )

    proposer = User.objects.filter(email=PROPOSAL["actor"]).first()
    partnership = Partnership.objects.filter(slug=PROPOSAL["partnership"]).first()
    if proposer and partnership and not Resource.objects.filter(title=PROPOSAL["title"]).exists():
        services_content.resource_propose(
            actor=proposer,
            partnership=partnership,
            title=PROPOSAL["title"],
            description=PROPOSAL["description"],
            kind=PROPOSAL["kind"],
            url=PROPOSAL["url"],
            tags=PROPOSAL["tags"],
            languages=PROPOSAL["languages"],
        )
