"""Answers for load balancers, monitors and benchmarks."""

import logging

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def healthz(request):
    """Readiness for load balancers and monitors: 200 when the database answers, else 503."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except (OperationalError, InterfaceError) as error:
        logger.error("Health check: database unavailable: %s", error)
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def ping(request):
    """The cheapest answer the server gives: liveness for load balancers, and the benchmark's
    baseline (no database, no template)."""
    return HttpResponse("ok", content_type="text/plain")
