"""URLs of the coordination pages (Norwegian paths), included at the site root."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.coordination import views

app_name = "coordination"
urlpatterns: list[URLPattern] = [
    path("samordning/", views.overview, name="overview"),
    path("samordning/lignende/", views.related_search, name="related_search"),
    path("samordning/helhet/", views.graph, name="graph"),
    path("samordning/samle/", views.bundle_new, name="bundle_new"),
    path("samordning/samordnet/<int:pk>/", views.bundle_detail, name="bundle"),
    path("samordning/samordnet/<int:pk>/los-opp/", views.bundle_dissolve, name="bundle_dissolve"),
    path("felles-behov/", views.shared_needs, name="shared_needs"),
    path("felles-behov/nytt/", views.shared_need_new, name="shared_need_new"),
    path("felles-behov/<int:pk>/", views.shared_need_detail, name="shared_need"),
    path("felles-behov/<int:pk>/endre/", views.shared_need_edit, name="shared_need_edit"),
    path(
        "felles-behov/<int:pk>/bidrag/<int:unit_pk>/",
        views.shared_need_contribution,
        name="shared_need_contribution",
    ),
    path("program/", views.programs, name="programs"),
    path("program/<slug:slug>/", views.program_detail, name="program"),
    path("initiativ/<int:pk>/relatert/", views.related_link, name="related_link"),
    path(
        "initiativ/<int:pk>/relatert/<int:link_pk>/fjern/",
        views.related_unlink,
        name="related_unlink",
    ),
    path("initiativ/<int:pk>/diskusjon/", views.discussion, name="discussion"),
    path("varsler/", views.notifications, name="notifications"),
    path("varsler/les/", views.notifications_read, name="notifications_read"),
]
