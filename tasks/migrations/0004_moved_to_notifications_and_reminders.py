# Notification moved to the notifications app, ReminderSettings and Reminder to the reminders app
# (issue #10): they leave this app's state only; their tables (and rows) now belong to those apps.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_reminders"),
        ("notifications", "0001_initial"),
        ("reminders", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Notification"),
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="ReminderSettings"),
            ],
        ),
    ]
