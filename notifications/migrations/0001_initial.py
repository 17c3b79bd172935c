# The model moved from the tasks app (issue #10). Its table, created by tasks 0001 and altered by
# tasks 0003, is taken over as it is: state only here; 0002 renames the table.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tasks", "0003_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("assigned", "You were assigned a task"),
                                    ("reported", "A task was reported done"),
                                    ("confirmed", "Your task was confirmed done"),
                                    ("returned", "Your task was returned"),
                                    ("commented", "New comment on a task"),
                                    ("deadline", "A task's deadline changed"),
                                    ("reminder", "Reminder"),
                                ],
                                max_length=12,
                                verbose_name="kind",
                            ),
                        ),
                        ("url", models.CharField(blank=True, max_length=300, verbose_name="link")),
                        ("detail", models.CharField(blank=True, max_length=300, verbose_name="detail")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                        ),
                        ("read_at", models.DateTimeField(blank=True, null=True, verbose_name="read at")),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                        (
                            "task",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty for a reminder digest, which covers several tasks.",
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="tasks.task",
                                verbose_name="task",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_inbox_idx")
                        ],
                        "db_table": "tasks_notification",
                    },
                ),
            ],
        ),
    ]
