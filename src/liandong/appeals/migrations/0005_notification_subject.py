"""Notifications name what they are about generically (subject, reference, link) instead of by a foreign
key to an appeal, so they can leave for the notifications app below the domains (#14 item 5).
Existing rows keep their appeal as subject, its number as reference and its page as link."""

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def appeal_to_subject(apps, schema_editor):
    Notification = apps.get_model("appeals", "Notification")
    Appeal = apps.get_model("appeals", "Appeal")
    ContentType = apps.get_model("contenttypes", "ContentType")
    linked = Notification.objects.filter(appeal__isnull=False)
    if not linked.exists():
        return
    appeal_type, _created = ContentType.objects.get_or_create(app_label="appeals", model="appeal")
    numbers = dict(Appeal.objects.values_list("pk", "number"))
    rows = []
    for note in linked.only("pk", "appeal_id").iterator(chunk_size=BATCH):
        number = numbers[note.appeal_id]
        note.subject_type_id, note.subject_id = appeal_type.pk, note.appeal_id
        note.reference, note.link = number, f"/appeals/{number}/"
        rows.append(note)
    Notification.objects.bulk_update(rows, ["subject_type", "subject_id", "reference", "link"], batch_size=BATCH)


def subject_to_appeal(apps, schema_editor):
    Notification = apps.get_model("appeals", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    appeal_type = ContentType.objects.filter(app_label="appeals", model="appeal").first()
    if appeal_type is not None:
        Notification.objects.filter(subject_type=appeal_type).update(appeal_id=models.F("subject_id"))


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0004_appeal_records_chinese_labels"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification", name="subject_type",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="+", to="contenttypes.contenttype",
                                    verbose_name="about (kind of record)"),
        ),
        migrations.AddField(
            model_name="notification", name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (record number)"),
        ),
        migrations.AddField(
            model_name="notification", name="reference",
            field=models.CharField(blank=True, max_length=40, verbose_name="reference number"),
        ),
        migrations.AddField(
            model_name="notification", name="link",
            field=models.CharField(blank=True, max_length=300, verbose_name="link"),
        ),
        migrations.RunPython(appeal_to_subject, subject_to_appeal),
        migrations.RemoveField(model_name="notification", name="appeal"),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["subject_type", "subject_id"], name="notification_subject_idx"),
        ),
    ]
