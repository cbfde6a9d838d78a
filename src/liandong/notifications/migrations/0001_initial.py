"""The notifications app takes over Notification, Delivery and DepartmentChannels from appeals (#14
item 5): model state only; the tables (appeals_*) and their rows stay where they are. The content
types move too, so permissions and audit history follow the models."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["notification", "delivery", "departmentchannels"]


def _relabel(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label=target, model=model).exists():
            ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types(apps, schema_editor):
    _relabel(apps, "appeals", "notifications")


def move_content_types_back(apps, schema_editor):
    _relabel(apps, "notifications", "appeals")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('appeals', '0005_notification_subject'),
        ('accounts', '0003_apitoken_chinese_labels'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='Delivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=160, unique=True, verbose_name='message number')),
                ('channel', models.CharField(choices=[('email', 'E-mail'), ('wecom', 'WeCom group robot'), ('dingtalk', 'DingTalk group robot')], max_length=10, verbose_name='channel')),
                ('target', models.CharField(max_length=300, verbose_name='recipient')),
                ('subject', models.CharField(max_length=200, verbose_name='subject')),
                ('body', models.TextField(verbose_name='message text')),
                ('state', models.CharField(choices=[('pending', 'Pending'), ('sending', 'Sending'), ('sent', 'Sent'), ('failed', 'Failed')], db_index=True, default='pending', max_length=10, verbose_name='sending state')),
                ('error', models.CharField(blank=True, max_length=300, verbose_name='reason of failure')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
            ],
            options={
                'verbose_name': 'outgoing message',
                'verbose_name_plural': 'outgoing messages',
                'db_table': 'appeals_delivery',
            },
        ),
        migrations.CreateModel(
            name='DepartmentChannels',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.BooleanField(default=True, verbose_name='e-mail the staff')),
                ('webhook_format', models.CharField(blank=True, choices=[('', 'No webhook'), ('wecom', 'WeCom group robot'), ('dingtalk', 'DingTalk group robot')], max_length=10, verbose_name='webhook')),
                ('webhook_url', models.URLField(blank=True, verbose_name='webhook URL')),
                ('organization', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='alert_channels', to='accounts.organization', verbose_name='organization')),
            ],
            options={
                'verbose_name': 'alert channels',
                'verbose_name_plural': 'alert channels',
                'db_table': 'appeals_departmentchannels',
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject_id', models.PositiveBigIntegerField(blank=True, null=True, verbose_name='about (record number)')),
                ('reference', models.CharField(blank=True, max_length=40, verbose_name='reference number')),
                ('link', models.CharField(blank=True, max_length=300, verbose_name='link')),
                ('kind', models.CharField(max_length=20, verbose_name='kind')),
                ('title', models.CharField(max_length=200, verbose_name='subject')),
                ('body', models.TextField(blank=True, verbose_name='message text')),
                ('key', models.CharField(max_length=120, unique=True, verbose_name='once-only key')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='recipient')),
                ('subject_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype', verbose_name='about (kind of record)')),
            ],
            options={
                'verbose_name': 'notification',
                'verbose_name_plural': 'notifications',
                'db_table': 'appeals_notification',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['recipient', 'read_at'], name='appeals_not_recipie_d371cd_idx'), models.Index(fields=['subject_type', 'subject_id'], name='notification_subject_idx')],
            },
        ),
        ]),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
