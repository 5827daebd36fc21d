"""Demo data of the platform core: hub staff and partner organizations."""

from django.conf import settings

from hub.models import Organization, User

STAFF = [
    ("hub.admin@demo.landscapehub.org", "Grace Mbeki", "en", True),
    ("hub.coordinator@demo.landscapehub.org", "Lucía Fernández", "es", False),
]

ORGANIZATIONS = [
    ("Mount Elgon Farmers' Cooperative Union", "MEFCU", Organization.Type.COMMUNITY, ["KE", "UG"],
     "Umbrella union of 42 coffee and dairy cooperatives on the slopes of Mount Elgon."),
    ("Bungoma County Government", "", Organization.Type.GOVERNMENT, ["KE"],
     "County department of agriculture, livestock and natural resources."),
    ("EcoAgriculture Partners", "", Organization.Type.NGO, ["US", "KE", "PE"],
     "Supports integrated landscape management worldwide."),
    ("Conservación Alto Mayo", "CAM", Organization.Type.NGO, ["PE"],
     "Peruvian NGO working with coffee farmers in the Alto Mayo protected forest."),
    ("Cooperativa Agraria Cafetalera Rioja", "COOPARIO", Organization.Type.PRIVATE_SECTOR, ["PE"],
     "Shade-grown coffee cooperative exporting to specialty markets."),
    ("Association Tiipaalga", "", Organization.Type.NGO, ["BF"],
     "Farmer-managed natural regeneration and improved cookstoves on the Central Plateau."),
    ("Institut de l'Environnement et de Recherches Agricoles", "INERA", Organization.Type.RESEARCH, ["BF"],
     "National agricultural research institute of Burkina Faso."),
    ("Instituto de Pesquisas Ecológicas", "IPÊ", Organization.Type.RESEARCH, ["BR"],
     "Brazilian research NGO working on forest restoration in the Cantareira system."),
    ("Fundo Verde de Investimento", "", Organization.Type.FINANCE, ["BR"],
     "Blended-finance fund for restoration and sustainable agriculture."),
    ("Landscape Resilience Foundation", "LRF", Organization.Type.DONOR, [],
     "Grant-making foundation funding landscape partnerships in the tropics."),
]  # fmt: skip


def demo_user(email: str, full_name: str, language: str = "en", *, is_staff: bool = False) -> User:
    """A demo account with a verified address and the published demo password."""
    from allauth.account.models import EmailAddress

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.HUB_DEMO_PASSWORD,
            full_name=full_name,
            preferred_language=language,
            is_staff=is_staff,
            is_superuser=is_staff,
        )
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def seed() -> None:
    for email, name, language, superuser in STAFF:
        demo_user(email, name, language, is_staff=True)
        if not superuser:
            User.objects.filter(email=email).update(is_superuser=False)
    for name, acronym, org_type, countries, description in ORGANIZATIONS:
        Organization.objects.get_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "type": org_type,
                "countries": countries,
                "description": description,
            },
        )


def logins() -> list[tuple[str, str, str]]:
    return [
        (email, name, "hub staff, superuser" if superuser else "hub staff")
        for email, name, _language, superuser in STAFF
    ]
