"""The hub's starting taxonomy: ecosystem types, livelihoods, commodities,
production methods and languages, labelled in English, Spanish, French and Portuguese.
Hub staff manage the terms in the admin afterwards."""

from django.db import migrations

TERMS = {
    "ecosystem_type": [
        ("tropical-forest", "Tropical forest", "Bosque tropical", "Forêt tropicale", "Floresta tropical"),
        ("montane-forest", "Montane forest", "Bosque montano", "Forêt de montagne", "Floresta montana"),
        ("dry-forest", "Dry forest", "Bosque seco", "Forêt sèche", "Floresta seca"),
        ("savanna", "Savanna", "Sabana", "Savane", "Savana"),
        ("grassland", "Grassland", "Pastizal", "Prairie", "Campo nativo"),
        ("wetland", "Wetland", "Humedal", "Zone humide", "Área úmida"),
        ("mangrove", "Mangrove", "Manglar", "Mangrove", "Manguezal"),
        ("freshwater", "Rivers and lakes", "Ríos y lagos", "Rivières et lacs", "Rios e lagos"),
        ("cropland", "Cropland", "Tierras de cultivo", "Terres cultivées", "Terras agrícolas"),
        ("agroforestry-mosaic", "Agroforestry mosaic", "Mosaico agroforestal", "Mosaïque agroforestière", "Mosaico agroflorestal"),
    ],
    "livelihood": [
        ("smallholder-farming", "Smallholder farming", "Agricultura familiar", "Agriculture familiale", "Agricultura familiar"),
        ("livestock-keeping", "Livestock keeping", "Ganadería", "Élevage", "Pecuária"),
        ("fishing", "Fishing", "Pesca", "Pêche", "Pesca"),
        ("forest-products", "Forest products", "Productos forestales", "Produits forestiers", "Produtos florestais"),
        ("tourism", "Tourism", "Turismo", "Tourisme", "Turismo"),
        ("beekeeping", "Beekeeping", "Apicultura", "Apiculture", "Apicultura"),
    ],
    "commodity": [
        ("coffee", "Coffee", "Café", "Café", "Café"),
        ("cocoa", "Cocoa", "Cacao", "Cacao", "Cacau"),
        ("tea", "Tea", "Té", "Thé", "Chá"),
        ("dairy", "Dairy", "Lácteos", "Produits laitiers", "Laticínios"),
        ("cattle", "Beef cattle", "Ganado de carne", "Bovins à viande", "Gado de corte"),
        ("maize", "Maize", "Maíz", "Maïs", "Milho"),
        ("sorghum-millet", "Sorghum and millet", "Sorgo y mijo", "Sorgho et mil", "Sorgo e milheto"),
        ("timber", "Timber", "Madera", "Bois d'œuvre", "Madeira"),
        ("honey", "Honey", "Miel", "Miel", "Mel"),
        ("shea", "Shea", "Karité", "Karité", "Karité"),
    ],
    "production_method": [
        ("agroforestry", "Agroforestry", "Agroforestería", "Agroforesterie", "Agrofloresta"),
        ("organic", "Organic farming", "Agricultura orgánica", "Agriculture biologique", "Agricultura orgânica"),
        ("conservation-agriculture", "Conservation agriculture", "Agricultura de conservación", "Agriculture de conservation", "Agricultura de conservação"),
        ("fmnr", "Farmer-managed natural regeneration", "Regeneración natural gestionada por agricultores", "Régénération naturelle assistée", "Regeneração natural manejada por agricultores"),
        ("shade-grown", "Shade-grown", "Bajo sombra", "Sous ombrage", "Sombreado"),
        ("silvopasture", "Silvopasture", "Sistema silvopastoril", "Sylvopastoralisme", "Silvipastoril"),
    ],
    "language": [
        ("english", "English", "Inglés", "Anglais", "Inglês"),
        ("spanish", "Spanish", "Español", "Espagnol", "Espanhol"),
        ("french", "French", "Francés", "Français", "Francês"),
        ("portuguese", "Portuguese", "Portugués", "Portugais", "Português"),
        ("swahili", "Swahili", "Suajili", "Swahili", "Suaíli"),
        ("moore", "Mooré", "Mooré", "Mooré", "Mooré"),
        ("quechua", "Quechua", "Quechua", "Quechua", "Quíchua"),
        ("awajun", "Awajún", "Awajún", "Awajún", "Awajún"),
    ],
}  # fmt: skip


def add_terms(apps, schema_editor):
    TaxonomyTerm = apps.get_model("landscapes", "TaxonomyTerm")
    for vocabulary, rows in TERMS.items():
        for position, (key, en, es, fr, pt) in enumerate(rows):
            TaxonomyTerm.objects.update_or_create(
                key=key,
                defaults={
                    "vocabulary": vocabulary,
                    "label_en": en,
                    "label_es": es,
                    "label_fr": fr,
                    "label_pt": pt,
                    "position": position,
                },
            )


def remove_terms(apps, schema_editor):
    TaxonomyTerm = apps.get_model("landscapes", "TaxonomyTerm")
    keys = [row[0] for rows in TERMS.values() for row in rows]
    TaxonomyTerm.objects.filter(key__in=keys).delete()


class Migration(migrations.Migration):
    dependencies = [("landscapes", "0001_initial")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
