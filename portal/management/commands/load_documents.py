from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.loading import LoadError, fixture_paths, load_records, read_fixtures


class Command(BaseCommand):
    help = (
        "Load the sources' data (fixtures/documents.yaml, then fixtures/since-2007/). Creates what is missing and "
        "leaves records that exist as they are, so administrators' corrections survive; "
        "--update overwrites them with the file. Any bad record: nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", help="Files to load instead of the fixtures, in this order."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite existing records' fields with the file's values.",
        )

    def handle(self, paths, update, **options):
        paths = [Path(path) for path in paths] or fixture_paths()
        try:
            report = load_records(read_fixtures(paths), update=update)
        except LoadError as error:
            raise CommandError(
                "Nothing was loaded. Fix these records and run again:\n" + str(error)
            ) from None
        self.stdout.write(report.summary() or "The file holds no records.")
