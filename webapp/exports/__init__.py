"""Exports of PIPs in interchange formats."""
