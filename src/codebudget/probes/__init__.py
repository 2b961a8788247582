"""Probes: measurements of a model that sample nothing (how familiar a text is to it)."""
