"""A plan as a pip/v1 JSON file: download any plan you may read; performance officers upload one."""

from datetime import UTC, date, datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField

from webapp.core.downloads import JSON, attachment, safe_name
from webapp.core.permissions import role_required, signed_in
from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.domain.roles import Role
from webapp.exports.pip_json import json_text, plan_to_json
from webapp.exports.pip_json_reading import parse, validate

from . import bp
from .access import check_read
from .interchange import UPLOAD_PAGE, ImportRefused, exported_plan, import_plan
from .store import load_plan


class UploadForm(FlaskForm):
    document = FileField("JSON file (pip/v1)")
    # The words UPLOAD_PAGE quotes in the error for each missing thing.
    create_missing = BooleanField(
        "Create what the register is missing",
        description="The plan's PI, its service (under the file's directorate, or one named Unassigned) and the "
        "bodies whose meetings it cites, when the register has none of that code or name.",
    )


@bp.route("/<int:pip_id>/plan.json")
@signed_in
def download_json(pip_id):
    plan = load_plan(pip_id)
    check_read(plan.pip)
    document = plan_to_json(exported_plan(plan), datetime.now(UTC))
    name = f"PIP-{safe_name(plan.pip.pi_code, 'plan')}-{date.today():%Y-%m-%d}.json"
    return attachment(json_text(document, indent=2), name, JSON)


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.PERFORMANCE)
def upload_json():
    form = UploadForm()
    problems = []
    if form.validate_on_submit():
        pip, problems = _import(form.document.data, form.create_missing.data)
        if pip is not None:
            created = f" Created: {', '.join(pip.created)}." if pip.created else ""
            flash(f"Plan imported for {pip.pi_code}.{created}", "success")
            return redirect(url_for("pips.show", pip_id=pip.id))
    return render_template("pips/import.html", form=form, problems=problems), 422 if problems else 200


def _import(upload, create_missing):
    """(the new plan, []) once the file is imported, or (None, what stopped it)."""
    if upload is None or not getattr(upload, "filename", ""):
        return None, ["Choose a pip/v1 JSON file"]
    document, errors = parse(upload.read(MAX_IMPORT_BYTES + 1))  # no more than it takes to know it is too big
    if errors:
        return None, errors
    data, errors = validate(document, today=date.today())
    if errors:
        return None, errors
    try:
        return import_plan(data, create_indicators=create_missing, user=current_user, how_to_create=UPLOAD_PAGE), []
    except ImportRefused as refused:
        return None, list(refused.errors)
