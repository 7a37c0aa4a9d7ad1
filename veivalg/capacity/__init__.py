"""Capacity: competences, resource pools, capacity per quarter and demand per initiative."""
