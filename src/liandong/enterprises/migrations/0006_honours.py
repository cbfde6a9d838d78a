"""The honours the tier standards test (科技奖励, 研发机构, 示范企业, “创客中国”500强) join the catalogue."""

from django.db import migrations


def forwards(apps, schema_editor):
    from liandong.enterprises.reference import load_qualification_catalogue

    load_qualification_catalogue(apps.get_model("enterprises", "QualificationType"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0005_import_job_language")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
