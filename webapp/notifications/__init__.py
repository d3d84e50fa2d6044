"""Notifications: mail written to an outbox with the change that causes it, sent by `flask send-mail`,
reminders worked out by `flask send-reminders`, and each person's choices of what to receive."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

# Views register on bp.
from . import views  # noqa: E402
