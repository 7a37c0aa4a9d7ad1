"""Prioritisation: criteria and weights, ratings and scores, dependencies and scenarios."""

from __future__ import annotations
