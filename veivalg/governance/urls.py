"""URLs of the governance pages (Norwegian paths), included at the site root."""

from __future__ import annotations

from django.urls import URLPattern, path

from veivalg.governance import views

app_name = "governance"
urlpatterns: list[URLPattern] = [
    path("styrer/", views.boards, name="boards"),
    path("styrer/ruting/", views.routing, name="routing"),
    path("styrer/ruting/rut-pa-nytt/", views.routing_apply, name="routing_apply"),
    path("styrer/ruting/<int:pk>/fjern/", views.routing_rule_delete, name="routing_rule_delete"),
    path("styrer/<slug:slug>/", views.board_detail, name="board"),
    path("styrer/<slug:slug>/endre/", views.board_edit, name="board_edit"),
    path("styrer/<slug:slug>/moter/nytt/", views.meeting_new, name="meeting_new"),
    path("moter/<int:pk>/", views.meeting_detail, name="meeting"),
    path("moter/<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("moter/<int:pk>/saksliste/bygg/", views.agenda_build, name="agenda_build"),
    path("moter/<int:pk>/saksliste/ny/", views.agenda_add, name="agenda_add"),
    path("moter/<int:pk>/saksliste/<int:item_pk>/flytt/", views.agenda_move, name="agenda_move"),
    path("moter/<int:pk>/saksliste/<int:item_pk>/endre/", views.agenda_edit, name="agenda_edit"),
    path(
        "moter/<int:pk>/saksliste/<int:item_pk>/fjern/",
        views.agenda_remove,
        name="agenda_remove",
    ),
    path("moter/<int:pk>/vedtak/nytt/", views.decision_new, name="decision_new"),
    path(
        "moter/<int:pk>/vedtak/<int:decision_pk>/saksnummer/",
        views.decision_reference,
        name="decision_reference",
    ),
    path("moter/<int:pk>/saksdokumenter.pdf", views.meeting_papers, name="meeting_papers"),
    path("moter/<int:pk>/protokoll.<str:fmt>", views.meeting_minutes, name="meeting_minutes"),
    path("vedtak/", views.register, name="register"),
    path("vedtak/eksport.<str:fmt>", views.register_export, name="register_export"),
    path("vedtak/<int:pk>/", views.decision_redirect, name="decision"),
    path("mandater/", views.mandates, name="mandates"),
    path("mandater/nytt/", views.mandate_new, name="mandate_new"),
    path("mandater/<int:pk>/", views.mandate_detail, name="mandate"),
    path("mandater/<int:pk>/endre/", views.mandate_edit, name="mandate_edit"),
    path("mandater/<int:pk>/godkjenn/", views.mandate_approve, name="mandate_approve"),
    path("mandater/<int:pk>/mandat.<str:fmt>", views.mandate_download, name="mandate_download"),
    path("veiledning/", views.guidance, name="guidance"),
    path("veiledning/ny/", views.guidance_new, name="guidance_new"),
    path("veiledning/sjekklister/<int:pk>/endre/", views.checklist_edit, name="guidance_checklist"),
    path("veiledning/<slug:slug>/", views.guidance_page, name="guidance_page"),
    path("veiledning/<slug:slug>/endre/", views.guidance_edit, name="guidance_edit"),
]
