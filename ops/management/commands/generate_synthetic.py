from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops.synthetic import FULL_SCALE, DatabaseNotEmpty, generate


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database (DATABASE_URL) with clearly labelled synthetic records for "
        f"benchmarks; --scale 1 is the full scale ({FULL_SCALE['zones']:,} zones, "
        f"{FULL_SCALE['companies']:,} companies, ...)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = full scale.")
        parser.add_argument("--seed", type=int, default=8, help="The same seed, the same data.")

    def handle(self, *args, scale, seed, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must lie between 0 and 10.")
        try:
            report = generate(scale=scale, seed=seed)
        except DatabaseNotEmpty as error:
            raise CommandError(str(error)) from None
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh planner statistics, and the visibility map a deep directory page's
                # index-only scan needs (autovacuum would set it later); VACUUM cannot run in
                # a transaction (a test's).
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(report.summary())
