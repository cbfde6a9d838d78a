"""GB/T 4754-2017 and the qualification catalogue in every new database (docs/architecture.md#data)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from liandong.enterprises.reference import load_industry_codes, load_qualification_catalogue

    load_industry_codes(apps.get_model("enterprises", "IndustryCode"))
    load_qualification_catalogue(apps.get_model("enterprises", "QualificationType"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
