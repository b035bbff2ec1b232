"""Security headers and a clear answer while the database is away."""

import logging
import sys
from functools import wraps

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.views.decorators.clickjacking import xframe_options_exempt

logger = logging.getLogger(__name__)

# Who may show a page inside a frame: no one (every page but those made to be framed), or any
# web page. "*" matches any http(s) page and, unlike "https: http:", says "anyone" at a glance;
# either way a local file or a data: document cannot frame the page.
FRAMED_BY_NONE = "'none'"
FRAMED_BY_ANY_SITE = "*"


def content_security_policy(frame_ancestors: str = FRAMED_BY_NONE) -> str:
    """Everything from this server; no inline script or style anywhere (the charts read their
    data from JSON blocks, which are not scripts). Chart.js and the admin set styles through the
    DOM, which the policy allows."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()


def framed_by_any_site(view):
    """For a view whose pages are made to be shown inside other sites (a chart's embed): any web
    page may frame them, with no X-Frame-Options. Every other page may be framed by none, so
    no site can dress it up to trick a visitor into clicking (clickjacking)."""
    view = xframe_options_exempt(view)

    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.frame_ancestors = FRAMED_BY_ANY_SITE
        return response

    return framed


class ContentSecurityPolicyMiddleware:
    """The policy above on every response; a view says who may frame its pages through the
    response's frame_ancestors (see framed_by_any_site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        framing = getattr(response, "frame_ancestors", FRAMED_BY_NONE)
        response.setdefault("Content-Security-Policy", content_security_policy(framing))
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


def server_error(request):
    """The 500 handler. A database that cannot be reached (restarting, failing over) is not a
    bug: it gets a 503 page that says so and asks to come back, and the next request tries the
    database again. Django calls this while handling the exception, so sys.exc_info() has it."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable: %s", error)
        for connection in connections.all():
            connection.close_if_unusable_or_obsolete()
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
