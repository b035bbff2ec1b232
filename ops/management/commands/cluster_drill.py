import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import bench, cluster


class Command(BaseCommand):
    help = (
        "The several-servers drill on PostgreSQL (DATABASE_URL, created when missing) and Redis "
        "(REDIS_URL): nginx in front of two gunicorn instances on loopback; an edit through one "
        "seen through the other, one session on both, one instance killed under load and back."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=20)

    def handle(self, *args, seconds, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The drill runs on PostgreSQL: set DATABASE_URL.")
        bench.ensure_database(self.stdout)
        call_command("migrate", verbosity=0)
        call_command("load_documents", verbosity=0)
        password = secrets.token_urlsafe(16)
        user, _ = get_user_model().objects.update_or_create(
            username="cluster-drill", defaults={"is_staff": True, "is_superuser": True}
        )
        user.set_password(password)
        user.save()
        connection.close()
        report, problems = cluster.run("cluster-drill", password, seconds=seconds)
        self.stdout.write(report)
        if problems:
            raise CommandError("Several-servers drill failed:\n- " + "\n- ".join(problems))
        self.stdout.write("Several-servers drill passed.")
