import time

import tablib
from django.core.management.base import BaseCommand
from django.db import transaction

from incubators.models import Company
from innofund.models import Programme
from innofund.resources import ProjectResource
from zones.models import Province, Region


class Command(BaseCommand):
    help = (
        "Benchmark: import N synthetic Innofund project rows through the admin's import "
        "(preview, then the import itself, then the same rows changed: updates), report the "
        "times, and roll everything back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, rows, **options):
        with transaction.atomic():
            dataset = self.synthetic_projects(rows)
            timings = {}
            for label, dry_run in [("preview (dry run)", True), ("import", False),
                                   ("update (every row changed)", False)]:  # fmt: skip
                if label.startswith("update"):
                    amounts = dataset.headers.index("amount")
                    dataset = tablib.Dataset(
                        *[
                            [*row[:amounts], row[amounts] + 1, *row[amounts + 1 :]]
                            for row in dataset
                        ],
                        headers=dataset.headers,
                    )
                started = time.perf_counter()
                result = ProjectResource().import_data(
                    dataset, dry_run=dry_run, use_transactions=True,
                    rollback_on_validation_errors=True,
                )  # fmt: skip
                timings[label] = time.perf_counter() - started
                if result.has_errors() or result.has_validation_errors():
                    raise SystemExit(f"The benchmark's rows did not import: {result.totals}")
            transaction.set_rollback(True)
        for label, seconds in timings.items():
            self.stdout.write(
                f"{label}: {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
            )

    def synthetic_projects(self, rows: int) -> tablib.Dataset:
        province, _ = Province.objects.get_or_create(
            code="110000", defaults={"name": "Beijing", "region": Region.EAST}
        )
        programme = Programme.objects.create(name="Benchmark programme", slug="bench-programme")
        companies = Company.objects.bulk_create(
            Company(name=f"Benchmark company {n}", slug=f"bench-company-{n}", province=province)
            for n in range(max(rows // 10, 1))
        )
        dataset = tablib.Dataset(
            headers=[
                "slug",
                "name",
                "programme",
                "company",
                "province",
                "year",
                "amount",
                "currency",
            ]
        )
        for n in range(rows):
            dataset.append([
                f"bench-project-{n}", f"Benchmark project {n}", programme.slug,
                companies[n % len(companies)].slug, province.code, 1999 + n % 25, 500000 + n, "CNY",
            ])  # fmt: skip
        return dataset
