"""Copy the tokens of rest_framework.authtoken (no longer installed), hashed, as tokens
named "API": scripts keep working with the token they have. The old table is left alone;
drop `authtoken_token` once this has run everywhere."""

import hashlib

from django.db import migrations

OLD_TABLE = "authtoken_token"


def copy_old_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, user_id, created FROM {OLD_TABLE}")  # noqa: S608
        rows = cursor.fetchall()
    known = set(ApiToken.objects.values_list("key_hash", flat=True))
    for key, user_id, created in rows:
        key_hash = hashlib.sha256(key.encode()).hexdigest()
        if key_hash in known:
            continue
        token = ApiToken.objects.create(user_id=user_id, name="API", key_hash=key_hash)
        ApiToken.objects.filter(pk=token.pk).update(created_at=created)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(copy_old_tokens, migrations.RunPython.noop)]
