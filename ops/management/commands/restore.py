import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ops.backup import BackupError, digest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into an EMPTY database (DATABASE_URL); --digest prints each table's "
        "row count and fingerprint instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument(
            "--digest",
            action="store_true",
            dest="show_digest",
            help="Only print each table's row count and fingerprint, to compare two databases.",
        )

    def handle(self, *args, file, show_digest: bool, **options):
        if show_digest:
            self.stdout.write(json.dumps(digest()))
            return
        if file is None:
            raise CommandError("Name the backup file to restore.")
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {file}.")
