"""The portal's load benchmark: gunicorn serving the full-scale synthetic database, loaded by
concurrent clients from this process, every row compared with a trivial view measured in the
same run on the same server."""

import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from django.conf import settings
from django.db import OperationalError, connection

from core.cache import data_changed
from dashboards.charts import CHARTS
from incubators.models import Company, Incubator
from ops.synthetic import FIELDS, WORDS
from zones.models import Province, Zone

HOST, PORT = "127.0.0.1", 8765


@dataclass
class Row:
    """One line of the table: a kind of request, tried over a few URLs."""

    label: str
    urls: list[str]
    latencies: list[float] = field(default_factory=list)  # seconds
    queries: list[int] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0
    first: list[float] = field(default_factory=list)  # each URL's first request (cache cold)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0


def ensure_database(stdout) -> None:
    """Create the PostgreSQL database DATABASE_URL names, if it does not exist yet."""
    try:
        connection.ensure_connection()
    except OperationalError:
        database = settings.DATABASES["default"]
        stdout.write(f"Creating the database {database['NAME']}...")
        with psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"],
            dbname="postgres",
            autocommit=True,
        ) as admin:
            admin.execute(f'CREATE DATABASE "{database["NAME"]}"')


def endpoints(rng: random.Random) -> list[Row]:
    """What a visitor, an analyst and a program ask for, at several addresses each."""
    zones = list(Zone.objects.published().values_list("slug", flat=True)[:2000])
    pages = Zone.objects.published().count() // 25 + 1
    words = [word for word, _ in WORDS[:6]] + [word for word, _ in FIELDS[:6]]
    return [
        Row("trivial view (baseline)", ["/ping"]),
        Row("home", ["/", "/zh-hans/"]),
        Row(
            "zones: filtered, sorted, first page",
            [
                "/zones/?kind=stip&sort=-name",
                "/zones/?region=east&sort=approved",
                "/zh-hans/zones/?kind=specialized_base&sort=name",
            ],
        ),  # fmt: skip
        Row(
            "zones: deep page",
            [f"/zones/?sort=name&page={page}" for page in range(pages - 5, pages + 1)],
        ),
        Row("companies: search", [f"/companies/?{urlencode({'q': word})}" for word in words]),
        Row("zone profiles", [f"/zones/{slug}/" for slug in rng.sample(zones, 20)]),
        Row(
            "incubator profiles",
            [
                f"/incubators/{slug}/"
                for slug in Incubator.objects.values_list("slug", flat=True)[:20]
            ],
        ),
        Row(
            "company profiles",
            [f"/companies/{slug}/" for slug in Company.objects.values_list("slug", flat=True)[:20]],
        ),
        Row(
            "province profiles",
            [
                f"/provinces/{slug}/"
                for slug in Province.objects.values_list("slug", flat=True)[:10]
            ],
        ),
        Row("dashboard page", ["/dashboards/", "/zh-hans/dashboards/"]),
        *[Row(f"chart {slug}.json", [f"/dashboards/{slug}.json"]) for slug in CHARTS],
        Row("API zones list", ["/api/v1/zones/", "/api/v1/zones/?kind=stip&ordering=-name"]),
        Row("API companies list", [f"/api/v1/companies/?page={n}" for n in (1, 2, 100)]),
        Row("API projects list", ["/api/v1/projects/", "/api/v1/projects/?year_from=2010"]),
    ]


def request(connection: http.client.HTTPConnection, url: str) -> tuple[int, int, float]:
    started = time.perf_counter()
    connection.request("GET", url, headers={"Host": HOST})
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    return response.status, int(response.getheader("X-Query-Count") or 0), elapsed


def load(row: Row, clients: int, seconds: float) -> None:
    """`clients` connections asking for the row's URLs in turn, as fast as answered."""
    lock, stop = threading.Lock(), time.monotonic() + seconds

    def client(offset: int):
        connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
        number = offset
        while time.monotonic() < stop:
            url = row.urls[number % len(row.urls)]
            number += 1
            try:
                status, queries, elapsed = request(connection, url)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, PORT, timeout=30)
                with lock:
                    row.errors += 1
                continue
            with lock:
                row.latencies.append(elapsed)
                row.queries.append(queries)
                if status >= 400:
                    row.errors += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row.seconds = time.monotonic() - started


def cold(row: Row) -> None:
    """Each URL once, alone, before the load: what the first visitor after a change waits."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
    for url in row.urls:
        status, _, elapsed = request(connection, url)
        row.first.append(elapsed)
        if status >= 400:
            row.errors += 1
    connection.close()


def start_server(workers: int, threads: int, log=None, **extra_environment) -> subprocess.Popen:
    """gunicorn on HOST:PORT with DEBUG off; its output goes to `log` (an open file) if given."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key"),
        "QUERY_COUNT_HEADER": "true",
        "API_ANON_RATE": "100000000/minute",  # the benchmark measures speed, not the throttle
        **extra_environment,
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "torchportal.wsgi", "--bind", f"{HOST}:{PORT}",
         "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=log,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, PORT, timeout=2)
            if request(connection, "/ping")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Each gunicorn worker's resident memory, in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def run(clients: int = 8, seconds: float = 10, workers: int = 2, threads: int = 4) -> str:
    rows = endpoints(random.Random(8))
    data_changed()  # start from a cold cache: the "first" column is a first visit
    server = start_server(workers, threads)
    try:
        for row in rows:
            cold(row)
            load(row, clients, seconds)
        memory = worker_memory(server)
        data_changed()
        after_change = {}
        for row in rows:
            if row.label.startswith("chart"):
                connection = http.client.HTTPConnection(HOST, PORT, timeout=60)
                after_change[row.label] = request(connection, row.urls[0])[2] * 1000
                connection.close()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return table(rows, memory, after_change, clients, seconds, workers, threads)


def table(rows, memory, after_change, clients, seconds, workers, threads) -> str:
    baseline = rows[0].rate
    lines = [
        f"{clients} clients, {seconds:g} s a row, gunicorn {workers} workers × {threads} threads "
        f"(gthread), DEBUG off, {os.cpu_count()} CPUs; worker memory after the run: "
        + ", ".join(f"{size} MB" for size in memory),
        "",
        "| request | req/s | p50 ms | p95 ms | p99 ms | errors | queries/req | first ms "
        "| vs trivial |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        first = max(row.first) * 1000 if row.first else 0
        if row.label in after_change:
            first = after_change[row.label]
        queries = statistics.mean(row.queries) if row.queries else 0
        lines.append(
            f"| {row.label} | {row.rate:,.0f} | {row.percentile(0.5):.1f} | "
            f"{row.percentile(0.95):.1f} | {row.percentile(0.99):.1f} | {row.errors} | "
            f"{queries:.1f} | {first:.0f} | {row.rate / baseline:.2f} |"
        )
    lines += [
        "",
        "first ms: the slowest first request of the row's URLs with the cache cold; for charts, "
        "the first request after a change to the data.",
    ]
    return "\n".join(lines)
