from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops import bench, faults


class Command(BaseCommand):
    help = (
        "CI's fault drill on PostgreSQL (DATABASE_URL, created when missing): 200 clients for "
        "60 s, then Redis stopped, then PostgreSQL restarted, against gunicorn. Needs root."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=200)
        parser.add_argument("--seconds", type=float, default=60)

    def handle(self, *args, clients, seconds, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The fault drill runs on PostgreSQL: set DATABASE_URL.")
        bench.ensure_database(self.stdout)
        call_command("migrate", verbosity=0)
        call_command("load_documents", verbosity=0)
        connection.close()
        report, problems = faults.run(clients=clients, seconds=seconds)
        self.stdout.write(report)
        if problems:
            raise CommandError("Fault drill failed:\n- " + "\n- ".join(problems))
        self.stdout.write("Fault drill passed.")
