"""URLs of the benefits pages (Norwegian paths), included at the site root."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.benefits import views

app_name = "benefits"
urlpatterns: list[URLPattern] = [
    path("gevinster/", views.overview, name="portfolio"),
    path("gevinster/kart/", views.benefit_map, name="map"),
    path("gevinster/eksport.xlsx", views.export, name="export"),
    path("gevinster/mine-malinger/", views.my_measurements, name="my_measurements"),
    path("gevinster/<int:pk>/", views.benefit_detail, name="benefit"),
    path("gevinster/<int:pk>/endre/", views.benefit_edit, name="benefit_edit"),
    path("gevinster/<int:pk>/slett/", views.benefit_delete, name="benefit_delete"),
    path("gevinster/<int:pk>/maling/", views.measurement_new, name="measurement_new"),
    path("initiativ/<int:pk>/gevinster/ny/", views.benefit_new, name="benefit_new"),
    path("initiativ/<int:pk>/nytte-kost/", views.business_case, name="business_case"),
    path(
        "initiativ/<int:pk>/nytte-kost/forutsetninger/",
        views.business_case_settings,
        name="business_case_settings",
    ),
]
