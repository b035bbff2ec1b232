from django.core.management.base import BaseCommand

from portal.prebuilt import build, root


class Command(BaseCommand):
    help = (
        "Build the open data package and the 360Giving file from the published data, in every "
        "language, into DOWNLOADS_ROOT, unless they are built for the data as it is (--force: "
        "build anyway). Portal processes start it after the data changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")
        parser.add_argument(
            "--settle",
            type=float,
            default=0,
            help="Wait this many seconds without a change before building.",
        )

    def handle(self, force, settle, **options):
        version = build(force=force, settle=settle)
        if version is None:
            self.stdout.write(f"Nothing to build (up to date, or being built) in {root()}.")
        else:
            self.stdout.write(f"Built the downloads for data version {version} in {root()}.")
