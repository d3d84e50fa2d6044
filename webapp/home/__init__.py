"""Your work: the page each person lands on after signing in, a part for each of their roles."""

from flask import Blueprint

bp = Blueprint("home", __name__)

# Views register on bp.
from . import views  # noqa: E402
