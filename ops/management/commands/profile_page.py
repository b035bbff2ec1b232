import cProfile
import io
import pstats
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings


class Command(BaseCommand):
    help = (
        "Profile addresses as the server makes them, with the page cache off: each one's server "
        "time and SQL time over a few requests, then where the time goes (cProfile, with "
        "--top). Run it against the benchmark's database: "
        "DATABASE_URL=postgres://.../torchportal_bench manage.py profile_page /zones/"
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+")
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--top", type=int, default=0, help="Functions to list.")
        parser.add_argument("--sort", default="cumulative", help="cProfile's order.")

    def handle(self, urls, repeat, top, sort, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        sql = []

        def timed(execute, *args):
            started = time.perf_counter()
            try:
                return execute(*args)
            finally:
                sql.append(time.perf_counter() - started)

        # The API throttle would answer most repeats with 429: it is not what is measured.
        with override_settings(
            PAGE_CACHE_SECONDS=0, ALLOWED_HOSTS=["127.0.0.1"], API_ANON_RATE="100000000/minute"
        ):
            for url in urls:
                client.get(url)  # warm: templates compiled, per-process caches filled
                timings, sql_times, queries = [], [], 0
                profiler = cProfile.Profile()
                for _ in range(repeat):
                    sql.clear()
                    started = time.perf_counter()
                    with connection.execute_wrapper(timed):
                        response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                    sql_times.append(sum(sql) * 1000)
                    queries = len(sql)
                    if top:
                        profiler.enable()
                        client.get(url)
                        profiler.disable()
                median = sorted(timings)[len(timings) // 2]
                self.stdout.write(
                    f"{url}: {response.status_code}, {len(response.content):,} bytes, "
                    f"{min(timings):.1f} ms best of {repeat} (median {median:.1f}), "
                    f"SQL {min(sql_times):.1f} ms in {queries} queries"
                )
                if top:
                    out = io.StringIO()
                    pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(top)
                    self.stdout.write(out.getvalue())
