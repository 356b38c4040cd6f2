"""The subject areas challenges and students are matched by, so every install has them
(more come with later migrations)."""

from django.db import migrations

DISCIPLINES = [
    ("Socialt arbete", "socialt-arbete"),
    ("Pedagogik", "pedagogik"),
    ("Idrottsvetenskap", "idrottsvetenskap"),
    ("Folkhälsovetenskap", "folkhalsovetenskap"),
    ("Vårdvetenskap", "vardvetenskap"),
    ("Datavetenskap", "datavetenskap"),
    ("Innovationsteknik och design", "innovation-design"),
    ("Ekonomi", "ekonomi"),
    ("Statsvetenskap", "statsvetenskap"),
    ("Psykologi", "psykologi"),
    ("Samhällsplanering", "samhallsplanering"),
    ("Måltidskunskap", "maltidskunskap"),
]


def add(apps, schema_editor):
    Discipline = apps.get_model("challenges", "Discipline")
    for name, slug in DISCIPLINES:
        Discipline.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
