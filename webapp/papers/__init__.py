"""Committee papers: the Performance Improvement Plans item on an A&P agenda, its Word papers,
publishing them, and what the committees then did with each plan
(docs/meetings-and-papers.md#meetings-and-committee-papers, docs/meetings-and-papers.md#the-committee-papers)."""

from flask import Blueprint

bp = Blueprint("papers", __name__, url_prefix="/meetings/<int:meeting_id>/papers")

from . import as_presented, changes, outcomes, pdf_files, record, revisions, risks, views  # noqa: E402,F401  (views register on bp)
