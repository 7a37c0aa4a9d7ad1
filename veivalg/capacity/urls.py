"""URLs of the capacity pages (Norwegian paths), included at the site root."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.capacity import views

app_name = "capacity"
urlpatterns: list[URLPattern] = [
    path("kapasitet/", views.heatmap, name="heatmap"),
    path("kapasitet/celle/<slug:competence>/<str:quarter>/", views.cell, name="cell"),
    path("kapasitet/pooler/", views.pools, name="pools"),
    path("kapasitet/pooler/<slug:slug>/", views.pool_capacity, name="pool"),
    path("kapasitet/ny-kompetanse/", views.competence_new, name="competence_new"),
    path("kapasitet/ny-pool/", views.pool_new, name="pool_new"),
    path("kapasitet/import/", views.import_page, name="import"),
    path("kapasitet/import/mal-kapasitet.xlsx", views.capacity_template, name="capacity_template"),
    path("kapasitet/import/mal-ressursbehov.xlsx", views.demand_template, name="demand_template"),
    path("initiativ/<int:pk>/behov/", views.demand_edit, name="demand"),
]
