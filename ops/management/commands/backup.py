from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a complete backup of the database (every table) to one file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Default: var/backups/torchportal-<date-time>.backup"
        )

    def handle(self, *args, output, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        path = output or Path(settings.BASE_DIR) / "var" / "backups" / f"torchportal-{stamp}.backup"
        try:
            backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Backup written to {path} ({path.stat().st_size:,} bytes).")
