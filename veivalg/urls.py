from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from veivalg.web.views.auth import login_view, logout_view

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("veivalg.api.urls")),
    path("logg-inn/", login_view, name="login"),
    path("logg-ut/", logout_view, name="logout"),
    path("", include("veivalg.web.urls")),
    path("", include("veivalg.prioritization.urls")),
    path("", include("veivalg.benefits.urls")),
    path("", include("veivalg.coordination.urls")),
    path("", include("veivalg.governance.urls")),
    path("", include("veivalg.capacity.urls")),
]
