"""Governance: boards and routing, meetings and decisions, mandates, and guidance."""

from __future__ import annotations
