# The models moved from the tasks app (issue #10). Their tables, created by tasks 0003, are
# taken over as they are: state only here; 0002 renames the tables.

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import reminders.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("plans", "0003_historicalplan_closing_plan_closing_and_more"),
        ("tasks", "0003_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReminderSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("enabled", models.BooleanField(default=True, verbose_name="send reminders")),
                        (
                            "due_days",
                            models.JSONField(
                                default=reminders.models._default_due_days,
                                help_text="Whole days, e.g. 7 and 1.",
                                verbose_name="remind this many days before a deadline",
                            ),
                        ),
                        (
                            "overdue_repeat_days",
                            models.PositiveSmallIntegerField(
                                default=7,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(60),
                                ],
                                verbose_name="repeat overdue reminders every (days)",
                            ),
                        ),
                        (
                            "review_notice_days",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[django.core.validators.MaxValueValidator(31)],
                                verbose_name="remind ongoing tasks this many days before a review period ends",
                            ),
                        ),
                        (
                            "send_hour",
                            models.PositiveSmallIntegerField(
                                default=7,
                                help_text=(
                                    "Local time (Asia/Ho_Chi_Minh); reminders go out at the first scan from this hour."
                                ),
                                validators=[django.core.validators.MaxValueValidator(23)],
                                verbose_name="send from this hour",
                            ),
                        ),
                        (
                            "chairman_weekday",
                            models.PositiveSmallIntegerField(
                                choices=[
                                    (0, "Monday"),
                                    (1, "Tuesday"),
                                    (2, "Wednesday"),
                                    (3, "Thursday"),
                                    (4, "Friday"),
                                    (5, "Saturday"),
                                    (6, "Sunday"),
                                ],
                                default=0,
                                verbose_name="chairman's weekly summary on",
                            ),
                        ),
                        (
                            "unit",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminder_settings",
                                to="plans.administrativeunit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder settings",
                        "verbose_name_plural": "reminder settings",
                        "db_table": "tasks_remindersettings",
                    },
                ),
                migrations.CreateModel(
                    name="Reminder",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("official", "Official's digest"),
                                    ("clerk", "Clerk's digest"),
                                    ("chairman", "Chairman's weekly summary"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        ("day", models.DateField(verbose_name="day")),
                        (
                            "status",
                            models.CharField(
                                choices=[("sent", "Sent"), ("skipped", "Skipped"), ("failed", "Failed")],
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "channel",
                            models.CharField(
                                blank=True,
                                choices=[("email", "E-mail and in-app"), ("in_app", "In-app only")],
                                max_length=10,
                                verbose_name="channel",
                            ),
                        ),
                        ("subject", models.CharField(blank=True, max_length=300, verbose_name="subject")),
                        ("reason", models.CharField(blank=True, max_length=300, verbose_name="reason")),
                        ("task_ids", models.JSONField(default=list, verbose_name="tasks")),
                        ("has_overdue", models.BooleanField(default=False, editable=False)),
                        ("has_review", models.BooleanField(default=False, editable=False)),
                        ("attempts", models.PositiveSmallIntegerField(default=1, verbose_name="attempts")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                        ),
                        (
                            "recipient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminders",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="plans.administrativeunit",
                                verbose_name="unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reminder",
                        "verbose_name_plural": "reminders",
                        "ordering": ["-day", "-created_at"],
                        "indexes": [models.Index(fields=["unit", "-day"], name="reminder_unit_day_idx")],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("recipient", "kind", "day"), name="reminder_once_per_person_kind_day"
                            )
                        ],
                        "db_table": "tasks_reminder",
                    },
                ),
            ],
        ),
    ]
