"""The five default chains in every new database (docs/architecture.md#data)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from liandong.chains.defaults import load_default_chains

    load_default_chains(
        apps.get_model("chains", "Chain"), apps.get_model("chains", "ChainNode"), apps.get_model("chains", "ChainEdge")
    )


class Migration(migrations.Migration):
    dependencies = [("chains", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
