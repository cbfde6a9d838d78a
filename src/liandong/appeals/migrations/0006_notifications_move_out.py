"""Notification, Delivery and DepartmentChannels now belong to the notifications app (its 0001 takes
them over, tables and rows unchanged); here they leave appeals' model state only."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0005_notification_subject"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Delivery"),
                migrations.DeleteModel(name="DepartmentChannels"),
                migrations.DeleteModel(name="Notification"),
            ],
        ),
    ]
