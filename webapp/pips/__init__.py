"""The PIP area: the plan page, its six sections edited in place, its lifecycle and history."""

from flask import Blueprint

bp = Blueprint("pips", __name__, url_prefix="/pips")

# Views register on bp.
from . import (
    comments,
    details,
    factors,
    history,
    json_files,
    lifecycle,
    listing,
    pdf_files,
    progress,  # noqa: E402,F401
    refusals,
    solutions,
    word_files,
    word_import,
)
