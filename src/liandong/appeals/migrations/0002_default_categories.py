from django.db import migrations


def load(apps, schema_editor):
    from liandong.appeals.defaults import load_categories

    load_categories(apps.get_model("appeals", "AppealCategory"), apps.get_model("accounts", "Organization"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
