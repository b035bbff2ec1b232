"""The portal's load benchmark: gunicorn serving the full-scale synthetic database, loaded by
concurrent clients from this process, every row compared with a trivial view measured in the
same run on the same server."""

import http.client
import os
import random
import signal
import socket
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
from figures.models import Source
from incubators.models import Company, Incubator
from innofund.models import Project
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
    company_pages = Company.objects.published().count() // 25 + 1
    project_pages = Project.objects.published().count() // 25 + 1
    english = [word for word, _ in WORDS[:6]] + [word for word, _ in FIELDS[:6]]
    # Chinese words of one and two characters, found or not (北京 and 火 are in no synthetic name:
    # a search that finds nothing must not read the whole table either).
    chinese = ["软件", "光电", "北京", "火", "云", "芯片"]
    # The synthetic source (50,000 figures, cited by every synthetic record), and any others.
    sources = list(Source.objects.values_list("key", flat=True).order_by("-key")[:10])
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
        Row(
            "companies and projects: deep pages",
            [f"/companies/?page={n * company_pages // 4}" for n in (1, 2, 3, 4)]
            + [f"/innofund/?page={n * project_pages // 4}" for n in (1, 2, 3, 4)],
        ),
        Row("companies: search, English", [f"/companies/?{urlencode({'q': w})}" for w in english]),
        Row("companies: search, Chinese", [f"/companies/?{urlencode({'q': w})}" for w in chinese]),
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
        Row(
            "search, every directory",
            [f"/search/?{urlencode({'q': w})}" for w in english[:6] + chinese[:3]],
        ),
        Row(
            "recent changes",
            ["/changes/", "/zh-hans/changes/", "/changes/?kind=zones", "/changes/?page=2"],
        ),
        Row("source profiles", [f"/sources/{key}/" for key in sources]),
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


class PortTaken(RuntimeError):
    pass


def port_taken(port: int = PORT) -> bool:
    """Whether something already listens on the port (a server left running would otherwise be
    measured in place of the one this run starts)."""
    with socket.socket() as probe:
        return probe.connect_ex((HOST, port)) == 0


def start_server(
    workers: int, threads: int, log=None, port: int = PORT, **extra_environment
) -> subprocess.Popen:
    """gunicorn on HOST:port with DEBUG off; its output goes to `log` (an open file) if given."""
    if port_taken(port):
        raise PortTaken(
            f"Something already listens on {HOST}:{port}: stop it first (the benchmark starts a "
            "server of its own there)."
        )
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
        [sys.executable, "-m", "gunicorn", "torchportal.wsgi", "--bind", f"{HOST}:{port}",
         "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=log,
        stderr=log,
    )  # fmt: skip
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            if request(connection, "/ping")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=60)


def worker_memory(server: subprocess.Popen) -> list[int]:
    """Each gunicorn worker's resident memory, in MB."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) // 1024)
    return sizes


def measure(rows: list[Row], clients: int, seconds: float, workers: int, threads: int,
            cache_seconds: int) -> str:  # fmt: skip
    """Serve with the page cache on (cache_seconds) or off (0) and load every row in turn."""
    data_changed()  # start from a cold cache: the "first" column is a first visit
    server = start_server(workers, threads, PAGE_CACHE_SECONDS=str(cache_seconds))
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
        stop_server(server)
    title = f"Page cache {'on' if cache_seconds else 'off'} (PAGE_CACHE_SECONDS={cache_seconds})"
    return f"### {title}\n\n" + table(
        rows, memory, after_change, clients, seconds, workers, threads
    )


DOWNLOAD = "/companies/?export=csv"
PAGES_UNDER_DOWNLOADS = ["/zones/?kind=stip&sort=-name", "/provinces/beijing/", "/", "/dashboards/"]


def first_byte_and_total(url: str, memory_of=None) -> dict:
    """One download, read to the end in 64 KB pieces: when its first byte came, how long it
    took, its size, and (given the server) how much the workers' memory grew meanwhile."""
    connection = http.client.HTTPConnection(HOST, PORT, timeout=600)
    before = sum(worker_memory(memory_of)) if memory_of else 0
    peak = before
    started = time.perf_counter()
    connection.request("GET", url, headers={"Host": HOST})
    response = connection.getresponse()
    first = None
    size = 0
    while chunk := response.read(65536):
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        if memory_of and size % (64 * 65536) < 65536:
            peak = max(peak, sum(worker_memory(memory_of)))
    total = time.perf_counter() - started
    connection.close()
    return {"status": response.status, "first": first or total, "total": total, "bytes": size,
            "growth": peak - before}  # fmt: skip


def downloads(clients: int, seconds: float, workers: int, threads: int) -> str:
    """The downloads rows (page cache off): the full company CSV alone, then the pages' p95
    while four full downloads run, against the same pages unloaded."""
    server = start_server(workers, threads, PAGE_CACHE_SECONDS="0")
    try:
        alone = first_byte_and_total(DOWNLOAD, memory_of=server)
        unloaded = Row("pages, no download running", PAGES_UNDER_DOWNLOADS)
        load(unloaded, clients, seconds)
        loaded = Row("pages while 4 full downloads run", PAGES_UNDER_DOWNLOADS)
        results, stop = [], threading.Event()

        def download():
            while not stop.is_set():
                result = first_byte_and_total(DOWNLOAD)
                results.append(result)
                if result["status"] == 503:  # this worker's downloads are full: ask again
                    time.sleep(1)

        runners = [threading.Thread(target=download) for _ in range(4)]
        for runner in runners:
            runner.start()
        time.sleep(2)  # the downloads under way
        load(loaded, clients, seconds)
        stop.set()
        for runner in runners:
            runner.join()
        refused = sum(1 for result in results if result["status"] == 503)
        finished = sum(1 for result in results if result["status"] == 200)
    finally:
        stop_server(server)
    lines = [
        "### Downloads (page cache off)",
        "",
        "| what | result |",
        "|---|---|",
        f"| the full company CSV ({alone['bytes'] / 1e6:,.0f} MB), alone | first byte after "
        f"{alone['first'] * 1000:,.0f} ms, all in {alone['total']:,.1f} s; the workers' memory "
        f"grew by {alone['growth']} MB |",
        f"| pages, no download running | {unloaded.rate:,.0f} req/s, p95 "
        f"{unloaded.percentile(0.95):.1f} ms |",
        f"| pages while 4 full downloads run | {loaded.rate:,.0f} req/s, p95 "
        f"{loaded.percentile(0.95):.1f} ms "
        f"({loaded.percentile(0.95) / max(unloaded.percentile(0.95), 0.001):.2f} × unloaded); "
        f"{finished} full downloads made meanwhile by 4 clients asking again after each; "
        f"{refused} requests refused (503: the worker had its downloads) |",
    ]
    return "\n".join(lines)


def run(clients: int = 8, seconds: float = 10, workers: int = 2, threads: int = 4,
        only: str = "") -> str:  # fmt: skip
    rows_for = lambda: [row for row in endpoints(random.Random(8))  # noqa: E731
                        if not only or only in row.label or row.label.startswith("trivial")]  # fmt: skip
    parts = [
        measure(rows_for(), clients, seconds, workers, threads, cache_seconds=0),
        measure(rows_for(), clients, seconds, workers, threads, cache_seconds=600),
    ]
    if not only or only in "downloads":
        parts.append(downloads(clients, seconds, workers, threads))
    return "\n\n".join(parts)


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
