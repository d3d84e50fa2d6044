"""The committee papers as a PDF for the council's website (docs/meetings-and-papers.md#pdf): the Word papers
of the download view (webapp/papers/views.py), converted by LibreOffice with a contents list of the report
and its appendices, each with its page. Whoever may download the Word papers may download the PDF.

A draft's PDF is made at each download: its plans change. A version of published papers never changes, so its
PDF is made at its first download and kept (`PublishedPdf`): the Members downloading the papers the morning
they are published cost LibreOffice's seconds once, and a kept PDF needs no LibreOffice at all."""

from flask import abort, url_for

from webapp.core.downloads import PDF, attachment, safe_name
from webapp.core.office import pdf_available, pdf_download, to_pdf
from webapp.core.permissions import signed_in
from webapp.models import PublishedPdf

from . import bp
from .documents import generate_papers
from .versions import latest_version
from .views import _visible_item, a_and_p_meeting

# The papers page offers the PDF beside the Word papers, or says why this server cannot make one.
bp.add_app_template_global(pdf_available, "pdf_available")


@bp.route("/download.pdf")
@signed_in
def download_pdf(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = _visible_item(meeting)
    if item is None:
        abort(404)
    name = f"{safe_name(meeting.body.name.replace(' ', '-'), 'committee')}-{meeting.date:%Y-%m-%d}-PIPs"
    filename = f"{name}{'' if item.published else '-DRAFT'}.pdf"
    word_url = url_for(".download", meeting_id=meeting.id)
    if not item.published:
        return pdf_download(lambda: to_pdf(generate_papers(item).document, contents_levels=1), filename, word_url)
    version = latest_version(item)
    kept = PublishedPdf.select(PublishedPdf.content).where(PublishedPdf.version == version.id).scalar()
    if kept is not None:
        return attachment(bytes(kept), filename, PDF)
    return pdf_download(lambda: _made_and_kept(item, version), filename, word_url)


def _made_and_kept(item, version):
    """The PDF of `version` of the papers, made now and kept. Two first downloads at once both make it; the
    first to finish keeps it (the same papers either way)."""
    content = to_pdf(generate_papers(item, version=version).document, contents_levels=1)
    PublishedPdf.insert(version=version.id, content=content).on_conflict_ignore().execute()
    return content
