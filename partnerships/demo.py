"""Demo partnerships in four countries and languages, with a named person per role."""

from hub.demo import demo_user
from partnerships.models import Membership, Partnership
from partnerships.roles import Role

PARTNERSHIPS = [
    {
        "slug": "mount-elgon",
        "name": "Mount Elgon Landscape Partnership",
        "short_description": "Coffee and dairy farmers, county governments and conservation groups "
        "restoring the water towers of Mount Elgon.",
        "shared_vision": "A productive, forested Mount Elgon whose rivers run clear all year.",
        "year_established": 2017,
        "countries": ["KE", "UG"],
        "working_languages": ["en", "sw"],
        "status": Partnership.Status.ACTIVE,
        "visibility": Partnership.Visibility.PUBLIC,
        "join_policy": Partnership.JoinPolicy.REQUEST,
        "contact_email": "secretariat@mount-elgon.example.org",
        "members": [
            ("amina.wanjiru@mount-elgon.example.org", "Amina Wanjiru", "en", Role.LEADER),
            ("peter.wekesa@mount-elgon.example.org", "Peter Wekesa", "en", Role.MEL_OFFICER),
            ("ruth.nasimiyu@mount-elgon.example.org", "Ruth Nasimiyu", "en", Role.FINANCE_OFFICER),
            ("joseph.masaba@mount-elgon.example.org", "Joseph Masaba", "en", Role.EDITOR),
            ("esther.chebet@mount-elgon.example.org", "Esther Chebet", "en", Role.VIEWER),
        ],
    },
    {
        "slug": "alto-mayo",
        "name": "Alianza Paisaje Alto Mayo",
        "short_description": "Productores de café, comunidades awajún y gobiernos locales "
        "conservando el bosque de protección Alto Mayo.",
        "shared_vision": "Un Alto Mayo con bosques en pie, café sostenible y comunidades prósperas.",
        "year_established": 2014,
        "countries": ["PE"],
        "working_languages": ["es"],
        "status": Partnership.Status.ACTIVE,
        "visibility": Partnership.Visibility.PUBLIC,
        "join_policy": Partnership.JoinPolicy.REQUEST,
        "contact_email": "contacto@alto-mayo.example.org",
        "members": [
            ("carmen.quispe@alto-mayo.example.org", "Carmen Quispe", "es", Role.LEADER),
            ("diego.huaman@alto-mayo.example.org", "Diego Huamán", "es", Role.MEL_OFFICER),
            ("rosa.tananta@alto-mayo.example.org", "Rosa Tananta", "es", Role.FINANCE_OFFICER),
            ("jorge.sangama@alto-mayo.example.org", "Jorge Sangama", "es", Role.EDITOR),
            ("lucia.paredes@alto-mayo.example.org", "Lucía Paredes", "es", Role.VIEWER),
        ],
    },
    {
        "slug": "plateau-central",
        "name": "Partenariat du Paysage du Plateau Central",
        "short_description": "Groupements villageois, services techniques et ONG qui restaurent "
        "les terres dégradées du Plateau Central.",
        "shared_vision": "Des terres restaurées qui nourrissent les familles du Plateau Central.",
        "year_established": 2019,
        "countries": ["BF"],
        "working_languages": ["fr", "mos"],
        "status": Partnership.Status.ACTIVE,
        "visibility": Partnership.Visibility.PUBLIC,
        "join_policy": Partnership.JoinPolicy.INVITATION,
        "contact_email": "contact@plateau-central.example.org",
        "members": [
            ("awa.ouedraogo@plateau-central.example.org", "Awa Ouédraogo", "fr", Role.LEADER),
            ("issa.sawadogo@plateau-central.example.org", "Issa Sawadogo", "fr", Role.MEL_OFFICER),
            (
                "mariam.kabore@plateau-central.example.org",
                "Mariam Kaboré",
                "fr",
                Role.FINANCE_OFFICER,
            ),
            ("boukary.zongo@plateau-central.example.org", "Boukary Zongo", "fr", Role.EDITOR),
            ("salif.compaore@plateau-central.example.org", "Salif Compaoré", "fr", Role.VIEWER),
        ],
    },
    {
        "slug": "cantareira",
        "name": "Parceria da Paisagem Cantareira",
        "short_description": "Produtores rurais, companhias de água e institutos de pesquisa "
        "restaurando as nascentes do Sistema Cantareira.",
        "shared_vision": "Nascentes protegidas e produção rural sustentável no Cantareira.",
        "year_established": 2021,
        "countries": ["BR"],
        "working_languages": ["pt"],
        "status": Partnership.Status.FORMING,
        "visibility": Partnership.Visibility.PRIVATE,
        "join_policy": Partnership.JoinPolicy.INVITATION,
        "contact_email": "contato@cantareira.example.org",
        "members": [
            ("beatriz.santos@cantareira.example.org", "Beatriz Santos", "pt", Role.LEADER),
            ("rafael.oliveira@cantareira.example.org", "Rafael Oliveira", "pt", Role.MEL_OFFICER),
            ("camila.souza@cantareira.example.org", "Camila Souza", "pt", Role.FINANCE_OFFICER),
            ("tiago.lima@cantareira.example.org", "Tiago Lima", "pt", Role.EDITOR),
            ("ana.costa@cantareira.example.org", "Ana Costa", "pt", Role.VIEWER),
        ],
    },
]


def seed() -> None:
    for spec in PARTNERSHIPS:
        fields = {k: v for k, v in spec.items() if k not in ("slug", "members")}
        partnership, _created = Partnership.objects.get_or_create(
            slug=spec["slug"], defaults={**fields, "approval": Partnership.Approval.APPROVED}
        )
        for email, name, language, role in spec["members"]:
            user = demo_user(email, name, language)
            Membership.objects.get_or_create(
                partnership=partnership, user=user, defaults={"role": role}
            )
    seed_governance()


def logins() -> list[tuple[str, str, str]]:
    return [
        (email, name, f"{Role(role).label}, {spec['name']}")
        for spec in PARTNERSHIPS
        for email, name, _language, role in spec["members"]
        if role in (Role.LEADER, Role.MEL_OFFICER, Role.FINANCE_OFFICER)
    ]


def seed_governance() -> None:
    """Partners, governance and process rows for Mount Elgon (idempotent: natural keys)."""
    import datetime

    from django.utils import timezone

    from hub.models import Organization, User
    from partnerships.models import (
        ActionItem,
        BodyMember,
        Decision,
        GovernanceBody,
        Meeting,
        PartnerOrganization,
        ProcessStage,
        StageProgress,
    )

    partnership = Partnership.objects.filter(slug="mount-elgon").first()
    if partnership is None:
        return
    today = timezone.localdate()
    people = {
        u.email.split(".")[0]: u for u in User.objects.filter(memberships__partnership=partnership)
    }
    for name, role, joined in [
        ("Mount Elgon Farmers' Cooperative Union", PartnerOrganization.Role.CONVENING, 2017),
        ("Bungoma County Government", PartnerOrganization.Role.GOVERNMENT, 2017),
        ("EcoAgriculture Partners", PartnerOrganization.Role.TECHNICAL, 2018),
        ("Landscape Resilience Foundation", PartnerOrganization.Role.FINANCIAL, 2020),
    ]:
        organization = Organization.objects.filter(name=name).first()
        if organization:
            PartnerOrganization.objects.get_or_create(
                partnership=partnership, organization=organization, role=role,
                defaults={"joined_on": datetime.date(joined, 1, 1)},
            )  # fmt: skip
    steering, _created = GovernanceBody.objects.get_or_create(
        partnership=partnership, name="Steering committee",
        defaults={"kind": GovernanceBody.Kind.STEERING_COMMITTEE,
                  "mandate": "Sets priorities and approves the annual work plan."},
    )  # fmt: skip
    GovernanceBody.objects.get_or_create(
        partnership=partnership, name="Water working group",
        defaults={"kind": GovernanceBody.Kind.WORKING_GROUP},
    )  # fmt: skip
    for key, position in [("amina", "chair"), ("joseph", "secretary"), ("peter", "member")]:
        if key in people:
            BodyMember.objects.get_or_create(
                partnership=partnership, body=steering, user=people[key],
                defaults={"position": position},
            )  # fmt: skip
    BodyMember.objects.get_or_create(
        partnership=partnership, body=steering, name="Chief Wafula Barasa",
        defaults={"organization": Organization.objects.filter(name__startswith="Bungoma").first()},
    )  # fmt: skip
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    past, _created = Meeting.objects.get_or_create(
        partnership=partnership, title="Steering committee, second quarter",
        defaults={"body": steering, "starts_at": now - datetime.timedelta(days=40, hours=3),
                  "location": "Kapsokwony", "minutes": "<p>Work plan reviewed.</p>"},
    )  # fmt: skip
    Meeting.objects.get_or_create(
        partnership=partnership, title="Steering committee, third quarter",
        defaults={"body": steering, "starts_at": now + datetime.timedelta(days=12),
                  "location": "Bungoma town hall"},
    )  # fmt: skip
    decision, _created = Decision.objects.get_or_create(
        partnership=partnership, title="Adopt the 2025 landscape action plan",
        defaults={"decided_on": today - datetime.timedelta(days=40), "meeting": past,
                  "body": steering},
    )  # fmt: skip
    for title, owner, days in [
        ("Circulate the minutes of the second quarter", "joseph", -5),
        ("Map the springs of the Kuywa catchment", "peter", 2),
        ("Draft the funding proposal for tree nurseries", "amina", 20),
    ]:
        ActionItem.objects.get_or_create(
            partnership=partnership, title=title,
            defaults={"owner": people.get(owner), "due_date": today + datetime.timedelta(days=days),
                      "meeting": past, "decision": decision},
        )  # fmt: skip
    for stage, status in zip(
        ProcessStage.objects.filter(is_active=True).order_by("order")[:3],
        [StageProgress.Status.COMPLETED, StageProgress.Status.COMPLETED,
         StageProgress.Status.IN_PROGRESS],
        strict=False,
    ):  # fmt: skip
        StageProgress.objects.get_or_create(
            partnership=partnership, stage=stage,
            defaults={"status": status, "started_on": datetime.date(2018, 1, 1),
                      "completed_on": datetime.date(2019, 6, 30)
                      if status == StageProgress.Status.COMPLETED else None},
        )  # fmt: skip
