"""URLs of the web UI (Norwegian paths). Sign-in and sign-out are in ``veivalg.urls``."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.web import views

app_name = "web"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("initiativ/nytt/", views.initiative_new, name="initiative_new"),
    path("initiativ/<int:pk>/", views.initiative_detail, name="initiative"),
    path("initiativ/<int:pk>/endre/", views.initiative_edit, name="initiative_edit"),
    path("initiativ/<int:pk>/handling/", views.initiative_action, name="initiative_action"),
    path("initiativ/<int:pk>/kommentarer/", views.initiative_comment, name="initiative_comment"),
    path("initiativ/<int:pk>/roller/", views.initiative_assign_role, name="initiative_roles"),
    path("portefolje/", views.overview, name="overview"),
    path("portefolje/eksport.xlsx", views.overview_export, name="overview_export"),
    path("direktoromrade/", views.directorates, name="directorates"),
    path("direktoromrade/<slug:slug>/", views.directorate, name="directorate"),
    path("ko/direktor/", views.director_queue, name="director_queue"),
    path("ko/porteforljekontor/", views.office_queue, name="office_queue"),
    path("ko/styre/", views.board_queue, name="board_queue"),
]
