"""A plan as a PDF (docs/meetings-and-papers.md#pdf): the Word plan of webapp/pips/word_files.py converted by
LibreOffice, for anyone who may read the plan."""

from datetime import date

from flask import url_for
from flask_login import current_user

from webapp.core.downloads import safe_name
from webapp.core.office import pdf_available, pdf_download, to_pdf
from webapp.core.permissions import signed_in
from webapp.exports.pip_docx import pip_document
from webapp.models import utcnow

from . import bp
from .access import check_read
from .printed import printed_plan
from .store import load_plan

# The plan page offers the PDF beside the Word file, or says why this server cannot make one.
bp.add_app_template_global(pdf_available, "pdf_available")


@bp.route("/<int:pip_id>/plan.pdf")
@signed_in
def download_pdf(pip_id):
    plan = load_plan(pip_id)
    check_read(plan.pip)
    exported_by = current_user.name  # the document's author (docs/meetings-and-papers.md#every-document)
    return pdf_download(
        lambda: to_pdf(pip_document(printed_plan(plan, utcnow()), exported_by=exported_by)),
        f"PIP-{safe_name(plan.pip.pi_code, 'plan')}-{date.today():%Y-%m-%d}.pdf",
        url_for(".download_word", pip_id=pip_id),
    )
