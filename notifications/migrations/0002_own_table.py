# The table moved from the tasks app gets this app's name (tasks_notification →
# notifications_notification, every row kept), and its content type follows it, so the
# permissions (and anything else pointing at the content type) keep pointing at the model.

from django.db import migrations

MODELS = ['notification']


def move_content_types(apps, schema_editor, source, target):
    """Give the moved models' content types to `target`; a content type `target` already got for
    one of them (post_migrate of an earlier run) is deleted first, with its permissions."""
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    for model in MODELS:
        old = content_types.filter(app_label=source, model=model).first()
        if old is None:
            continue
        content_types.filter(app_label=target, model=model).delete()
        old.app_label = target
        old.save(update_fields=["app_label"])


def forwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "tasks", "notifications")


def backwards(apps, schema_editor):
    move_content_types(apps, schema_editor, "notifications", "tasks")


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("tasks", "0004_moved_to_notifications_and_reminders"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelTable(name="notification", table=None),
        migrations.RunPython(forwards, backwards),
    ]
