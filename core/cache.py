"""Public pages come from the cache (Redis when REDIS_URL is set) until the data changes, and so
do the numbers that take long to work out (a directory's count, a chart's points).

A page is cached under the data version (one database row) current when it was made. Any save,
delete or relation change of a registry record moves the version on, in the same transaction,
so every server serves fresh pages from the next request on; old entries simply expire. The
version is read once a request. While the database cannot be reached, pages already in the
cache are still served under the last version seen; the rest get the 503 page.
"""

import contextvars
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.signals import request_finished, request_started
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.utils import timezone

from core.models import DataVersion
from core.registry import changing_models

logger = logging.getLogger(__name__)
# Sent after the data version moves (inside the change's transaction): what is made from the
# data ahead of time (the open data files) knows to make itself again.
data_moved = Signal()
SESSION_COOKIES = {settings.SESSION_COOKIE_NAME, "messages"}

# The version the current request read (UNREAD until it reads it; None outside a request,
# where it is read afresh every time), and the last one this process read (for when the
# database is away).
UNREAD = -1
_this_request: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "data_version", default=None
)
_last_seen: list[int] = []


def data_version() -> int:
    """The data version: read from the database once a request."""
    number = _this_request.get()
    if number is None or number == UNREAD:
        in_request = number == UNREAD
        number = read_data_version()
        if in_request:
            _this_request.set(number)
        _last_seen[:] = [number]
    return number


def read_data_version() -> int:
    """The number in the database. Plain SQL: every request asks, and writing the query out
    through the ORM took longer than PostgreSQL took to answer it."""
    with connection.cursor() as cursor:
        cursor.execute(READ_VERSION)
        row = cursor.fetchone()
    return row[0] if row else 0


READ_VERSION = f"SELECT number FROM {DataVersion._meta.db_table} ORDER BY id LIMIT 1"


def request_began(**kwargs) -> None:
    _this_request.set(UNREAD)


def request_ended(**kwargs) -> None:
    _this_request.set(None)


def forget_version() -> None:
    """After a change: the request reads the version again."""
    if _this_request.get() is not None:
        _this_request.set(UNREAD)


def page_version() -> int:
    """The version to key cached pages by: the data version, or while the database cannot be
    reached the last one this process saw (so pages cached before still show)."""
    try:
        return data_version()
    except (OperationalError, InterfaceError):
        if not _last_seen:
            raise
        logger.warning("Database unavailable: serving cached pages of version %s", _last_seen[0])
        return _last_seen[0]


_batch = threading.local()


def data_changed() -> None:
    """Move the data version on: every cached page is stale from now on. Inside one_change(),
    only once, when the batch ends."""
    if getattr(_batch, "depth", 0):
        _batch.changed = True
        return
    updated = DataVersion.objects.update(number=F("number") + 1, changed_at=timezone.now())
    if not updated:
        DataVersion.objects.create(number=1, changed_at=timezone.now())
    forget_version()
    data_moved.send(sender=DataVersion)


@contextmanager
def one_change():
    """Many saves that make one change (a form with its inlines, an import, a publish action):
    the data version moves once, at the end, if anything changed. Use it inside the change's
    transaction, so that the version moves with the data."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    except BaseException:
        _batch.depth -= 1
        if not _batch.depth:
            _batch.changed = False  # rolled back with the change: nothing to announce
        raise
    _batch.depth -= 1
    if not _batch.depth and getattr(_batch, "changed", False):
        _batch.changed = False
        data_changed()


# m2m_changed fires before and after; the change is made by then.
M2M_CHANGES = {"post_add", "post_remove", "post_clear"}


def _registry_record_changed(sender, raw=False, action=None, **kwargs):
    if raw or sender not in changing_models():
        return
    if action is None or action in M2M_CHANGES:
        data_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_registry_record_changed, dispatch_uid=f"data-changed-{signal}")
    request_started.connect(request_began, dispatch_uid="data-version-request-began")
    request_finished.connect(request_ended, dispatch_uid="data-version-request-ended")


def cache_key(request, namespace: str = "page") -> str:
    """The address asked for, under the current data version."""
    url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{namespace}:{page_version()}:{url}"


# After the cache fails, this process leaves it alone for a few seconds instead of waiting on
# a dead server at every request; then it tries again.
CACHE_RETRY_SECONDS = 5.0
_cache_down_until = 0.0


def cache_available() -> bool:
    return time.monotonic() >= _cache_down_until


def cache_failed(error: Exception) -> None:
    global _cache_down_until
    _cache_down_until = time.monotonic() + CACHE_RETRY_SECONDS
    logger.warning("Cache unavailable for %s s: %s", CACHE_RETRY_SECONDS, error)


def cache_get(key: str):
    if not cache_available():
        return None
    try:
        return cache.get(key)
    except Exception as error:  # a cache that is down only costs speed
        cache_failed(error)
        return None


def cache_set(key: str, value, seconds: int | None = None) -> None:
    if not cache_available():
        return
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS if seconds is None else seconds)
    except Exception as error:  # a cache that is down only costs speed
        cache_failed(error)


KEPT_SECONDS = 24 * 60 * 60
KEPT_HERE_AT_MOST = 5000
_kept_here: dict[str, tuple] = {}
_kept_here_version: list[int | None] = [None]


def kept(key: str, compute: Callable, shared: bool = True):
    """compute(), worked out once for each data version and kept until the data changes: a
    directory's count, a chart's points, a list of choices. Kept in the shared cache (all
    processes) and in this process, whatever PAGE_CACHE_SECONDS says (`shared=False`: in this
    process only, for a key that names the code's own objects, which another release of the
    code may define otherwise). The key must name all the value depends on (the language, the
    selection); the value must not be changed."""
    version = data_version()
    if _kept_here_version[0] != version or len(_kept_here) >= KEPT_HERE_AT_MOST:
        forget_kept()
        _kept_here_version[0] = version
    found = _kept_here.get(key)
    if found is None:
        everywhere = f"kept:{version}:{hashlib.sha256(key.encode()).hexdigest()}"
        found = cache_get(everywhere) if shared else None
        if found is None:
            found = (compute(),)
            if shared:
                cache_set(everywhere, found, KEPT_SECONDS)
        _kept_here[key] = found
    return found[0]


def forget_kept() -> None:
    """Drop this process's kept values (tests, whose rolled-back data reuse version numbers)."""
    _kept_here.clear()
    _kept_here_version[0] = None


def query_key(queryset) -> str | None:
    """What a queryset selects, as a key (its SQL, any order); None when it selects nothing.
    The SQL of its ids alone: the same rows, and a fifth of the work of writing out every
    column of the records and of those it brings along. Worked out once per queryset object
    (a search asks for its key, its count and its directory's count of the same queryset)."""
    if hasattr(queryset, "_query_key"):
        return queryset._query_key
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        key = f"{queryset.db}:{sql}:{params!r}"
    except EmptyResultSet:  # a selection that can match nothing (.none(), an empty IN)
        key = None
    queryset._query_key = key  # a queryset's query is not changed, only cloned and changed
    return key


def reordered(queryset, *ordering):
    """queryset.order_by(*ordering), its key (which leaves out the order) already known."""
    key = query_key(queryset)
    ordered = queryset.order_by(*ordering)
    ordered._query_key = key
    return ordered


def kept_count(queryset, known: int | None = None, selection: str | None = None) -> int:
    """queryset.count(), kept per data version (`known`: the count, found some other way;
    `selection`: a key saying what the queryset selects, known without writing its SQL, under
    which this process keeps the count too: found, it spares writing the SQL out. Only this
    process: the SQL, which the shared cache is keyed by, says what the code selects in any
    release; a selection's name is only this release's)."""
    if selection is not None:
        return kept(f"count:{selection}", lambda: kept_count(queryset, known), shared=False)
    key = query_key(queryset)
    if key is None:
        return 0
    return kept(f"count:{key}", queryset.count if known is None else lambda: known)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; never the admin, the API (its
    throttle must count every request) or a visitor with a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.cacheable_request(request):
            return self.get_response(request)
        key = cache_key(request)
        response = cache_get(key)
        if response is not None:
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.cacheable_response(response):
            response["X-Cache"] = "miss"
            cache_set(key, response)
        return response

    @staticmethod
    def cacheable_request(request) -> bool:
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return False
        if SESSION_COOKIES & request.COOKIES.keys():
            return False
        path = request.path_info
        for prefix in settings.LANGUAGES:
            path = path.removeprefix(f"/{prefix[0]}")
        return not path.startswith(("/api/", f"/{settings.ADMIN_PATH}", "/ping", "/healthz"))

    @staticmethod
    def cacheable_response(response) -> bool:
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("Content-Disposition")  # no download, however small
            and not response.cookies
            and "private" not in cache_control
            and "no-store" not in cache_control
            and "no-cache" not in cache_control
            and "cookie" not in response.get("Vary", "").lower()
        )
