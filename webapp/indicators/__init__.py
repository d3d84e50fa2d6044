"""The PI register: the PI list and each PI's page, its scores and targets, and where each PI stands."""

from flask import Blueprint

bp = Blueprint("indicators", __name__, url_prefix="/indicators")

# Views register on bp.
from . import downloads, imports, score_round, scores, targets, trend, views  # noqa: E402,F401
