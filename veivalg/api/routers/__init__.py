"""The API's routers, one per area."""

from __future__ import annotations
