"""Administration: users, their roles and services, and the accounts the CLI also creates."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

# Views register on bp.
from . import views  # noqa: E402,F401
