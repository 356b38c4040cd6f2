"""The content types of the moved models follow them to the portfolio app, so the admin's
history of each initiative and any permission given on these models stay attached.

On a new database there is nothing to move: the content types are created for the portfolio
app after migrating.
"""

from django.db import migrations

MODELS = ["portfolio", "portfolioinitiative", "statusreport"]


def relabel(apps, old_label, new_label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if ContentType.objects.filter(app_label=new_label, model=model).exists():
            continue
        ContentType.objects.filter(app_label=old_label, model=model).update(app_label=new_label)


def forwards(apps, schema_editor):
    relabel(apps, "assessment", "portfolio")


def backwards(apps, schema_editor):
    relabel(apps, "portfolio", "assessment")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portfolio", "0002_tables_named_after_the_app"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
