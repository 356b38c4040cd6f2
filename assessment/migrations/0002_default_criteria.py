"""The partnership's three assessment criteria, as the Core Teams use them.

"Core Team sorterar, bedömer och prioriterar utifrån invånarnytta, innovationshöjd och
partnerskapspotential." Administrators can change the texts and weights afterwards.
"""

from decimal import Decimal

from django.db import migrations

CRITERIA = [
    {
        "key": "citizen_value",
        "name": "Invånarnytta",
        "order": 1,
        "guiding_question": (
            "Vilken skillnad gör initiativet för invånarna – barn och unga eller äldre – och "
            "hur nära ligger det fokusområdets norrstjärna?"
        ),
        "level_1": (
            "Nyttan för invånarna är liten eller oklar. Den stannar främst inom "
            "organisationen eller är svår att se hur den når fram."
        ),
        "level_3": (
            "Tydlig nytta för en avgränsad grupp invånare, men effekten är begränsad eller "
            "svår att följa upp."
        ),
        "level_5": (
            "Stor och tydlig nytta för många invånare, direkt kopplad till norrstjärnan och "
            "möjlig att följa upp över tid."
        ),
    },
    {
        "key": "innovation_level",
        "name": "Innovationshöjd",
        "order": 2,
        "guiding_question": (
            "Hur nytt är angreppssättet, och i vilken grad utmanar det hur vi arbetar och "
            "löser problemet i dag?"
        ),
        "level_1": (
            "En förbättring av något som redan finns. Liknande lösningar är vanliga hos "
            "parterna."
        ),
        "level_3": (
            "Nytt för parterna eller i vår region, men prövat på andra håll. Förändrar delar "
            "av ett arbetssätt."
        ),
        "level_5": (
            "Nytt och systemförändrande. Prövar ett angreppssätt som kan förändra hur vi "
            "möter samhällsutmaningen, och som andra kan lära av."
        ),
    },
    {
        "key": "partnership_potential",
        "name": "Partnerskapspotential",
        "order": 3,
        "guiding_question": (
            "Behöver initiativet samverkan mellan parterna för att lyckas, och kan det "
            "engagera fler aktörer?"
        ),
        "level_1": (
            "Kan genomföras av en part på egen hand. Samverkan tillför lite."
        ),
        "level_3": (
            "Två parter har tydliga roller och vinner på att arbeta tillsammans. Fler aktörer "
            "kan bidra."
        ),
        "level_5": (
            "Kräver och stärker samverkan mellan alla tre parterna, och engagerar fler "
            "aktörer som civilsamhälle, näringsliv, region eller studenter."
        ),
    },
]


def create_defaults(apps, schema_editor):
    Criterion = apps.get_model("assessment", "Criterion")
    for data in CRITERIA:
        Criterion.objects.get_or_create(
            key=data["key"], defaults={**data, "weight": Decimal("1.00"), "is_active": True}
        )


def remove_defaults(apps, schema_editor):
    Criterion = apps.get_model("assessment", "Criterion")
    Criterion.objects.filter(key__in=[c["key"] for c in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, remove_defaults)]
