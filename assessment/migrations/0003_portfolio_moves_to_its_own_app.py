"""Portfolios, initiatives and status reports move to the `portfolio` app.

Only Django's idea of where the models live changes here: the tables and their rows stay
(portfolio 0001 takes the models over on the same tables, portfolio 0002 renames them).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0002_default_criteria"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                # Those that refer to the others first.
                migrations.DeleteModel(name="StatusReport"),
                migrations.DeleteModel(name="PortfolioInitiative"),
                migrations.DeleteModel(name="Portfolio"),
            ],
            database_operations=[],
        ),
    ]
