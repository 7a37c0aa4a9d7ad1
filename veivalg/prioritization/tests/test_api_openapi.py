"""The prioritisation endpoints appear in the OpenAPI document with their methods."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("veivalg.prioritization.tests.urls")


def test_openapi_lists_every_prioritisation_endpoint(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    expected = {
        "/api/v1/criteria": {"get", "post"},
        "/api/v1/criteria/weights": {"put"},
        "/api/v1/criteria/judgements": {"put"},
        "/api/v1/initiatives/{initiative_id}/ratings": {"get", "put"},
        "/api/v1/ranking": {"get"},
        "/api/v1/initiatives/{initiative_id}/dependencies": {"get", "post", "delete"},
        "/api/v1/scenarios": {"get", "post"},
        "/api/v1/scenarios/compare": {"get"},
        "/api/v1/scenarios/{scenario_id}": {"get", "patch"},
        "/api/v1/scenarios/{scenario_id}/problem": {"get"},
        "/api/v1/scenarios/{scenario_id}/solve": {"post"},
        "/api/v1/scenarios/{scenario_id}/propose": {"post"},
        "/api/v1/scenarios/{scenario_id}/what-if": {"post"},
        "/api/v1/scenarios/{scenario_id}/competence-insight": {"get", "post"},
    }
    assert {path: set(paths[path]) for path in expected} == expected
