"""The fault drill CI runs: gunicorn under 200 concurrent clients, then with Redis stopped, then
through a PostgreSQL restart. It fails on any 5xx except the 503s the outage must give, and if
the portal does not answer 200 again once the database is back."""

import http.client
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from ops import bench

URLS = [
    "/", "/zh-hans/", "/zones/", "/zones/?kind=stip&sort=-name", "/zones/zhongguancun-science-park/",
    "/provinces/guangdong/", "/companies/?q=Lenovo", "/search/?q=Zhongguancun", "/dashboards/",
    "/dashboards/zone-growth.json", "/zh-hans/dashboards/zones-by-place.json", "/api/v1/zones/",
    "/api/v1/figures/?page=2", "/healthz",
]  # fmt: skip
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port",
               "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile",
               "/var/log/redis/ci.log"]  # fmt: skip


@dataclass
class Phase:
    name: str
    statuses: Counter = field(default_factory=Counter)
    latencies: list = field(default_factory=list)
    timeline: list = field(default_factory=list)  # (seconds since start, status)
    seconds: float = 0.0

    def line(self) -> str:
        ordered = sorted(self.latencies) or [0]

        def at(share):
            return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

        statuses = ", ".join(
            f"{status}: {count:,}" for status, count in sorted(self.statuses.items())
        )
        rate = len(self.latencies) / self.seconds if self.seconds else 0
        return (f"| {self.name} | {len(self.latencies):,} | {rate:,.0f} | {at(0.5):.0f} | "
                f"{at(0.95):.0f} | {at(0.99):.0f} | {statuses} |")  # fmt: skip


def hammer(phase: Phase, clients: int, seconds: float, during=None, urls=URLS) -> Phase:
    """`clients` keep-alive connections asking for `urls` in turn for `seconds`; `during`, if
    given, runs in the meantime (a fault to inject)."""
    lock, started = threading.Lock(), time.monotonic()
    stop = started + seconds

    def client(offset: int):
        connection, number = None, offset
        while time.monotonic() < stop:
            url = urls[number % len(urls)]
            number += 1
            try:
                connection = connection or http.client.HTTPConnection(
                    bench.HOST, bench.PORT, timeout=60
                )
                status, _, elapsed = bench.request(connection, url)
            except (OSError, http.client.HTTPException):
                if connection:
                    connection.close()
                connection, status, elapsed = None, "connection error", 0.0
                time.sleep(0.05)
            with lock:
                phase.statuses[status] += 1
                phase.timeline.append((time.monotonic() - started, status))
                if elapsed:
                    phase.latencies.append(elapsed)
        if connection:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    if during:
        during()
    for thread in threads:
        thread.join()
    phase.seconds = time.monotonic() - started
    return phase


def postgres_cluster() -> list[str]:
    version = sorted(Path("/etc/postgresql").iterdir())[0].name
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def run(clients: int = 200, seconds: float = 60) -> tuple[str, list[str]]:
    problems = []
    # The outage logs one line a request; the server's log goes to a file, not CI's output.
    log_path = Path(settings.BASE_DIR) / "var" / "fault-drill-server.log"
    log_path.parent.mkdir(exist_ok=True)
    log = open(log_path, "w")  # noqa: SIM115 - open for the server's whole life
    server = bench.start_server(workers=2, threads=8, log=log)
    try:
        hammer(Phase("warm-up"), 4, 3)
        load = hammer(Phase(f"{clients} clients"), clients, seconds)
        if (
            any(isinstance(s, int) and s >= 500 for s in load.statuses)
            or load.statuses["connection error"]
        ):
            problems.append(f"errors under load: {dict(load.statuses)}")

        def stop_redis():
            time.sleep(1)
            subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)

        try:
            no_redis = hammer(Phase("Redis stopped"), 20, 12, during=stop_redis)
        finally:
            subprocess.run(REDIS_START, check=True, capture_output=True)
        if set(no_redis.statuses) - {200}:
            problems.append(f"not all 200 while Redis was down: {dict(no_redis.statuses)}")

        outage = {}

        def restart_postgres():
            time.sleep(4)
            outage["start"] = time.monotonic()
            subprocess.run([*postgres_cluster(), "stop", "--", "-m", "fast"], check=True)
            time.sleep(4)
            subprocess.run([*postgres_cluster(), "start"], check=True)
            outage["end"] = time.monotonic()

        restart = hammer(Phase("PostgreSQL restarted"), 20, 25, during=restart_postgres)
        wrong = {s: n for s, n in restart.statuses.items() if s not in (200, 503)}
        if wrong:
            problems.append(f"outage answered other than 200/503: {wrong}")
        if not restart.statuses[503]:
            problems.append("no 503 during the database outage")
        tail = [status for moment, status in restart.timeline if moment > restart.seconds - 5]
        if not tail or set(tail) != {200}:
            problems.append(f"not recovered in the last 5 s: {Counter(tail)}")
        # The database stopped for longer: pages already in the cache are still served (the
        # last data version seen keys them); pages not in it get the 503 page.
        cached = [url for url in URLS if url != "/healthz"]
        hammer(Phase("cache warm-up"), 4, 3, urls=cached)
        uncached = [f"/zones/?page={n}&not-cached={n}" for n in range(100_000)]
        stopped = {}

        def stop_postgres():
            time.sleep(1)
            subprocess.run([*postgres_cluster(), "stop", "--", "-m", "fast"], check=True)
            stopped["at"] = time.monotonic()

        try:
            in_cache, not_in_cache = (
                Phase("PostgreSQL stopped: pages in the cache"),
                Phase("PostgreSQL stopped: pages not in the cache"),
            )
            outage_threads = [
                threading.Thread(target=hammer, args=(in_cache, 10, 10, stop_postgres, cached)),
                threading.Thread(target=hammer, args=(not_in_cache, 10, 10, None, uncached)),
            ]
            for thread in outage_threads:
                thread.start()
            for thread in outage_threads:
                thread.join()
        finally:
            subprocess.run([*postgres_cluster(), "start"], check=True)
        after_stop = [s for moment, s in in_cache.timeline if moment > 3]
        if set(after_stop) - {200}:
            problems.append(f"cached pages not served while stopped: {Counter(after_stop)}")
        late = [s for moment, s in not_in_cache.timeline if moment > 3]
        if set(late) - {503}:
            problems.append(f"uncached pages answered other than 503: {Counter(late)}")
        phases = [load, no_redis, restart, in_cache, not_in_cache]
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    report = [
        "| phase | requests | req/s | p50 ms | p95 ms | p99 ms | statuses |",
        "|---|---:|---:|---:|---:|---:|---|",
        *[phase.line() for phase in phases],
    ]
    return "\n".join(report), problems
