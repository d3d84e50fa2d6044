"""Signing in and out: the sign-in page, sessions kept on the server, and the limits on failed sign-ins."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

# Views register on bp.
from . import links, views  # noqa: E402,F401
