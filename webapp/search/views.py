"""The search page."""

from . import bp  # noqa: F401
