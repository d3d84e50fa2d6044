"""The committee papers as one Word document (docs/meetings-and-papers.md#the-committee-papers): generated here, from
the agenda item, then
sent by the download view (webapp/papers/views.py) or written to a file by `flask export-papers`
(webapp/papers/cli.py). Until the item is published the papers print the plans as they stand, marked
DRAFT; once it is, they print the plans as presented, stored when it was published."""

from dataclasses import dataclass
from datetime import datetime

from docx.document import Document
from flask import current_app, has_request_context
from flask_login import current_user

from webapp.exports.papers_docx import papers_document
from webapp.models import AgendaItem, PapersVersion, User, utcnow

from .item import entries
from .printed import printed_papers
from .versions import latest_version


@dataclass(frozen=True)
class CommitteePapers:
    document: Document
    plan_count: int  # how many plans the papers present, as appendices


def generate_papers(
    item: AgendaItem,
    *,
    council: str | None = None,
    moment: datetime | None = None,
    exported_by: str | None = None,
    version: PapersVersion | None = None,
) -> CommitteePapers:
    """The papers for `item`: the council's name is the app's (a published item keeps its own), and the
    plans of a draft are read as they stand at `moment` (now). Published papers print `version`, the latest
    when None. Word names `exported_by` as their author: by default, for published papers the clerk who issued
    the version, whoever downloads it (it is the same document for everyone, docs/meetings-and-papers.md#pdf);
    for a draft the person signed in (docs/meetings-and-papers.md#every-document)."""
    if item.published and version is None:
        version = latest_version(item)
    if exported_by is None:
        exported_by = _issuer(version) if item.published else _signed_in_name()
    papers = printed_papers(
        item,
        entries(item),
        current_app.config["COUNCIL_NAME"] if council is None else council,
        utcnow() if moment is None else moment,
        version,
    )
    return CommitteePapers(papers_document(papers, exported_by=exported_by), len(papers["pips"]))


def _signed_in_name() -> str | None:
    return current_user.name if has_request_context() and current_user.is_authenticated else None


def _issuer(version: PapersVersion | None) -> str | None:
    """The name of the clerk who issued `version` (None when they are no longer a user)."""
    if version is None or version.issued_by_id is None:
        return None
    return User.select(User.name).where(User.id == version.issued_by_id).scalar()
