from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import bench
from ops.synthetic import generate, registry_is_empty


class Command(BaseCommand):
    help = (
        "Load-test the portal: builds the full-scale synthetic PostgreSQL database "
        "(DATABASE_URL) when missing, serves it with gunicorn and prints the tables: the page "
        "cache off, then on, then the downloads."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=10, help="Load time per row.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument(
            "--only",
            default="",
            help="Only the rows whose label holds this text (and the baseline).",
        )

    def handle(self, *args, clients, seconds, workers, threads, only, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL.")
        bench.ensure_database(self.stdout)
        call_command("migrate", verbosity=0)
        if registry_is_empty():
            self.stdout.write("Building the full-scale synthetic database (once)...")
            self.stdout.write(generate(scale=1).summary())
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        connection.close()  # the server's workers get their own connections
        try:
            result = bench.run(clients, seconds, workers, threads, only=only)
        except bench.PortTaken as error:
            raise CommandError(str(error)) from None
        self.stdout.write(result)
        output = Path(settings.BASE_DIR) / "var" / "bench" / "latest.md"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(result + "\n", encoding="utf-8")
        self.stdout.write(f"\nSaved to {output}")
