from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.loading import DOCUMENTS_FIXTURE, LoadError, load_records, read_fixture


class Command(BaseCommand):
    help = (
        "Load the source documents' data (fixtures/documents.yaml). Creates what is missing and "
        "leaves records that exist as they are, so administrators' corrections survive; "
        "--update overwrites them with the file. Any bad record: nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DOCUMENTS_FIXTURE))
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite existing records' fields with the file's values.",
        )

    def handle(self, path, update, **options):
        try:
            report = load_records(read_fixture(Path(path)), update=update)
        except LoadError as error:
            raise CommandError(
                "Nothing was loaded. Fix these records and run again:\n" + str(error)
            ) from None
        self.stdout.write(report.summary() or "The file holds no records.")
