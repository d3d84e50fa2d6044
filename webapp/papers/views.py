"""The clerk's pages for the Performance Improvement Plans item on an A&P agenda, and its papers.

Clerks build the item: the cover report, the plans presented and their order, then publish.
Everyone signed in may read and download the papers once they are published; before that they
are the clerk's working draft.
"""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from playhouse.flask_utils import get_object_or_404

from forms.core.fields import choices, restamp
from forms.papers import AddPlanForm, ConfirmForm, MoveForm, PublishForm, ReportForm
from webapp.core.downloads import safe_name, word_attachment
from webapp.core.permissions import role_required, signed_in
from webapp.core.refusals import redraws
from webapp.domain.bodies import BodyKind
from webapp.domain.papers import appendix_letter
from webapp.domain.roles import Role
from webapp.models import AgendaItem, Body, Meeting
from webapp.pips.committee import decisions_for

from . import bp
from .documents import generate_papers
from .item import (
    COVER_FIELDS,
    AlreadyPublished,
    PapersChanged,
    add_plan,
    candidates,
    entries,
    item_for,
    move_plan,
    not_presentable,
    papers_as_shown,
    publish,
    remove_plan,
    report_values,
    save_report,
)
from .risk_rows import risks
from .versions import versions_of


def a_and_p_meeting(meeting_id):
    """The A&P meeting, or 404: only the Audit and Performance Committee has this item."""
    meeting = get_object_or_404(Meeting.select(Meeting, Body).join(Body), Meeting.id == meeting_id)
    if meeting.body.kind is not BodyKind.AUDIT_AND_PERFORMANCE:
        abort(404)
    return meeting


def _visible_item(meeting):
    """The item, when the user may see it: clerks always, everyone else once it is published."""
    item = item_for(meeting)
    if current_user.has_role(Role.CLERK):
        return item
    if item is None:
        abort(404)
    if not item.published:
        abort(403)
    return item


def item_or_404(meeting):
    """The item a change is made to, or 404 when the meeting has none yet."""
    item = item_for(meeting)
    if item is None:
        abort(404)
    return item


def published_refusal(meeting):
    flash("These papers have been published, so what was presented can no longer change.", "error")
    return redirect(url_for(".show", meeting_id=meeting.id))


def _add_form(item, formdata=None):
    form = AddPlanForm(formdata=formdata) if formdata is not None else AddPlanForm()
    form.pip.choices = choices(
        [(0, "Choose a plan")]
        + [
            (pip.id, f"{pip.pi_code} {pip.pi_name} ({pip.service.name}, {pip.status.label})")
            for pip in candidates(item)
        ]
    )
    return form


def _item_page(meeting, item, add_form=None, status=200):
    rows = entries(item)
    editable = current_user.has_role(Role.CLERK) and item is not None and not item.published
    if editable and add_form is None:
        add_form = _add_form(item)
    decisions = decisions_for(rows) if item is not None and item.published else {}
    versions = versions_of(item)  # every version of the published papers (versions.py)
    return render_template(
        "papers/show.html",
        meeting=meeting,
        item=item,
        entries=rows,
        decisions=decisions,
        letters=[appendix_letter(i) for i in range(len(rows))],
        versions=versions,
        editable=editable,
        recording=current_user.has_role(Role.CLERK) and item is not None and item.published,
        add_form=add_form,
        move_form=MoveForm(),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/")
@signed_in
def show(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    return _item_page(meeting, _visible_item(meeting))


def _report_defaults():
    fields = AgendaItem._meta.fields
    return {name: fields[name].default for name in COVER_FIELDS} | {"version": 0}


@bp.route("/report", methods=["GET", "POST"])
@role_required(Role.CLERK)
def report(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_for(meeting)
    if item is not None and item.published:
        return published_refusal(meeting)
    form = ReportForm(obj=item) if item else ReportForm(data=_report_defaults())
    if request.method == "GET":
        form.stamp(item.version if item else 0, report_values(item) if item else report_values(form))
    if not form.validate_on_submit():
        return _report_page(meeting, item, form, 422 if form.errors else 200)
    try:
        save_report(meeting, item, {name: form[name].data for name in COVER_FIELDS}, form.base())
    except AlreadyPublished:
        return published_refusal(meeting)
    flash("Cover report saved.", "success")
    return redirect(url_for(".show", meeting_id=meeting.id))


def _report_page(meeting, item, form, status, conflict=None):
    return render_template(
        "papers/report.html",
        meeting=meeting,
        item=item,
        form=form,
        conflict=conflict,
        risks=risks(item),  # the Risk Analysis table's rows, changed on their own pages (risks.py)
        confirm_form=ConfirmForm(),
    ), status


@redraws("cover_report")
def _report_refused(conflict):
    """The cover report again after someone else saved it: their changes in the fields this clerk left
    alone, both values where both changed it (409)."""
    meeting = a_and_p_meeting(request.view_args["meeting_id"])
    item = item_for(meeting)
    form = ReportForm()
    conflict.redraw(form)
    return _report_page(meeting, item, form, 409, conflict)


@bp.route("/plans", methods=["POST"])
@role_required(Role.CLERK)
def add(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    if item.published:
        return published_refusal(meeting)
    form = _add_form(item)
    if not form.validate_on_submit():
        return _item_page(meeting, item, form, 422)
    chosen = next(pip for pip in candidates(item) if pip.id == form.pip.data)
    try:
        add_plan(item, chosen)
    except AlreadyPublished:
        return published_refusal(meeting)
    flash(f"Added {chosen.pi_code} {chosen.pi_name} to the papers.", "success")
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="agenda-plans"))


@bp.route("/plans/<int:entry_id>/move", methods=["POST"])
@role_required(Role.CLERK)
def move(meeting_id, entry_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    form = MoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        found = move_plan(item, entry_id, -1 if form.direction.data == "up" else 1)
    except AlreadyPublished:
        return published_refusal(meeting)
    if not found:
        return _gone(meeting)
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="agenda-plans"))


def _gone(meeting):
    """A move or removal of a plan another clerk took off the papers after this page was drawn (ids are never
    given again, so it is not another plan): the papers as they are now, and why nothing happened."""
    flash("That plan is no longer on the papers: another clerk took it off. Nothing was changed.", "info")
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="agenda-plans"))


@bp.route("/plans/<int:entry_id>/remove", methods=["POST"])
@role_required(Role.CLERK)
def remove(meeting_id, entry_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        found = remove_plan(item, entry_id)
    except AlreadyPublished:
        return published_refusal(meeting)
    if not found:
        return _gone(meeting)
    flash("Plan taken off the papers.", "success")
    return redirect(url_for(".show", meeting_id=meeting.id, _anchor="agenda-plans"))


@bp.route("/publish", methods=["GET", "POST"])
@role_required(Role.CLERK)
def publish_papers(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = item_or_404(meeting)
    if item.published:
        return published_refusal(meeting)
    rows = entries(item)
    form = PublishForm()
    problem = _not_publishable(rows)
    status = 422 if form.is_submitted() and problem else 200
    if form.validate_on_submit() and problem is None:
        try:
            publish(
                item,
                current_user.id,
                current_app.config["COUNCIL_NAME"],
                form.with_changes.data,
                as_shown=form.as_shown.data or None,
            )
        except AlreadyPublished:
            return published_refusal(meeting)
        except PapersChanged:
            item, status = item_for(meeting), 409
            rows = entries(item)
            problem = _not_publishable(rows) or (
                "The papers changed after this page was opened: check what will be published now, then publish"
            )
        else:
            flash("Papers published. They will now always print as they are today.", "success")
            return redirect(url_for(".show", meeting_id=meeting.id))
    restamp(form.as_shown, papers_as_shown(item, rows))
    return render_template(
        "papers/publish.html", meeting=meeting, item=item, entries=rows, form=form, problem=problem
    ), status


def _not_publishable(rows):
    """Why the papers cannot be published as they are, or None."""
    if not rows:
        return "Add at least one plan before publishing the papers"
    withdrawn = ", ".join(pip.pi_code for pip in not_presentable(rows))
    if withdrawn:
        return f"Remove {withdrawn} from the papers before publishing: withdrawn since it was added"
    return None


@bp.route("/download")
@signed_in
def download(meeting_id):
    meeting = a_and_p_meeting(meeting_id)
    item = _visible_item(meeting)
    if item is None:
        abort(404)
    papers = generate_papers(item)
    name = f"{safe_name(meeting.body.name.replace(' ', '-'), 'committee')}-{meeting.date:%Y-%m-%d}-PIPs"
    return word_attachment(papers.document, f"{name}{'' if item.published else '-DRAFT'}.docx")
