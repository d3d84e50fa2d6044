"""Search: PIs, plans and meetings found by their words, only those the person may read."""

from flask import Blueprint

bp = Blueprint("search", __name__, url_prefix="/search")

# Views register on bp.
from . import views  # noqa: E402
