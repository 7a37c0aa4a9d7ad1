"""URLs of the prioritisation pages (Norwegian paths), included at the site root."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.prioritization import views

app_name = "prioritization"
urlpatterns: list[URLPattern] = [
    path("prioritering/kriterier/", views.criteria, name="criteria"),
    path("prioritering/kriterier/vekter/", views.weights_direct, name="weights_direct"),
    path("prioritering/kriterier/<int:pk>/endre/", views.criterion_edit, name="criterion_edit"),
    path("prioritering/parvis/", views.pairwise, name="pairwise"),
    path("prioritering/rangering/", views.ranking, name="ranking"),
    path("initiativ/<int:pk>/vurdering/", views.initiative_rating, name="initiative_rating"),
    path(
        "initiativ/<int:pk>/avhengigheter/",
        views.initiative_dependencies,
        name="initiative_dependencies",
    ),
    path(
        "initiativ/<int:pk>/avhengigheter/<int:dependency_pk>/fjern/",
        views.dependency_remove,
        name="dependency_remove",
    ),
    path("scenarioer/", views.scenarios, name="scenarios"),
    path("scenarioer/nytt/", views.scenario_new, name="scenario_new"),
    path("scenarioer/sammenlign/", views.scenario_compare, name="scenario_compare"),
    path("scenarioer/<int:pk>/", views.scenario_detail, name="scenario"),
    path("scenarioer/<int:pk>/los/", views.scenario_solve, name="scenario_solve"),
    path("scenarioer/<int:pk>/foresla/", views.scenario_propose, name="scenario_propose"),
    path("scenarioer/<int:pk>/endre/", views.scenario_edit, name="scenario_edit"),
    path("scenarioer/<int:pk>/innsikt/", views.scenario_insight, name="scenario_insight"),
    path("scenarioer/<int:pk>/hva-hvis/", views.scenario_what_if, name="scenario_what_if"),
]
