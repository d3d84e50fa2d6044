"""The committee papers as a PDF for the council's website (docs/meetings-and-papers.md#pdf): the Word papers
of the download view (webapp/papers/views.py), converted by LibreOffice with a contents list of the report
and its appendices, each with its page. Whoever may download the Word papers may download the PDF."""

from flask import abort, url_for

from webapp.core.downloads import safe_name
from webapp.core.office import pdf_available, pdf_download
from webapp.core.permissions import signed_in

from . import bp
from .documents import generate_papers
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
    return pdf_download(
        lambda: generate_papers(item).document,
        f"{name}{'' if item.published else '-DRAFT'}.pdf",
        url_for(".download", meeting_id=meeting.id),
        contents_levels=1,
    )
