"""The portal's addresses: each package's pages, the API and the admin, composed here."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from core.health import healthz, ping

# Pages are English at their plain address and Chinese under /zh-hans/, so a link keeps its
# language. The API speaks data (codes and English field names) at one address.
urlpatterns = [
    path("api/", include("torchportal.api")),
    path("ping", ping, name="ping"),
    path("healthz", healthz, name="healthz"),
]
urlpatterns += i18n_patterns(
    path("", include("portal.urls")),
    path("", include("dashboards.urls")),
    path("", include("zones.urls")),
    path("", include("incubators.urls")),
    path("", include("innofund.urls")),
    path("", include("figures.urls")),
    path(settings.ADMIN_PATH, admin.site.urls),
    prefix_default_language=False,
)

handler500 = "core.security.server_error"
