"""The several-servers drill: two gunicorn instances behind nginx on loopback, sharing one
PostgreSQL and one Redis, as the README's "Several machines" describes. It shows, in a table:
an edit saved through one instance is on the other's page at the next request; a signed-in
editor keeps the session whichever instance answers; stopping one instance under load loses no
request the proxy could retry; and the instance, started again, takes its share again."""

import http.client
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from ops import bench

PROXY_PORT = 8770
INSTANCES = {"A": 8771, "B": 8772}
PROFILE = "/zones/zhongguancun-science-park/"
URLS = ["/", "/zones/", "/zones/?kind=stip&sort=-name", PROFILE, "/dashboards/zone-growth.json",
        "/api/v1/zones/", "/sources/", "/healthz"]  # fmt: skip

NGINX_CONF = """
{user}
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  upstream portal {{
    server 127.0.0.1:{a} max_fails=1 fail_timeout=3s;
    server 127.0.0.1:{b} max_fails=1 fail_timeout=3s;
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{proxy};
    location / {{
      proxy_pass http://portal;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      # A request an instance could not take (refused, reset before the answer began) goes to
      # the other; POSTs only when the instance never received them (nginx's default).
      proxy_next_upstream error timeout http_502;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
    }}
  }}
}}
"""


class FormValues(HTMLParser):
    """What a browser sends for the form with the given id: inputs, checked boxes, selected
    options (several for a multiple select) and text areas."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id, self.inside, self.values = form_id, False, {}
        self.select = self.textarea = None
        self.multiple = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            checkable = attrs.get("type") in ("checkbox", "radio")
            self.values[name] = attrs.get("value", "on" if checkable else "")
        elif tag == "select" and name:
            self.select, self.multiple = name, "multiple" in attrs
            self.values.setdefault(name, [] if self.multiple else "")
        elif tag == "option" and self.select and "selected" in attrs:
            value = attrs.get("value", "")
            if self.multiple:
                self.values[self.select].append(value)
            else:
                self.values[self.select] = value
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            text = self.values[self.textarea] + data
            self.values[self.textarea] = text.removeprefix("\n")


def form_values(html: str, form_id: str) -> dict:
    parser = FormValues(form_id)
    parser.feed(html)
    return parser.values


class Browser:
    """One person's cookies, sent to whichever port is asked."""

    def __init__(self):
        self.cookies = {}

    def send(self, port: int, method: str, path: str, fields: dict | None = None):
        connection = http.client.HTTPConnection(bench.HOST, port, timeout=30)
        headers = {
            "Host": bench.HOST,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{bench.HOST}:{port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response.status, text, dict(response.getheaders())

    def sign_in(self, port: int, username: str, password: str) -> int:
        _status, page, _ = self.send(port, "GET", "/admin/login/?next=/admin/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, _, _ = self.send(port, "POST", "/admin/login/?next=/admin/", {
            "csrfmiddlewaretoken": token, "username": username, "password": password,
            "next": "/admin/",
        })  # fmt: skip
        return status


def start_nginx(run: Path) -> subprocess.Popen:
    for folder in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / folder).mkdir(parents=True, exist_ok=True)
    conf = run / "nginx.conf"
    conf.write_text(NGINX_CONF.format(
        user="user root;" if os.geteuid() == 0 else "", run=run, proxy=PROXY_PORT,
        a=INSTANCES["A"], b=INSTANCES["B"],
    ))  # fmt: skip
    if bench.port_taken(PROXY_PORT):
        raise bench.PortTaken(f"Something already listens on port {PROXY_PORT}: stop it first.")
    proxy = subprocess.Popen(["nginx", "-p", str(run), "-c", str(conf), "-g", "daemon off;"])
    for _ in range(50):
        if bench.port_taken(PROXY_PORT):
            return proxy
        time.sleep(0.1)
    proxy.kill()
    raise RuntimeError(f"nginx did not start; see {run / 'error.log'}")


def start_instance(name: str, log) -> subprocess.Popen:
    return bench.start_server(2, 4, log=log, port=INSTANCES[name], INSTANCE_NAME=name,
                              PAGE_CACHE_SECONDS="600")  # fmt: skip


def load(seconds: float, clients: int = 8, during=None) -> dict:
    """`clients` asking the proxy for URLS for `seconds`; `during(started)` runs alongside.
    Returns the statuses, which instance answered, and the requests in flight at each moment
    `during` marks (so a failure can be set against what was under way)."""
    lock, stop = threading.Lock(), time.monotonic() + seconds
    result = {"statuses": Counter(), "instances": Counter(), "in_flight": 0, "marks": []}

    def client(offset: int):
        connection, number = None, offset
        while time.monotonic() < stop:
            url = URLS[number % len(URLS)]
            number += 1
            with lock:
                result["in_flight"] += 1
            try:
                connection = connection or http.client.HTTPConnection(
                    bench.HOST, PROXY_PORT, timeout=30
                )
                connection.request("GET", url, headers={"Host": bench.HOST})
                response = connection.getresponse()
                response.read()
                status, instance = response.status, response.getheader("X-Instance", "?")
            except (OSError, http.client.HTTPException):
                connection, status, instance = None, "connection error", "-"
            with lock:
                result["in_flight"] -= 1
                result["statuses"][status] += 1
                result["instances"][instance] += 1
        if connection:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    if during:
        during(result, lock)
    for thread in threads:
        thread.join()
    return result


def server_errors(result: dict) -> int:
    return sum(count for status, count in result["statuses"].items()
               if not isinstance(status, int) or status >= 500)  # fmt: skip


def shares(result: dict) -> str:
    total = sum(result["instances"].values()) or 1
    return ", ".join(
        f"{name} {count / total:.0%}" for name, count in sorted(result["instances"].items())
    )


def run(username: str, password: str, seconds: float = 20) -> tuple[str, list[str]]:
    rows, problems = [], []
    run_dir = Path(tempfile.mkdtemp(prefix="torch-cluster-"))
    log = open(run_dir / "gunicorn.log", "w")  # noqa: SIM115 (closed in finally)
    servers = {name: start_instance(name, log) for name in INSTANCES}
    proxy = start_nginx(run_dir)
    try:
        # 1. An edit through A, read through B.
        editor = Browser()
        signed_in = editor.sign_in(INSTANCES["A"], username, password)
        status, page, _ = editor.send(INSTANCES["A"], "GET", "/admin/zones/zone/?q=Zhongguancun")
        change = re.search(r'href="(/admin/zones/zone/\d+/change/)[^"]*"', page).group(1)
        _, form_page, _ = editor.send(INSTANCES["A"], "GET", change)
        fields = form_values(form_page, "zone_form")
        new_city = f"Beijing (drill {time.strftime('%H:%M:%S')})"
        before = bench.request(http.client.HTTPConnection(bench.HOST, INSTANCES["B"]), PROFILE)
        saved_status, _, _ = editor.send(INSTANCES["A"], "POST", change,
                                         {**fields, "city": new_city, "_save": "Save"})  # fmt: skip
        saved_at = time.perf_counter()
        _, public, _ = Browser().send(INSTANCES["B"], "GET", PROFILE)
        seen_after = (time.perf_counter() - saved_at) * 1000
        visible = new_city in public
        rows.append((
            "An edit saved through A is on B's page at the next request",
            "yes" if visible else "NO",
            f"A saved it ({saved_status}); B's profile, in the shared cache before ({before[0]}), showed "
            f"the new city on the first request after (answered in {seen_after:.0f} ms)",
        ))  # fmt: skip
        if not (signed_in == 302 and saved_status == 302 and visible):
            problems.append("an edit through A was not seen through B")

        # 2. One session, either instance.
        answers = {name: editor.send(port, "GET", "/admin/")[0] for name, port in INSTANCES.items()}
        kept = all(status == 200 for status in answers.values())
        rows.append((
            "A signed-in editor keeps the session whichever instance answers",
            "yes" if kept else "NO",
            "; ".join(f"/admin/ through {name}: {status}" for name, status in answers.items())
            + " (sessions in PostgreSQL, one secret key)",
        ))  # fmt: skip
        if not kept:
            problems.append(f"the session was not kept: {answers}")

        # 3. A stopped (killed) under load.
        def kill_a(result, lock):
            time.sleep(seconds / 4)
            with lock:
                result["marks"].append(result["in_flight"])
            # The whole instance at once, master and workers, as when its machine fails.
            master = servers["A"].pid
            workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            for pid in [master, *map(int, workers)]:
                os.kill(pid, signal.SIGKILL)
            servers["A"].wait()

        stopped = load(seconds, during=kill_a)
        errors, in_flight = server_errors(stopped), stopped["marks"][0] if stopped["marks"] else 0
        total = sum(stopped["statuses"].values())
        rows.append((
            f"A killed (SIGKILL) a quarter into {seconds:g} s of load, 8 clients",
            "no request lost" if errors == 0 else f"{errors} lost" if errors > in_flight else
            f"{errors} lost, all in flight",
            f"{total:,} requests through nginx: 5xx or no answer {errors} (in flight at the kill: "
            f"{in_flight}); answered by {shares(stopped)}",
        ))  # fmt: skip
        if errors > in_flight:
            problems.append(f"{errors} requests failed with only {in_flight} in flight")
        if stopped["instances"].get("B", 0) < total / 2:
            problems.append("B did not carry the load")

        # 4. A back.
        servers["A"] = start_instance("A", log)
        time.sleep(3.5)  # nginx tries a failed server again after fail_timeout
        back = load(seconds / 2)
        share_a = back["instances"].get("A", 0) / (sum(back["instances"].values()) or 1)
        rows.append((
            "A started again takes its share",
            "yes" if share_a >= 0.25 else "NO",
            f"{sum(back['statuses'].values()):,} requests in {seconds / 2:g} s: {shares(back)}; "
            f"5xx {server_errors(back)}",
        ))  # fmt: skip
        if share_a < 0.25 or server_errors(back):
            problems.append(f"A did not take its share again ({shares(back)})")
    finally:
        proxy.send_signal(signal.SIGQUIT)
        proxy.wait(timeout=30)
        for server in servers.values():
            if server.poll() is None:
                bench.stop_server(server)
        log.close()

    lines = [
        "nginx on 127.0.0.1:8770 in front of two gunicorn instances (A on 8771, B on 8772; 2 "
        "workers x 4 threads each), one PostgreSQL, one Redis, page cache on.",
        "",
        "| check | result | what happened |",
        "|---|---|---|",
        *(f"| {check} | {result} | {detail} |" for check, result, detail in rows),
    ]
    return "\n".join(lines), problems
