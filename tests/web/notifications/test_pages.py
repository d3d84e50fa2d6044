"""The e-mail choices page and the outbox page (docs/notifications.md#choosing-what-you-get): GOV.UK radios that
work without JavaScript, CSRF on the post, each person's own choices only, and the outbox for administrators."""

import re

import pytest

from forms.notifications import CANNOT_SWITCH_OFF
from webapp.domain.notifications import Delivery, Kind
from webapp.models import NotificationPreference, database
from webapp.notifications import outbox


def _radios(html, kind):
    return re.findall(rf'name="{kind.value}"[^>]*value="(\w+)"|value="(\w+)"[^>]*name="{kind.value}"', html)


def _values(html, kind):
    return sorted(a or b for a, b in _radios(html, kind))


def test_a_head_of_service_chooses_per_kind_and_cannot_switch_off_their_overdue_updates(client, login_as):
    user = login_as("hos")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Your e-mail" in html
    assert _values(html, Kind.UPDATE_DUE) == ["at_once", "digest", "off"]
    assert _values(html, Kind.UPDATE_OVERDUE) == ["at_once", "digest"]
    assert "This e-mail cannot be switched off." in html
    assert _values(html, Kind.PLAN_SUBMITTED) == []  # CMT's, not theirs
    assert 'name="csrf_token"' in html

    response = client.post(
        "/notifications/",
        data={"cmt_decision": "digest", "update_due": "off", "update_overdue": "digest", "csrf_token": client.csrf},
    )
    assert response.status_code == 302
    saved = {p.kind: p.delivery for p in NotificationPreference.select().where(NotificationPreference.user == user)}
    assert saved == {
        Kind.CMT_DECISION: Delivery.DIGEST,
        Kind.UPDATE_DUE: Delivery.OFF,
        Kind.UPDATE_OVERDUE: Delivery.DIGEST,
    }
    html = client.get("/notifications/").get_data(as_text=True)
    assert re.search(r'value="off"[^>]*checked|checked[^>]*value="off"', html)
    assert "Your e-mail choices are saved." in html


def test_switching_off_an_overdue_update_is_refused(client, login_as):
    login_as("hos")
    response = client.post(
        "/notifications/", data={"cmt_decision": "at_once", "update_due": "at_once", "update_overdue": "off"}
    )
    assert response.status_code == 422
    assert CANNOT_SWITCH_OFF in response.get_data(as_text=True).replace("&#39;", "'")
    assert NotificationPreference.select().count() == 0


def test_escalations_cannot_be_switched_off_by_cmt(client, login_as):
    login_as("cmt")
    html = client.get("/notifications/").get_data(as_text=True)
    assert _values(html, Kind.UPDATE_ESCALATED) == ["at_once", "digest"]
    assert _values(html, Kind.PLAN_SUBMITTED) == ["at_once", "digest", "off"]
    assert _values(html, Kind.PLAN_COMPLETED) == ["at_once", "digest", "off"]


def test_a_choice_left_out_is_asked_for(client, login_as):
    login_as("member")
    response = client.post("/notifications/", data={})
    assert response.status_code == 422
    assert "Choose how you get e-mail when committee papers are published" in response.get_data(as_text=True)


def test_the_choices_need_the_csrf_token(client, login_as):
    login_as("member")
    response = client.post("/notifications/", data={"papers_published": "off"}, csrf=False)
    assert response.status_code == 400
    assert NotificationPreference.select().count() == 0


def test_an_administrator_has_no_mail_to_choose(client, login_as):
    login_as("admin")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "Your roles receive no e-mail from this service." in html


def test_the_choices_page_needs_signing_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("role", ["hos", "performance", "cmt", "clerk", "member"])
def test_only_administrators_see_the_outbox(client, login_as, role):
    login_as(role)
    assert client.get("/notifications/outbox").status_code == 403


def test_the_outbox_shows_what_waits_was_sent_and_failed(client, login_as, make_user):
    person = make_user("cmt", email="chief.executive@council.example")
    with database.atomic():
        outbox.notify(Kind.PLAN_SUBMITTED, [person], {"title": "WR01 <b>Waste</b>", "pip_id": 1})
    login_as("admin")
    assert "/notifications/outbox" in client.get("/admin/").get_data(as_text=True)
    html = client.get("/notifications/outbox").get_data(as_text=True)
    assert "chief.executive@council.example" in html
    assert "WR01 &lt;b&gt;Waste&lt;/b&gt;" in html  # escaped
    assert "Waiting (1)" in html and "Sent (0)" in html
    html = client.get("/notifications/outbox?status=sent").get_data(as_text=True)
    assert "No mail sent." in html
    assert client.get("/notifications/outbox?status=nonsense").status_code == 200
