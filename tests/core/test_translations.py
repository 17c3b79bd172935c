"""Vietnamese first: the catalogue is complete, and every model label has a Vietnamese text."""

from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
# The project's own apps (under BASE_DIR, not installed packages), the demo included.
OUR_APPS = [
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(settings.BASE_DIR) and ".venv" not in Path(config.path).parts
]
# Labels that read the same in both languages.
SAME_IN_BOTH = {"PAPI", "STT", "Email", "email address"}


def test_vietnamese_catalogue_has_no_untranslated_or_fuzzy_entries():
    catalogue = polib.pofile(str(CATALOGUE))

    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def _model_labels():
    for app_label in OUR_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            meta = model._meta
            yield f"{model.__name__} verbose_name", meta.verbose_name
            yield f"{model.__name__} verbose_name_plural", meta.verbose_name_plural
            for field in meta.get_fields():
                if getattr(field, "auto_created", False) or not hasattr(field, "verbose_name"):
                    continue
                if not field.editable:  # never shown in forms (sort keys, checksums)
                    continue
                if field.model is not model:  # inherited from Django's AbstractUser: Django translates those
                    continue
                yield f"{model.__name__}.{field.name}", field.verbose_name
                for value, label in field.choices or []:
                    yield f"{model.__name__}.{field.name}={value}", label


@pytest.mark.parametrize(("where", "label"), list(_model_labels()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_model_label_is_translated_to_vietnamese(where, label):
    with translation.override("en"):
        english = str(label)
    with translation.override("vi"):
        vietnamese = str(label)
    assert vietnamese != english or english in SAME_IN_BOTH, f"{where}: {english!r} has no Vietnamese translation"
