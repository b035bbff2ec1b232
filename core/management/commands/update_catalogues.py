"""Collect every translatable string into the catalogues, after a change to the interface.

Runs makemessages (GNU gettext's xgettext) for English and Simplified Chinese, makes the English
catalogue complete (each message is its own translation) and lists what Chinese still lacks."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Folders whose strings are not the portal's interface.
LOCALES = ["en", "zh_Hans"]
IGNORED = [".venv/*", "var/*", "tests/*", "static/vendor/*", "locale/*"]


def catalogue_path(locale: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"


def untranslated(catalogue: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalogue if not entry.obsolete and not entry.translated()]


class Command(BaseCommand):
    help = "Update locale/en and locale/zh_Hans from the code and templates."

    def handle(self, *args, **options):
        call_command(
            "makemessages",
            locale=LOCALES,
            ignore_patterns=IGNORED,
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
        for locale in LOCALES:
            catalogue = polib.pofile(str(catalogue_path(locale)))
            catalogue.metadata.update(
                {"Project-Id-Version": "Torch Portal", "Language": locale.replace("_", "-")}
            )
            catalogue.metadata_is_fuzzy = False
            catalogue.header = f"Torch Portal's interface in {locale}: `make messages` updates it."
            catalogue.save()
        english = polib.pofile(str(catalogue_path("en")))
        for entry in english:
            entry.msgstr = entry.msgid
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        english.save()
        missing = untranslated(polib.pofile(str(catalogue_path("zh_Hans"))))
        for entry in missing:
            self.stdout.write(f"Untranslated: {entry.msgid!r}")
        self.stdout.write(f"{len(missing)} Chinese messages to translate.")
