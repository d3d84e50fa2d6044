"""A plan as a Word document (docs/meetings-and-papers.md#a-single-plan), for anyone who may read it."""

from datetime import date

from flask_login import current_user

from webapp.core.downloads import safe_name, word_attachment
from webapp.core.permissions import signed_in
from webapp.exports.pip_docx import pip_document
from webapp.models import utcnow

from . import bp
from .access import check_read
from .printed import printed_plan
from .store import load_plan


@bp.route("/<int:pip_id>/plan.docx")
@signed_in
def download_word(pip_id):
    plan = load_plan(pip_id)
    check_read(plan.pip)
    name = f"PIP-{safe_name(plan.pip.pi_code, 'plan')}-{date.today():%Y-%m-%d}.docx"
    # Word names the person downloading the plan as its author (docs/meetings-and-papers.md#every-document).
    return word_attachment(pip_document(printed_plan(plan, utcnow()), exported_by=current_user.name), name)
