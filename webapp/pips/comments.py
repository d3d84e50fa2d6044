"""Section 5 Management Comment: Head of Service, CMT, OMT and Members comments, added, changed and
removed in place.

Comments are additions: adding one never conflicts with anything (docs/plans.md#changes-and-history). A CMT comment may
approve or decline named solutions, which sets their status; each status change is recorded against
its solution ("solution:ID"), so a form open on that solution sees it as a conflict.

A Completed plan takes only the Members' comments of a meeting it was presented at, as an addendum in its
history (docs/meetings-and-papers.md#the-meetings-record): the form then offers that role and those meetings.
"""

from datetime import date

from flask import abort, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from forms.core.fields import choices, give_ids
from forms.pips.comments import MEETING_KINDS, CommentForm
from webapp.core.permissions import signed_in
from webapp.core.refusals import redraws
from webapp.core.rendering import render_page_or_fragment
from webapp.domain.access import is_read_only
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole
from webapp.domain.referrals import addendum_roles
from webapp.models import Body, ManagementComment, Meeting, Solution

from . import bp, edits
from .access import check_read, comment_roles, pip_or_404
from .changes import Conflict, ReadOnlyPlan, plan_row
from .edits.comments import comment_values, decisions_of, describe_decisions, presented_at, wanted_decisions
from .responses import form_response, section_response
from .store import load_plan

KIND_ORDER = list(BodyKind)


@bp.app_template_global()
def comment_roles_for(pip):
    """The comment roles the signed-in user may record on `pip`: on a closed plan, only an addendum's."""
    roles = comment_roles(pip)
    return _closed(pip, roles)[0] if is_read_only(pip.status) else roles


def _closed(pip, roles):
    """On a closed plan, the roles it still takes (an addendum's) and the meetings it was presented at."""
    if CommentRole.MEMBERS not in roles:
        return [], set()
    meetings = presented_at(pip.id, held_by=date.today())
    return addendum_roles(pip.status, roles, meetings), meetings


@bp.app_template_global()
def may_change_comment(comment, roles):
    """Whoever recorded a comment, or anyone who could record its role, may change or remove it; either way
    only while they may comment on the plan at all (`roles`): reading a plan in the library is not enough
    (docs/users-and-permissions.md#changing-plans)."""
    return comment.role in roles or (bool(roles) and comment.recorded_by_id == current_user.id)


@bp.app_template_global()
def comment_rows(plan):
    """The template's rows: Head of Service, CMT, OMT (only when there are OMT comments), Members."""
    by_role = [(role, [c for c in plan.comments if c.role is role]) for role in CommentRole]
    return [(role, comments) for role, comments in by_role if comments or role is not CommentRole.OMT]


bp.add_app_template_global(describe_decisions, "describe_decisions")


def _commentable(pip_id):
    """The PIP and the roles the user may comment as; read access is needed either way."""
    pip = check_read(pip_or_404(pip_id))
    return pip, comment_roles(pip)


def _comment_or_404(pip, comment_id, removal=False):
    """Only a comment of this PIP: another PIP's comment id is not found here, and one removed since is said so."""
    comment = ManagementComment.get_or_none((ManagementComment.id == comment_id) & (ManagementComment.pip == pip.id))
    return comment or plan_row(pip.id, [], "comment", comment_id, removal)  # not the plan's: removed, or not found


def _changeable(pip_id, comment_id, removal=False):
    pip, roles = _commentable(pip_id)
    comment = _comment_or_404(pip, comment_id, removal)
    if not may_change_comment(comment, roles):
        abort(403)
    return pip, roles, comment


def _meetings(kinds, also_id=None, only=None):
    """Meetings so far of bodies of `kinds` (and the one a comment already cites), by body, latest first;
    `only` those of these ids (an addendum's: the meetings the plan was presented at)."""
    condition = (Body.kind.in_([k.value for k in kinds]) & (Meeting.date <= date.today())) if kinds else False
    if only is not None:
        condition = condition & Meeting.id.in_(list(only) or [0])
    if also_id:
        condition = condition | (Meeting.id == also_id)
    query = Meeting.select(Meeting, Body).join(Body).where(condition)
    return sorted(query, key=lambda m: (KIND_ORDER.index(m.body.kind), m.body.name, -m.date.toordinal()))


def _form(pip, roles, comment=None, only=None, **kwargs):
    """The comment form with its choices: this user's roles, their bodies' meetings (`only` some: an
    addendum's), this plan's solutions."""
    role_choices = [r for r in CommentRole if r in roles or (comment and r is comment.role)]
    kinds = {kind for role in role_choices for kind in MEETING_KINDS[role]}
    meetings = {m.id: m for m in _meetings(kinds, comment.meeting_id if comment else None, only)}
    form = CommentForm(
        meeting_kinds={i: m.body.kind for i, m in meetings.items()},
        meeting_dates={i: m.date for i, m in meetings.items()},
        **kwargs,
    )
    form.role.choices = choices((r.value, r.label) for r in role_choices)
    form.meeting.choices = [SelectChoice("", "Choose a meeting")] + [
        SelectChoice(str(m.id), f"{m}{' – ' + m.title if m.title else ''}", optgroup=m.body.name)
        for m in meetings.values()
    ]
    solutions = list(Solution.select().where(Solution.pip == pip.id).order_by(Solution.id))
    solution_choices = choices((s.id, f"{s.ref} {_short(s.description)} ({s.status.label})") for s in solutions)
    form.approves.choices, form.declines.choices = solution_choices, list(solution_choices)
    if solution_choices and CommentRole.CMT in role_choices:
        # Only a CMT comment approves or declines: the boxes are revealed under CMT (GOV.UK conditional reveal).
        form.role.reveals = {CommentRole.CMT.value: ("approves", "declines")}
    form.meetings = meetings
    return give_ids(form, f"comment-{comment.id}" if comment else "comment-new")


def _short(text, length=80):
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _refuse_roles_not_allowed(form, roles):
    """A role this user may not record here is refused outright (403), before anything else."""
    chosen = form.chosen_role
    if chosen is not None and chosen.value not in {c.value for c in form.role.choices}:
        abort(403)


def _form_page(plan, form, comment=None, conflict=None, status=200):
    role_values = {c.value for c in form.role.choices}
    context = {
        "plan": plan,
        "form": form,
        "comment": comment,
        "conflict": conflict,
        "show_meeting": any(CommentRole(r).needs_meeting for r in role_values),
    }
    if status == 200:
        return render_page_or_fragment("pips/comment.html", "pips/_comment_form.html", **context)
    target = f"comment-form-{comment.id}" if comment else "comment-form-new"
    return form_response("pips/comment.html", "pips/_comment_form.html", target, status, **context)


def _values(form):
    cites = form.chosen_role.needs_meeting
    return {
        "role": form.chosen_role,
        "author": form.author.data,
        "made_on": form.made_on.data,
        "meeting": form.meetings.get(form.meeting.data) if cites and form.meeting.data else None,
        "minute_reference": (form.minute_reference.data or "") if cites else "",
        "text": form.text.data,
    }


@bp.route("/<int:pip_id>/comments/new")
@signed_in
def new_comment(pip_id):
    pip, roles = _commentable(pip_id)
    if not roles:
        abort(403)
    plan = load_plan(pip_id)
    only = None
    if plan.read_only:
        roles, only = _closed(pip, roles)
        if not roles:
            raise ReadOnlyPlan()
    form = _form(
        pip,
        roles,
        only=only,
        data={
            "version": pip.version,
            "author": current_user.name,
            "made_on": date.today(),
            "role": roles[0].value if len(roles) == 1 else None,
        },
    )
    return _form_page(plan, form)


@bp.route("/<int:pip_id>/comments", methods=["POST"])
@signed_in
def add_comment(pip_id):
    pip, roles = _commentable(pip_id)
    if not roles:
        abort(403)
    closed = _closed(pip, roles) if is_read_only(pip.status) else ([], None)
    if closed[0]:
        roles = closed[0]  # an addendum: Members, citing a meeting the plan was presented at
    form = _form(pip, roles, only=closed[1] if closed[0] else None)
    _refuse_roles_not_allowed(form, roles)
    if not form.validate_on_submit():
        return _form_page(load_plan(pip_id), form, status=422)
    comment = edits.add_comment(pip.id, current_user, _values(form), _wanted(form), form_token=form.form_token())
    return section_response(
        load_plan(pip_id),
        "comments",
        f"{comment.role.label} comment added",
        also=("solutions",),
        anchor=f"comment-{comment.id}",
        focus=f"comment-{comment.id}",
    )


@bp.route("/<int:pip_id>/comments/<int:comment_id>/edit")
@signed_in
def edit_comment(pip_id, comment_id):
    pip, roles, comment = _changeable(pip_id, comment_id)
    plan = load_plan(pip_id)
    if plan.read_only:
        raise ReadOnlyPlan()
    decisions = decisions_of(comment.id)
    form = _form(
        pip,
        roles,
        comment,
        data={
            "role": comment.role.value,
            "author": comment.author,
            "made_on": comment.made_on,
            "meeting": comment.meeting_id,
            "minute_reference": comment.minute_reference,
            "text": comment.text,
            "approves": [i for i, approved in decisions.items() if approved],
            "declines": [i for i, approved in decisions.items() if not approved],
        },
    )
    form.stamp(pip.version, comment_values(comment, decisions))
    return _form_page(plan, form, comment)


@bp.route("/<int:pip_id>/comments/<int:comment_id>", methods=["POST"])
@signed_in
def save_comment(pip_id, comment_id):
    pip, roles, comment = _changeable(pip_id, comment_id)
    form = _form(pip, roles, comment)
    _refuse_roles_not_allowed(form, roles)
    if not form.validate_on_submit():
        return _form_page(load_plan(pip_id), form, comment, status=422)
    comment = edits.save_comment(pip.id, comment.id, current_user, form.base(), _values(form), _wanted(form))
    return section_response(
        load_plan(pip_id),
        "comments",
        f"{comment.role.label} comment saved",
        also=("solutions",),
        anchor=f"comment-{comment.id}",
        focus=f"comment-{comment.id}",
    )


@bp.route("/<int:pip_id>/comments/<int:comment_id>/remove", methods=["POST"])
@signed_in
def remove_comment(pip_id, comment_id):
    pip, roles, comment = _changeable(pip_id, comment_id, removal=True)
    comment = edits.remove_comment(pip.id, comment.id, current_user, _form(pip, roles, comment).base())
    return section_response(load_plan(pip_id), "comments", f"{comment.role.label} comment removed", also=("solutions",))


def _wanted(form):
    return wanted_decisions(form.chosen_role, form.approves.data, form.declines.data)


@redraws("comment")
def _refused(error):
    """The comment form again after a refused save, removal or addition: merged, or with the reason."""
    pip, roles = _commentable(request.view_args["pip_id"])
    comment = _comment_or_404(pip, error.row_id) if error.row_id else None
    form = _form(pip, roles, comment)
    error.redraw(form)
    conflict = error if isinstance(error, Conflict) else None
    return _form_page(load_plan(pip.id), form, comment, conflict=conflict, status=error.status)
