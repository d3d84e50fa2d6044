"""The meetings register (docs/meetings-and-papers.md#meetings-and-committee-papers): every signed-in user reads it;
committee clerks keep it,
and keep the list of bodies that meet. Meetings and bodies are never deleted here: later work
attaches PIP comments, agenda items and decisions to them."""

from datetime import date

import peewee
from flask import Blueprint, flash, redirect, render_template, request, url_for
from playhouse.flask_utils import get_object_or_404
from wtforms.fields.choices import SelectChoice

from forms.meetings import BodyForm, MeetingFilterForm, MeetingForm
from webapp.core.names import name_taken, name_taken_message
from webapp.core.permissions import role_required, signed_in
from webapp.domain.dates import uk_date
from webapp.domain.roles import Role
from webapp.models import AgendaItem, Body, Meeting, database
from webapp.search.index import index_meeting, index_meetings_of

bp = Blueprint("meetings", __name__, url_prefix="/meetings")


def _bodies():
    return list(Body.select().order_by(Body.name))


@bp.route("/")
@signed_in
def index():
    bodies = _bodies()
    form = MeetingFilterForm(request.args)
    form.body.choices = [SelectChoice("", "All bodies")] + [SelectChoice(str(b.id), b.name) for b in bodies]
    body_id = form.body.data if form.validate() else None
    meetings = Meeting.select(Meeting, Body).join(Body).order_by(Meeting.date, Body.name)
    if body_id:
        meetings = meetings.where(Meeting.body == body_id)
    today = date.today()
    meetings = list(meetings)
    upcoming = [m for m in meetings if m.date >= today]
    past = [m for m in reversed(meetings) if m.date < today]
    return render_template(
        "meetings/index.html", form=form, upcoming=upcoming, past=past, filtered=bool(body_id), has_bodies=bool(bodies)
    )


@bp.route("/<int:meeting_id>")
@signed_in
def show(meeting_id):
    meeting = get_object_or_404(Meeting.select(Meeting, Body).join(Body), Meeting.id == meeting_id)
    item = AgendaItem.get_or_none(AgendaItem.meeting == meeting)
    return render_template("meetings/show.html", meeting=meeting, item=item)


def _meeting_form(meeting=None):
    saved = (
        {"body": meeting.body_id, "date": meeting.date, "title": meeting.title, "location": meeting.location}
        if meeting
        else None
    )
    form = MeetingForm(data=saved)
    form.body.choices = [SelectChoice(str(b.id), b.name) for b in _bodies()]
    return form


def _clashes(meeting_id, body_id, on):
    """Whether the body already meets that day (the database refuses a second row too)."""
    query = Meeting.select().where(Meeting.body == body_id, Meeting.date == on)
    if meeting_id:
        query = query.where(Meeting.id != meeting_id)
    return query.exists()


def _body_name(form):
    return {int(choice.value): choice.label for choice in form.body.choices}.get(form.body.data, "This body")


def _fixed_by_papers(form, meeting):
    """A meeting with committee papers keeps its body (the papers are that committee's), and once they are
    published, its date (the papers name it): an error on the field, and True, when the form changes either."""
    if not meeting.id:
        return False
    item = AgendaItem.get_or_none(AgendaItem.meeting == meeting.id)
    if item is None:
        return False
    if form.body.data != meeting.body_id:
        form.body.errors.append(
            f"This meeting has committee papers, so it stays a meeting of the {meeting.body.name}: "
            "add a meeting of the other body instead"
        )
    if item.published and form.date.data != meeting.date:
        form.date.errors.append(
            f"The papers for this meeting were published for {uk_date(meeting.date)}, so its date stays: "
            "add a meeting on the new date instead"
        )
    return bool(form.body.errors or form.date.errors)


def _save_meeting(form, meeting):
    """Saves the meeting, or puts the clash on the date field and returns False."""
    if _fixed_by_papers(form, meeting):
        return False
    if not _clashes(meeting.id, form.body.data, form.date.data):
        meeting.body = form.body.data
        meeting.date = form.date.data
        meeting.title = form.title.data
        meeting.location = form.location.data
        try:
            with database.atomic():
                meeting.save()
                index_meeting(meeting.id)  # docs/search.md#the-index
            return True
        except peewee.IntegrityError:  # another clerk saved the same body and day a moment ago
            pass
    form.date.errors.append(f"{_body_name(form)} already has a meeting on {uk_date(form.date.data)}")
    return False


def _meeting_form_page(form, meeting=None):
    status = 422 if form.errors else 200
    return render_template("meetings/meeting_form.html", form=form, meeting=meeting), status


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.CLERK)
def new():
    form = _meeting_form()
    if form.validate_on_submit():
        meeting = Meeting()
        if _save_meeting(form, meeting):
            flash(f"Meeting added: {_body_name(form)}, {uk_date(meeting.date)}", "success")
            return redirect(url_for(".show", meeting_id=meeting.id))
    return _meeting_form_page(form)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(Role.CLERK)
def edit(meeting_id):
    meeting = get_object_or_404(Meeting.select(Meeting, Body).join(Body), Meeting.id == meeting_id)
    form = _meeting_form(meeting)
    if form.validate_on_submit() and _save_meeting(form, meeting):
        flash(f"Meeting updated: {_body_name(form)}, {uk_date(meeting.date)}", "success")
        return redirect(url_for(".show", meeting_id=meeting.id))
    return _meeting_form_page(form, meeting)


@bp.route("/bodies/")
@role_required(Role.CLERK)
def bodies():
    rows = (
        Body.select(Body, peewee.fn.COUNT(Meeting.id).alias("meeting_count"))
        .join(Meeting, peewee.JOIN.LEFT_OUTER)
        .group_by(Body.id)
        .order_by(Body.name)
    )
    return render_template("meetings/bodies.html", bodies=list(rows))


def _save_body(form, body):
    """Saves the body, or puts a clash of names on the name field (or a change of kind on a body that has
    met: its meetings are cited as meetings of that kind) and returns False."""
    if body.id and form.kind.data != body.kind and Meeting.select().where(Meeting.body == body.id).exists():
        form.kind.errors.append(
            f"{body.name} has met, so it stays a {body.kind.label}: its meetings are cited as that. "
            "Add a body of the other kind instead"
        )
        return False
    taken = name_taken(Body, form.name.data, body.id)
    if not taken:
        body.name = form.name.data
        body.kind = form.kind.data
        try:
            with database.atomic():
                body.save()
                index_meetings_of(body.id)  # its meetings are found by its name (docs/search.md#the-index)
            return True
        except peewee.IntegrityError:  # saved by someone else a moment ago
            taken = name_taken(Body, form.name.data, body.id) or form.name.data
    form.name.errors.append(name_taken_message(Body, taken))
    return False


def _body_form_page(form, body=None):
    status = 422 if form.errors else 200
    return render_template("meetings/body_form.html", form=form, body=body), status


@bp.route("/bodies/new", methods=["GET", "POST"])
@role_required(Role.CLERK)
def new_body():
    form = BodyForm()
    if form.validate_on_submit():
        body = Body()
        if _save_body(form, body):
            flash(f"Body added: {body.name}", "success")
            return redirect(url_for(".bodies"))
    return _body_form_page(form)


@bp.route("/bodies/<int:body_id>/edit", methods=["GET", "POST"])
@role_required(Role.CLERK)
def edit_body(body_id):
    body = get_object_or_404(Body, Body.id == body_id)
    form = BodyForm(obj=body)
    if form.validate_on_submit() and _save_body(form, body):
        flash(f"Body updated: {body.name}", "success")
        return redirect(url_for(".bodies"))
    return _body_form_page(form, body)
