from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from portal.releases import Busy, folder, make_release


class Command(BaseCommand):
    help = (
        "Release the published data (a numbered, dated package kept for good in RELEASES_DIR) "
        "if it changed since the last release; otherwise do nothing. Meant to run daily; safe "
        "to run twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--by", default="", help="The reviewer's username, when the admin started it."
        )

    def handle(self, by, **options):
        user = get_user_model().objects.filter(username=by).first() if by else None
        try:
            outcome = make_release(user=user)
        except Busy:
            self.stdout.write("Another release is being made now: nothing done.")
            return
        if outcome.release is None:
            since = f" since release {outcome.last.number}" if outcome.last else ""
            self.stdout.write(f"The published data has not changed{since}: no release made.")
            return
        release = outcome.release
        changed = ", ".join(
            f"{table['table']} +{table['added']['count']} -{table['removed']['count']} "
            f"~{table['changed']['count']}"
            for table in release.changes["tables"]
        )
        self.stdout.write(
            f"Made release {release.number}: {folder() / str(release.number) / release.filename} "
            f"({release.size} bytes, SHA-256 {release.sha256}). Changed: {changed or 'nothing'}."
        )
