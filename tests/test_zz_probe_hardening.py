import time
from tests.test_hardening import *  # noqa


def test_probe(client, documents):
    for url in [
        "/zones/",
        "/zh-hans/zones/",
        "/api/v1/zones/",
        "/dashboards/zone-statistics/",
        "/dashboards/zone-statistics.json",
        "/search/",
    ]:
        for name, value in HOSTILE_VALUES.items():
            t = time.perf_counter()
            for i in range(3):
                r = client.get(url, QUERY_STRING=f"page={value}&q={value}&kind={value}&x{i}=1")
            print(url, name, r.status_code, round((time.perf_counter() - t) / 3 * 1000, 1))
