"""Committee papers: the Performance Improvement Plans item on an A&P agenda, its Word papers, and
publishing them (PRODUCT §5, §6.2)."""
from flask import Blueprint

bp = Blueprint("papers", __name__, url_prefix="/meetings/<int:meeting_id>/papers")

from . import views  # noqa: E402,F401  (views register on bp)
