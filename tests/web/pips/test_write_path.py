"""One write path for plans (issue 8, items 1 and 2): two people in two browsers, each form read off the
page as the browser would send it. A refused save shows the other person's values in the fields the user
left alone and both values where both changed one; saving again writes only what the user changed. A
removal from a stale page is refused too. Every editable row kind, and the committee papers' cover report."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from peewee import DoesNotExist
from werkzeug.datastructures import MultiDict

from forms.core.fields import number_text
from tests.conftest import PASSWORD
from tests.web.page_forms import changed, form_values, value_of
from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import AgendaItem, Body, Factor, ManagementComment, Meeting, Pip, ProgressUpdate, Solution

TODAY = date.today()


@pytest.fixture
def browsers(app, make_user):
    """Two people signed in as `roles`, each in their own browser."""

    def make(*roles):
        made = []
        for _ in range(2):
            client = app.test_client()
            user = make_user(*roles)
            assert client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
            client.refresh_csrf("/")
            made.append(client)
        return made

    return make


@dataclass
class Row:
    """One editable thing: where its form is, which field each person changes, and how to read it back."""

    edit: str
    save: str
    mine: str  # the field the first person changes
    theirs: str  # the field the second person changes
    read: object  # () -> {field: saved value as the form shows it}
    remove: str | None = None


def _factor(make_pip, db):
    pip = make_pip(factors=[("external", "Snow")])
    factor = Factor.get(Factor.pip == pip)
    base = f"/pips/{pip.id}/factors/{factor.id}"
    return Row(
        f"{base}/edit",
        base,
        "duration",
        "description",
        lambda: {
            "duration": Factor.get_by_id(factor.id).duration.value,
            "description": Factor.get_by_id(factor.id).description,
        },
        f"{base}/remove",
    )


def _solution(make_pip, db):
    pip = make_pip(factors=[("external", "Snow")], solutions=[("Agency drivers", ["E1"])])
    solution = Solution.get(Solution.pip == pip)
    base = f"/pips/{pip.id}/solutions/{solution.id}"
    return Row(
        f"{base}/edit",
        base,
        "solution-time_lag",
        "solution-description",
        lambda: {
            "solution-time_lag": Solution.get_by_id(solution.id).time_lag,
            "solution-description": Solution.get_by_id(solution.id).description,
        },
        f"{base}/remove",
    )


def _details(make_pip, db):
    pip = make_pip()
    Pip.update(comments="v3").where(Pip.id == pip.id).execute()
    return Row(
        f"/pips/{pip.id}/details",
        f"/pips/{pip.id}/details",
        "pi_name",
        "comments",
        lambda: {"pi_name": Pip.get_by_id(pip.id).pi_name, "comments": Pip.get_by_id(pip.id).comments},
    )


def _comment(make_pip, db):
    pip = make_pip(status=PipStatus.LIVE)
    comment = ManagementComment.create(
        pip=pip,
        role=CommentRole.HEAD_OF_SERVICE,
        author="Jane Smith",
        made_on=TODAY - timedelta(days=3),
        text="We support the plan.",
    )
    base = f"/pips/{pip.id}/comments/{comment.id}"
    return Row(
        f"{base}/edit",
        base,
        "author",
        "text",
        lambda: {
            "author": ManagementComment.get_by_id(comment.id).author,
            "text": ManagementComment.get_by_id(comment.id).text,
        },
        f"{base}/remove",
    )


def _progress(make_pip, db):
    pip = make_pip(status=PipStatus.LIVE)
    Pip.update(went_live_on=TODAY - timedelta(days=60)).where(Pip.id == pip.id).execute()
    entry = ProgressUpdate.create(pip=pip, made_on=TODAY - timedelta(days=10), comment="Drivers started.")
    base = f"/pips/{pip.id}/progress/{entry.id}"
    return Row(
        f"{base}/edit",
        base,
        "score",
        "comment",
        lambda: {
            "score": number_text(ProgressUpdate.get_by_id(entry.id).score),
            "comment": ProgressUpdate.get_by_id(entry.id).comment,
        },
        f"{base}/remove",
    )


def _cover_report(make_pip, db):
    body = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    meeting = Meeting.create(body=body, date=TODAY + timedelta(days=10))
    item = AgendaItem.create(
        meeting=meeting, title="Performance Improvement Plans", report_of="Head of Performance", background="v3"
    )
    url = f"/meetings/{meeting.id}/papers/report"
    return Row(
        url,
        url,
        "item_number",
        "background",
        lambda: {
            "item_number": AgendaItem.get_by_id(item.id).item_number,
            "background": AgendaItem.get_by_id(item.id).background,
        },
    )


ROWS = {
    "details": (_details, "performance"),
    "factor": (_factor, "performance"),
    "solution": (_solution, "performance"),
    "comment": (_comment, "performance"),
    "progress": (_progress, "performance"),
    "cover report": (_cover_report, "clerk"),
}
REMOVABLE = [kind for kind in ROWS if kind not in ("details", "cover report")]


def _new_value(kind, field, values, who):
    """A different, valid value for `field`."""
    if field == "duration":
        return "long_term"
    if field == "score":
        return "55"
    if field == "item_number":
        return "7"
    return f"{value_of(values, field)} ({who})".strip()


def _open(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return form_values(response.get_data(as_text=True), _action(url))


def _action(url):
    return url.removesuffix("/edit")


def _post(client, url, values):
    return client.post(url, data=MultiDict(values))


def _drawn_then_changed_by_someone_else(kind, browsers, make_pip, db):
    """I open the row's form; someone else opens it too, changes their field and saves. Returns the row, my
    browser, the form as I was shown it and the value they saved."""
    make_row, role = ROWS[kind]
    row = make_row(make_pip, db)
    mine, theirs = browsers(role)
    drawn = _open(mine, row.edit)
    their_values = _open(theirs, row.edit)
    their_value = _new_value(kind, row.theirs, their_values, "B")
    assert _post(theirs, row.save, changed(their_values, **{row.theirs: their_value})).status_code == 302
    return row, mine, drawn, their_value


@pytest.mark.parametrize("kind", list(ROWS))
def test_a_refused_save_keeps_the_other_persons_change_and_saving_again_writes_only_mine(kind, browsers, make_pip, db):
    row, mine, drawn, their_value = _drawn_then_changed_by_someone_else(kind, browsers, make_pip, db)
    my_value = _new_value(kind, row.mine, drawn, "A")

    response = _post(mine, row.save, changed(drawn, **{row.mine: my_value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed" in html
    shown = form_values(html, _action(row.save))
    assert value_of(shown, row.theirs) == their_value  # not touched here: shows what is saved now
    assert value_of(shown, row.mine) == my_value  # what I typed is kept
    assert row.read()[row.theirs] == their_value and row.read()[row.mine] != my_value  # nothing of mine written

    # Pressing Save again on the refused form: my change is written, theirs is not undone.
    again = _post(mine, row.save, shown)
    assert again.status_code == 302, again.get_data(as_text=True)[-3000:]
    assert row.read() == {row.mine: my_value, row.theirs: their_value}


@pytest.mark.parametrize("kind", list(ROWS))
def test_a_field_both_people_changed_shows_theirs_beside_mine(kind, browsers, make_pip, db):
    row, mine, drawn, their_value = _drawn_then_changed_by_someone_else(kind, browsers, make_pip, db)

    my_value = _new_value(kind, row.theirs, drawn, "A")
    response = _post(mine, row.save, changed(drawn, **{row.theirs: my_value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert f"was changed by someone else to “{their_value}”" in html  # flagged, with their value
    shown = form_values(html, _action(row.save))
    assert value_of(shown, row.theirs) == my_value
    assert row.read()[row.theirs] == their_value

    assert _post(mine, row.save, shown).status_code == 302  # keeping mine, knowingly
    assert row.read()[row.theirs] == my_value


@pytest.mark.parametrize("kind", REMOVABLE)
def test_a_removal_from_a_stale_page_is_refused_then_done_when_pressed_again(kind, browsers, make_pip, db):
    row, mine, drawn, their_value = _drawn_then_changed_by_someone_else(kind, browsers, make_pip, db)

    response = _post(mine, row.remove, drawn)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "has not been removed" in html
    assert row.read()[row.theirs] == their_value  # still there, with their change

    shown = form_values(html, _action(row.save))
    assert value_of(shown, row.theirs) == their_value  # the form shows what would be removed now
    assert _post(mine, row.remove, shown).status_code == 302
    with pytest.raises(DoesNotExist):  # removed
        row.read()


@pytest.mark.parametrize("kind", REMOVABLE)
def test_a_save_to_a_row_someone_else_removed_keeps_what_was_typed_to_add_it_again(kind, browsers, make_pip, db):
    """docs/concurrency.md: not "page not found", and nothing saved; the form comes back as an addition with
    what I typed, and sending it adds the row again."""
    make_row, role = ROWS[kind]
    row = make_row(make_pip, db)
    mine, theirs = browsers(role)
    drawn = _open(mine, row.edit)
    assert _post(theirs, row.remove, _open(theirs, row.edit)).status_code == 302

    my_value = _new_value(kind, row.theirs, drawn, "mine")
    response = _post(mine, row.save, changed(drawn, **{row.theirs: my_value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 409 and "after you opened it, so nothing was saved" in html
    add = row.save.rsplit("/", 1)[0]  # the section's address: an addition
    again = form_values(html, add)
    assert value_of(again, row.theirs) == my_value
    assert _post(mine, add, again).status_code == 302
    added = {"factor": Factor, "solution": Solution, "comment": ManagementComment, "progress": ProgressUpdate}[kind]
    text = row.theirs.removeprefix("solution-")
    assert added.select().where(getattr(added, text) == my_value).count() == 1


ADDED = {"factor": Factor, "solution": Solution, "comment": ManagementComment, "progress": ProgressUpdate}


@pytest.mark.parametrize("htmx", [False, True], ids=["without JavaScript", "htmx"])
@pytest.mark.parametrize("kind", REMOVABLE)
def test_an_addition_sent_twice_adds_its_row_once(kind, htmx, browsers, make_pip, db):
    """docs/concurrency.md: a double click without JavaScript, or a browser sending the form again, adds one row;
    the second send is answered as done, saying so. Another form, drawn afresh, adds another."""
    make_row, role = ROWS[kind]
    row = make_row(make_pip, db)
    mine, _ = browsers(role)
    add = row.save.rsplit("/", 1)[0]
    new_form = f"{add}/new" + ("?kind=external" if kind == "factor" else "")

    def drawn():
        return form_values(mine.get(new_form).get_data(as_text=True), add)

    def send(values):
        if htmx:
            return mine.htmx("post", add, data=MultiDict(values))
        return mine.post(add, data=MultiDict(values))

    # The row's own values (valid for an addition too), in the new form with its hidden fields.
    hidden = {
        name: value
        for name, value in drawn()
        if name.rsplit("-", 1)[-1] in ("csrf_token", "version", "drawn", "sent", "kind")
    }
    filled = [(name, value) for name, value in _open(mine, row.edit) if name not in hidden]
    values = changed(filled + list(hidden.items()), **{row.theirs: "Sent twice"})
    model = ADDED[kind]
    sent_twice = getattr(model, row.theirs.removeprefix("solution-")) == "Sent twice"
    done = 200 if htmx else 302

    first = send(values)
    assert first.status_code == done, first.get_data(as_text=True)[-1500:]
    again = send(values)
    assert again.status_code == done
    shown = again.get_data(as_text=True) if htmx else mine.get(again.headers["Location"]).get_data(as_text=True)
    assert "was added already: the form was sent twice, and it is added once" in shown
    assert model.select().where(sent_twice).count() == 1

    token = next(value for name, value in drawn() if name.endswith("sent"))  # a new form, a new token
    assert send([(name, token if name.endswith("sent") else value) for name, value in values]).status_code == done
    assert model.select().where(sent_twice).count() == 2


@pytest.mark.parametrize("kind", REMOVABLE)
def test_removing_a_row_someone_else_removed_says_so(kind, browsers, make_pip, db):
    """Both pressed Remove: the second is told it was removed already, not "page not found"."""
    make_row, role = ROWS[kind]
    row = make_row(make_pip, db)
    mine, theirs = browsers(role)
    drawn = _open(mine, row.edit)
    assert _post(theirs, row.remove, _open(theirs, row.edit)).status_code == 302
    response = _post(mine, row.remove, drawn)
    assert response.status_code == 409 and "had already removed this" in response.get_data(as_text=True)
    with pytest.raises(DoesNotExist):  # and it stays removed
        row.read()


@pytest.mark.parametrize("kind", REMOVABLE)
def test_a_removal_from_an_up_to_date_page_needs_no_second_press(kind, browsers, make_pip, db):
    make_row, role = ROWS[kind]
    row = make_row(make_pip, db)
    mine, _ = browsers(role)
    assert _post(mine, row.remove, _open(mine, row.edit)).status_code == 302
    with pytest.raises(DoesNotExist):  # removed
        row.read()


def test_a_save_and_a_removal_from_htmx_are_answered_in_place(browsers, make_pip, db):
    row = _factor(make_pip, db)
    mine, theirs = browsers("performance")
    drawn = _open(mine, row.edit)
    their_values = _open(theirs, row.edit)
    assert _post(theirs, row.save, changed(their_values, description="Ice")).status_code == 302
    response = mine.htmx("post", row.remove, data=MultiDict(drawn))
    assert response.status_code == 409
    assert response.headers["HX-Retarget"].startswith("#factor-form-")
    assert "<html" not in response.get_data(as_text=True)
