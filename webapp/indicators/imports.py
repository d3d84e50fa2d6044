"""Importing scores and targets from a spreadsheet (docs/score-imports.md): the templates to download, the
upload and its preview of every row, and the confirm that applies the whole file or nothing. Performance
officers only."""

import logging
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forms.score_imports import ImportConfirmForm, SpreadsheetUploadForm
from webapp.core.downloads import CSV, XLSX, attachment
from webapp.core.permissions import role_required
from webapp.domain.dates import uk_date
from webapp.domain.file_changes import target_changes
from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.domain.periods import financial_year_label
from webapp.domain.rating import Rag
from webapp.domain.roles import Role
from webapp.domain.score_files import Action, FileCheck, Kind
from webapp.domain.sheet_cells import brief
from webapp.domain.units import format_value, plain_number

from . import bp, staged_uploads
from .score_imports import FileRefused, apply_file, fingerprint, preview, template_indicators
from .sheets import template_csv, template_rows, template_xlsx

log = logging.getLogger(__name__)
performance_only = role_required(Role.PERFORMANCE)
KINDS = {kind.value: kind for kind in Kind}


def _kind(kind):
    return KINDS.get(kind) or abort(404)


@bp.route("/import/<kind>/template.<extension>")
@performance_only
def import_template(kind, extension):
    kind = _kind(kind)
    rows = template_rows(kind, template_indicators(), date.today())
    name = f"{kind.value}-template"
    if extension == "csv":
        return attachment(template_csv(rows), f"{name}.csv", CSV)
    if extension == "xlsx":
        return attachment(template_xlsx(rows, kind), f"{name}.xlsx", XLSX)
    abort(404)


@bp.route("/import/<kind>", methods=["GET", "POST"])
@performance_only
def import_file(kind):
    kind = _kind(kind)
    form = SpreadsheetUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, kind, status=422 if form.is_submitted() else 200)
    upload = form.chosen_file()
    if upload is None:
        return _upload_page(form, kind, ["Choose a spreadsheet (.xlsx or .csv) to upload"])
    data = upload.read(MAX_IMPORT_BYTES + 1)  # no more than it takes to know it is too big
    if len(data) > MAX_IMPORT_BYTES:
        return _upload_page(form, kind, [f"The file must be {MAX_IMPORT_BYTES // (1024 * 1024)} MB or smaller"])
    filename = upload.filename[-200:]
    check = preview(data, filename, kind)
    if check.problems:
        return _upload_page(form, kind, check.problems)
    token = None
    if not check.error_count:
        token = staged_uploads.stage(data, kind, filename, current_user.id, fingerprint(check))
    return _preview_page(check, kind, filename, token)


@bp.route("/import/<kind>/confirm", methods=["POST"])
@performance_only
def confirm_import(kind):
    kind = _kind(kind)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data, said = staged_uploads.unstage(form.token.data, kind, current_user.id)
    except staged_uploads.StagedFileGone:
        message = "The preview has expired or was not yours: upload the file again"
        return _upload_page(SpreadsheetUploadForm(formdata=None), kind, [message], status=409)
    filename = said.get("filename", "")
    try:
        check = apply_file(data, filename, kind, current_user.id, expected=said.get("preview"))
    except FileRefused as refused:
        token = None
        if not refused.check.error_count:  # the register changed: the new preview may be confirmed
            token = staged_uploads.stage(
                data, kind, filename, current_user.id, fingerprint(refused.check), said["file"]
            )
        else:
            staged_uploads.discard(said)
        return _preview_page(refused.check, kind, filename, token, changed=True, status=409)
    staged_uploads.discard(said)
    flash(_applied_message(check), "success")
    return redirect(url_for(".index"))


def _applied_message(check: FileCheck):
    counts = {action: 0 for action in Action}
    for line in check.lines:
        counts[line.action] += 1
    what = "score" if check.kind is Kind.SCORES else "target"
    new = counts[Action.NEW]
    replaced = counts[Action.CORRECTION]
    parts = [f"{new} new {what}{'' if new == 1 else 's'}"]
    parts.append(
        f"{replaced} {'correction' if check.kind is Kind.SCORES else 'new version'}{'' if replaced == 1 else 's'}"
    )
    if counts[Action.UNCHANGED]:
        parts.append(f"{counts[Action.UNCHANGED]} unchanged")
    return f"Imported {what}s: {', '.join(parts)}"


def _upload_page(form, kind, problems=(), status=None):
    if status is None:
        status = 422 if problems else 200
    return render_template("indicators/import_upload.html", form=form, kind=kind, problems=problems), status


def _preview_page(check, kind, filename, token, changed=False, status=None):
    if status is None:
        status = 422 if check.error_count else 200
    confirm = ImportConfirmForm(formdata=None, data={"token": token}) if token else None
    counts = {action: 0 for action in Action}
    for line in check.lines:
        if not line.errors:
            counts[line.action] += 1
    return render_template(
        "indicators/import_preview.html",
        check=check,
        drawn=_drawn(check),
        kind=kind,
        filename=filename,
        confirm=confirm,
        changed=changed,
        counts=counts,
        Action=Action,
        ratings=list(Rag),
        year_label=financial_year_label,
    ), status


def _drawn(check):
    """[(line, PI, period or year, value, stretch, what changes)] as the preview writes them: worked out here, once
    for each distinct date or value, as a file of 10,000 rows repeats a few period ends (docs/quality.md)."""
    days, values = {}, {}

    def value(number, pi):
        if number is None:
            return ""
        if pi is None:
            return plain_number(number)
        key = (number, pi.unit, pi.decimal_places)
        if key not in values:
            values[key] = format_value(number, pi.unit, pi.decimal_places)
        return values[key]

    rows = []
    for line in check.lines:
        if line.period_end is not None:
            when = days.get(line.period_end) or days.setdefault(line.period_end, uk_date(line.period_end))
        else:
            when = financial_year_label(line.financial_year) if line.financial_year else ""
        pi_text = f"{line.code} {line.pi.name}" if line.pi else brief(line.code)
        if line.action is not Action.CORRECTION:
            change = ""
        elif check.kind is Kind.SCORES:
            change = f"was {value(line.previous, line.pi)}"
        else:
            change = target_changes(line)
        stretch = value(line.stretch_value, line.pi)
        rows.append((line, pi_text, when, value(line.value, line.pi), stretch, change))
    return rows
