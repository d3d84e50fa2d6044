"""The pages of notifications: each person's choices, and the outbox for administrators."""

from . import bp  # noqa: F401
