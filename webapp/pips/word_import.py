"""Importing a plan written in Word (docs/word-import.md#the-upload-page): performance officers upload a .docx
filled in the council's template, see what was recognised and what was not, and confirm to create it as a
Draft. The file is kept on the server between the preview and the confirm, as the score import keeps its
spreadsheets (webapp/indicators/staged_uploads.py), and read and checked again on confirm."""

from enum import Enum

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from forms.pips.word_import import WordConfirmForm, WordUploadForm
from webapp.core.permissions import role_required
from webapp.domain.limits import MAX_IMPORT_BYTES
from webapp.domain.periods import Frequency
from webapp.domain.pips import CommentRole, Duration, Resourcing, SolutionStatus
from webapp.domain.rating import Polarity
from webapp.domain.roles import Role
from webapp.domain.text import clean_text
from webapp.domain.units import Unit
from webapp.indicators import staged_uploads
from webapp.models import Service

from . import bp
from .from_word import Choices, check_word_plan, import_word_plan

performance_only = role_required(Role.PERFORMANCE)
# The preview's words for the values of a pip/v1 document.
WORDS = {
    member.value: member.label
    for word in (Duration, Resourcing, SolutionStatus, CommentRole, Polarity, Unit, Frequency)
    for member in word
}


class Staged(Enum):
    """The kind of file staged_uploads keeps for this page: its tokens are good for nothing else."""

    WORD_PLAN = "word-plan"


@bp.route("/import-word", methods=["GET", "POST"])
@performance_only
def upload_word():
    form = WordUploadForm()
    if not form.validate_on_submit():
        return _upload_page(form, status=422 if form.is_submitted() else 200)
    upload = form.chosen_file()
    if upload is None:
        return _upload_page(form, ["Choose a Word document (.docx) to upload"])
    data = upload.read(MAX_IMPORT_BYTES + 1)  # no more than it takes to know it is too big
    if len(data) > MAX_IMPORT_BYTES:
        return _upload_page(form, [f"The file must be {MAX_IMPORT_BYTES // (1024 * 1024)} MB or smaller"])
    filename = clean_text(upload.filename, multiline=False)[-200:]
    choices = Choices(create_indicators=form.create_indicators.data)
    check = check_word_plan(data, choices)
    if check.plan is None:
        return _upload_page(form, check.errors)
    token = staged_uploads.stage(data, Staged.WORD_PLAN, filename, current_user.id, "")
    confirm = WordConfirmForm(formdata=None, data={"token": token, "create_indicators": choices.create_indicators})
    return _preview_page(check, confirm, filename)


@bp.route("/import-word/confirm", methods=["POST"])
@performance_only
def confirm_word():
    form = WordConfirmForm()
    _service_choices(form)
    valid = form.validate_on_submit()
    try:
        data, said = staged_uploads.unstage(form.token.data, Staged.WORD_PLAN, current_user.id)
    except staged_uploads.StagedFileGone:
        message = "The preview has expired or was not yours: upload the document again"
        return _upload_page(WordUploadForm(formdata=None), [message], status=409)
    filename = said.get("filename", "")
    choices = Choices(
        create_indicators=form.create_indicators.data,
        service=form.service.data,
        polarity=form.polarity.data,
        unit=form.unit.data,
        frequency=form.frequency.data,
    )
    if not valid:
        return _preview_page(check_word_plan(data, choices), form, filename)
    pip, check = import_word_plan(data, choices, user=current_user, filename=filename)
    if pip is None:
        return _preview_page(check_word_plan(data, choices), form, filename)
    staged_uploads.discard(said)
    created = f" Created: {', '.join(pip.created)}." if pip.created else ""
    flash(
        f"Draft plan created for {pip.pi_code} from {filename}.{created} Check it, then submit it as usual.", "success"
    )
    return redirect(url_for(".show", pip_id=pip.id))


def _service_choices(form):
    form.service.choices = [("", "Choose a service")] + [
        (name, name) for (name,) in Service.select(Service.name).order_by(Service.name).tuples()
    ]


def _upload_page(form, problems=(), status=None):
    if status is None:
        status = 422 if problems else 200
    return render_template("pips/word_import.html", form=form, problems=problems), status


def _preview_page(check, confirm, filename):
    _service_choices(confirm)
    document = check.document
    if check.new_indicator and not confirm.is_submitted():
        indicator = document["indicator"]
        confirm.polarity.data, confirm.unit.data = indicator["polarity"], indicator["unit"]
        confirm.frequency.data = indicator["frequency"]
    status = 422 if check.errors or confirm.errors else 200
    return render_template(
        "pips/word_import_preview.html",
        check=check,
        document=document,
        confirm=confirm,
        filename=filename,
        asks_service=any(need.startswith("Service:") for need in check.needs)
        or (confirm.service.data and check.new_indicator),
        words=WORDS,
    ), status
