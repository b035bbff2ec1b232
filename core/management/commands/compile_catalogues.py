"""Compile the translation catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Pure Python (polib), so a fresh checkout needs no GNU gettext to run the portal."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile every .po catalogue under LOCALE_PATHS into its .mo file."

    def handle(self, *args, **options):
        catalogues = [
            po for path in settings.LOCALE_PATHS for po in Path(path).glob("*/LC_MESSAGES/*.po")
        ]
        if not catalogues:
            raise CommandError(f"No catalogues found under {settings.LOCALE_PATHS}.")
        for po_path in catalogues:
            try:
                catalogue = polib.pofile(str(po_path))
            except OSError as error:
                raise CommandError(f"{po_path}: {error}") from None
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"{po_path}: {len(catalogue.translated_entries())} messages")
