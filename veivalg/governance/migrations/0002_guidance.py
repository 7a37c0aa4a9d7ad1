"""The guidance every installation starts with (the portfolio office edits it afterwards)."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add_guidance(apps: Any, schema_editor: Any) -> None:
    from veivalg.governance.guidance_content import seed_guidance

    seed_guidance(
        apps.get_model("governance", "GuidancePage"),
        apps.get_model("governance", "Checklist"),
        apps.get_model("governance", "ChecklistItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("governance", "0001_initial")]

    operations = [migrations.RunPython(add_guidance, migrations.RunPython.noop)]
