"""Administration (docs/users-and-permissions.md#roles, docs/quality.md): users, roles and services; directorates and
services.
Administrators only; forms refuse bad input keeping what was typed; lists cost constant queries."""

import re

import pytest

from tests.conftest import PASSWORD
from tests.querycount import count_queries
from tests.web.page_markup import assert_every_input_labelled, assert_no_inline_script_or_style
from webapp.domain.bodies import BodyKind
from webapp.domain.roles import Role
from webapp.models import Body, CommitteeSeat, Directorate, Service, SignInSession, User, UserRole, UserService

NEW_PASSWORD = "a long enough pass phrase"
OTHER_ROLES = [role for role in Role if role != Role.ADMIN]


def user_form(**changes):
    data = {
        "name": "Priya Shah",
        "email": "Priya.Shah@Example.org",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
        "roles": ["performance", "cmt"],
        "services": [],
    }
    data.update(changes)
    return data


def routes(user, directorate, service):
    return [
        ("GET", "/admin/"),
        ("GET", "/admin/users/"),
        ("GET", "/admin/users/new"),
        ("POST", "/admin/users/new"),
        ("GET", f"/admin/users/{user.id}/edit"),
        ("POST", f"/admin/users/{user.id}/edit"),
        ("POST", f"/admin/users/{user.id}/disable"),
        ("POST", f"/admin/users/{user.id}/enable"),
        ("POST", f"/admin/users/{user.id}/invite"),
        ("GET", "/admin/directorates/"),
        ("GET", "/admin/directorates/new"),
        ("POST", "/admin/directorates/new"),
        ("GET", f"/admin/directorates/{directorate.id}/edit"),
        ("POST", f"/admin/directorates/{directorate.id}/edit"),
        ("GET", "/admin/services/"),
        ("GET", "/admin/services/new"),
        ("POST", "/admin/services/new"),
        ("GET", f"/admin/services/{service.id}/edit"),
        ("POST", f"/admin/services/{service.id}/edit"),
    ]


@pytest.fixture
def target(make_user, make_service):
    """A user, a directorate and a service for the routes to act on."""
    service = make_service("Housing", directorate="Communities")
    user = make_user(Role.HEAD_OF_SERVICE, services=[service], name="Sam Jones", email="sam@example.org")
    return user, service.directorate, service


def saved_state():
    return (
        sorted((u.email, u.name, u.active, u.password_hash) for u in User.select()),
        sorted((r.user_id, r.role) for r in UserRole.select()),
        sorted((s.user_id, s.service_id) for s in UserService.select()),
        sorted((s.user_id, s.body_id) for s in CommitteeSeat.select()),
        sorted(d.name for d in Directorate.select()),
        sorted((s.name, s.directorate_id) for s in Service.select()),
    )


# Who may do what


def test_anonymous_is_sent_to_sign_in_from_every_route(client, target):
    before = saved_state()
    for method, url in routes(*target):
        response = client.open(url, method=method, data={**user_form(), "name": "Changed"})
        assert response.status_code == 302, url
        assert response.headers["Location"].startswith("/sign-in?next="), url
    assert saved_state() == before


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_other_role_is_refused_everywhere(client, login_as, target, role):
    login_as(role)
    before = saved_state()
    for method, url in routes(*target):
        data = {**user_form(), "name": "Changed", "directorate": str(target[1].id)}
        assert client.open(url, method=method, data=data).status_code == 403, url
    assert saved_state() == before


def test_an_administrator_may_open_every_page(client, login_as, target):
    login_as(Role.ADMIN)
    for method, url in routes(*target):
        if method == "GET":
            assert client.get(url).status_code == 200, url


def test_state_changes_need_post(client, login_as, target):
    login_as(Role.ADMIN)
    user = target[0]
    before = saved_state()
    assert client.get(f"/admin/users/{user.id}/disable").status_code == 405
    assert client.get("/admin/users/new", query_string=user_form()).status_code == 200
    assert client.get("/admin/directorates/new", query_string={"name": "Place"}).status_code == 200
    assert saved_state() == before


def test_unknown_rows_are_not_found(client, login_as):
    login_as(Role.ADMIN)
    for url in ("/admin/users/999/edit", "/admin/directorates/999/edit", "/admin/services/999/edit"):
        assert client.get(url).status_code == 404, url
    assert client.post("/admin/users/999/disable").status_code == 404


# The users list


def test_the_users_list_shows_names_emails_roles_services_and_status(client, login_as, make_user, make_service):
    waste, housing = make_service("Waste and Recycling"), make_service("Housing")
    make_user(
        Role.HEAD_OF_SERVICE, Role.CMT, services=[waste, housing], name="Hannah Ortiz", email="hannah@example.org"
    )
    make_user(Role.MEMBER, name="Cllr Bloggs", active=False)
    login_as(Role.ADMIN)
    html = client.get("/admin/users/").get_data(as_text=True)
    row = re.search(r"Hannah Ortiz.*?</tr>", html, re.S).group(0)
    for text in ("hannah@example.org", "Head of Service", "CMT member", "Housing", "Waste and Recycling", "Active"):
        assert text in row
    assert row.index("Housing") < row.index("Waste and Recycling")
    assert "Disabled" in re.search(r"Cllr Bloggs.*?</tr>", html, re.S).group(0)
    assert '<th scope="col" class="govuk-table__header">Roles</th>' in html and "<caption" in html


def test_no_page_shows_a_password_hash(client, login_as, target):
    admin = login_as(Role.ADMIN)
    hashes = {target[0].password_hash, User.get_by_id(admin.id).password_hash}
    for method, url in routes(*target):
        if method == "GET":
            html = client.get(url).get_data(as_text=True)
            assert not any(h in html for h in hashes) and "scrypt:" not in html and "pbkdf2:" not in html, url


def test_the_users_list_costs_the_same_queries_for_1_or_30_users(client, login_as, make_user, make_service):
    services = [make_service() for _ in range(3)]
    login_as(Role.ADMIN)
    with count_queries() as one:
        client.get("/admin/users/")
    for n in range(29):
        make_user(Role.HEAD_OF_SERVICE, Role.CMT, services=services[: n % 3 + 1])
    with count_queries() as thirty:
        html = client.get("/admin/users/").get_data(as_text=True)
    assert html.count('/edit">') == 30
    assert len(thirty) == len(one)


# Adding a user


def test_an_administrator_adds_a_user_who_sets_a_password_from_the_invitation_and_signs_in(
    app, client, login_as, mailed_link
):
    login_as(Role.ADMIN)
    response = client.post("/admin/users/new", data=user_form())
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users/"
    user = User.get(User.email == "priya.shah@example.org")
    assert user.name == "Priya Shah" and user.active and user.password_hash == ""
    assert user.roles == {Role.PERFORMANCE, Role.CMT}
    listed = client.get("/admin/users/").get_data(as_text=True)
    assert "User added: Priya Shah. We have e-mailed them a link to set their password." in listed
    assert "Invited: no password yet" in listed

    message, link = mailed_link("priya.shah@example.org")
    assert message["Subject"] == "Set your password for Performance Improvement Plans"
    assert "72 hours" in message.get_body(("plain",)).get_content()
    newcomer = app.test_client()
    page = newcomer.get(link)
    assert page.status_code == 200 and "Create your password" in page.get_data(as_text=True)
    newcomer.refresh_csrf(link)
    done = newcomer.post(link, data={"password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/sign-in"
    assert "Your password is set." in newcomer.get("/sign-in").get_data(as_text=True)
    signed_in = newcomer.post("/sign-in", data={"email": "priya.shah@example.org", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302


def test_a_member_is_added_with_their_committees_and_listed_with_them(client, login_as):
    """docs/users-and-permissions.md#members-and-their-committees: committees only, in the order of their names."""
    audit = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    development = Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    Body.create(name="CMT", kind=BodyKind.CMT)
    Body.create(name="Members' briefing", kind=BodyKind.MEMBERS_BRIEFING)
    login_as(Role.ADMIN)
    form = client.get("/admin/users/new").get_data(as_text=True)
    offered = re.findall(r'name="committees"[^>]*value="(\d+)"', form)
    assert offered == [str(audit.id), str(development.id)]
    data = user_form(roles=["member"], committees=[str(development.id), str(audit.id)])
    assert client.post("/admin/users/new", data=data).status_code == 302
    member = User.get(User.email == "priya.shah@example.org")
    assert {seat.body_id for seat in member.committee_seats} == {audit.id, development.id}
    listed = client.get("/admin/users/").get_data(as_text=True)
    row = re.search(r">Priya Shah<span.*?</tr>", listed, re.S).group(0)
    assert row.index("Audit and Performance Committee") < row.index("Development Committee")

    # Changed: off the A&P Committee, still on the Development Committee.
    edit = client.get(f"/admin/users/{member.id}/edit").get_data(as_text=True)
    assert re.search(rf'checked[^>]*value="{audit.id}"', edit) and re.search(
        rf'checked[^>]*value="{development.id}"', edit
    )
    data.update(password="", confirm_password="", committees=[str(development.id)])
    assert client.post(f"/admin/users/{member.id}/edit", data=data).status_code == 302
    assert [seat.body_id for seat in CommitteeSeat.select().where(CommitteeSeat.user == member.id)] == [development.id]


def test_with_no_committees_yet_a_member_is_added_and_the_page_says_why_they_read_nothing(client, login_as):
    login_as(Role.ADMIN)
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "There are no committees in the meetings register yet, so a Member reads no plans." in form
    assert client.post("/admin/users/new", data=user_form(roles=["member"])).status_code == 302
    assert User.get(User.email == "priya.shah@example.org").roles == {Role.MEMBER}


def test_a_head_of_service_is_added_with_their_services(client, login_as, make_service):
    waste, housing = make_service("Waste and Recycling"), make_service("Housing")
    login_as(Role.ADMIN)
    form = user_form(roles=["hos"], services=[str(waste.id), str(housing.id)])
    assert client.post("/admin/users/new", data=form).status_code == 302
    assert User.get(User.email == "priya.shah@example.org").service_ids == {waste.id, housing.id}


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter the person&#39;s name"),
        ({"name": "x" * 101}, "name", "Name must be 100 characters or fewer"),
        ({"email": ""}, "email", "Enter the person&#39;s email address"),
        ({"email": "priya.example.org"}, "email", "Enter an email address in the correct format"),
        ({"email": "x" * 250 + "@example.org"}, "email", "The email address must be 254 characters or fewer"),
        ({"roles": []}, "roles", "Choose at least one role"),
        ({"roles": ["mayor"]}, "roles", "Choose roles from the list"),
        ({"roles": ["hos"]}, "services", "Choose at least one service for a Head of Service"),
        ({"services": ["SERVICE"]}, "services", "Only a Head of Service has services"),
        ({"roles": ["hos"], "services": ["999"]}, "services", "Choose services from the list"),
        ({"roles": ["hos"], "services": ["housing"]}, "services", "Choose services from the list"),
        ({"roles": ["member"]}, "committees", "Choose at least one committee for a Member"),
        ({"committees": ["COMMITTEE"]}, "committees", "Only a Member sits on committees"),
        ({"roles": ["member"], "committees": ["CMT"]}, "committees", "Choose committees from the list"),
    ],
)
def test_a_wrong_new_user_is_refused_and_what_was_typed_kept(client, login_as, make_service, changes, field, message):
    service = make_service("Housing")
    ids = {
        "SERVICE": service.id,
        "COMMITTEE": Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE).id,
        "CMT": Body.create(name="CMT", kind=BodyKind.CMT).id,  # a body, but not one a Member sits on
    }
    changes = {
        k: [str(ids.get(v, v)) for v in value] if isinstance(value, list) else value for k, value in changes.items()
    }
    login_as(Role.ADMIN)
    before = saved_state()
    data = user_form(**changes)
    response = client.post("/admin/users/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html and message in html
    assert f'id="{field}-error"' in html
    assert f'value="{data["name"]}"' in html
    if field != "email":
        assert 'value="priya.shah@example.org"' in html
    for role in data["roles"]:
        assert re.search(rf'checked[^>]*value="{role}"', html) or role == "mayor"
    assert NEW_PASSWORD not in html  # passwords are never sent back
    assert saved_state() == before


def test_an_email_already_used_is_refused_whatever_its_case(client, login_as, make_user):
    make_user(Role.MEMBER, email="priya.shah@example.org")
    login_as(Role.ADMIN)
    before = saved_state()
    response = client.post("/admin/users/new", data=user_form(email="PRIYA.Shah@example.ORG"))
    assert response.status_code == 422
    assert "A user with this email address already exists" in response.get_data(as_text=True)
    assert saved_state() == before


def test_an_email_taken_a_moment_ago_is_refused_cleanly(client, login_as, make_user, monkeypatch):
    make_user(Role.MEMBER, email="priya.shah@example.org")
    login_as(Role.ADMIN)
    before = saved_state()
    monkeypatch.setattr("webapp.admin.views._email_taken", lambda *args: False)
    response = client.post("/admin/users/new", data=user_form())
    assert response.status_code == 422
    assert "A user with this email address already exists" in response.get_data(as_text=True)
    assert saved_state() == before


# Changing a user


def test_the_edit_page_shows_what_is_saved_and_no_password(client, login_as, target):
    user = target[0]
    login_as(Role.ADMIN)
    html = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert 'value="Sam Jones"' in html and 'value="sam@example.org"' in html
    assert re.search(r'checked[^>]*value="hos"', html)
    assert re.search(rf'checked[^>]*value="{target[2].id}"', html)
    assert not re.search(r'type="password"[^>]*value="[^"]', html)


def test_an_administrator_changes_a_users_details_roles_and_services(client, login_as, target, make_service):
    user, _, housing = target
    waste = make_service("Waste and Recycling")
    login_as(Role.ADMIN)
    data = user_form(
        name="Samira Jones",
        email="Samira@Example.org",
        password="",
        confirm_password="",
        roles=["hos", "performance"],
        services=[str(waste.id)],
    )
    response = client.post(f"/admin/users/{user.id}/edit", data=data)
    assert response.status_code == 302
    saved = User.get_by_id(user.id)
    assert (saved.name, saved.email) == ("Samira Jones", "samira@example.org")
    assert saved.roles == {Role.HEAD_OF_SERVICE, Role.PERFORMANCE}
    assert saved.service_ids == {waste.id}
    assert saved.password_hash == user.password_hash  # a blank password keeps the old one
    assert "User updated: Samira Jones" in client.get("/admin/users/").get_data(as_text=True)


def test_taking_away_head_of_service_needs_the_services_unticked(client, login_as, target):
    user, _, housing = target
    login_as(Role.ADMIN)
    data = user_form(password="", confirm_password="", roles=["cmt"], services=[str(housing.id)])
    before = saved_state()
    response = client.post(f"/admin/users/{user.id}/edit", data=data)
    assert response.status_code == 422
    assert "Only a Head of Service has services" in response.get_data(as_text=True)
    assert saved_state() == before
    data["services"] = []
    assert client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert User.get_by_id(user.id).service_ids == frozenset()


def test_a_new_password_works_and_signs_the_user_out_everywhere(app, client, login_as, target):
    user = target[0]
    their_client = app.test_client()
    assert their_client.post("/sign-in", data={"email": user.email, "password": PASSWORD}).status_code == 302
    login_as(Role.ADMIN)
    data = user_form(name=user.name, email=user.email, roles=["hos"], services=[str(target[2].id)])
    assert client.post(f"/admin/users/{user.id}/edit", data=data).status_code == 302
    assert their_client.get("/meetings/").status_code == 302
    assert SignInSession.select().where(SignInSession.user == user).count() == 0
    assert User.get_by_id(user.id).check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"password": "short", "confirm_password": "short"}, "The password must be 12 characters or more"),
        ({"confirm_password": ""}, "Enter the password again to confirm it"),
        ({"email": "sam@"}, "Enter an email address in the correct format"),
        ({"name": ""}, "Enter the person&#39;s name"),
    ],
)
def test_a_wrong_change_is_refused_and_nothing_saved(client, login_as, target, changes, message):
    user, _, housing = target
    login_as(Role.ADMIN)
    before = saved_state()
    data = user_form(**{"name": "Typed Name", "roles": ["hos"], "services": [str(housing.id)], **changes})
    response = client.post(f"/admin/users/{user.id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html
    assert f'value="{data["name"]}"' in html
    assert saved_state() == before


def test_changing_to_another_users_email_is_refused(client, login_as, target, make_user):
    make_user(Role.MEMBER, email="taken@example.org")
    login_as(Role.ADMIN)
    before = saved_state()
    data = user_form(email="Taken@example.org", password="", confirm_password="", roles=["member"])
    response = client.post(f"/admin/users/{target[0].id}/edit", data=data)
    assert response.status_code == 422
    assert "A user with this email address already exists" in response.get_data(as_text=True)
    assert saved_state() == before


def test_a_clash_found_only_by_the_database_changes_nothing(client, login_as, target, make_user, monkeypatch):
    make_user(Role.MEMBER, email="taken@example.org")
    login_as(Role.ADMIN)
    before = saved_state()
    monkeypatch.setattr("webapp.admin.views._email_taken", lambda *args: False)
    data = user_form(email="taken@example.org", password="", confirm_password="", roles=["member"])
    response = client.post(f"/admin/users/{target[0].id}/edit", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "A user with this email address already exists" in html
    assert '<h1 class="govuk-heading-l">Sam Jones</h1>' in html and 'value="Priya Shah"' in html
    assert saved_state() == before  # the roles and services were not changed either


def test_an_administrator_cannot_remove_their_own_administrator_role(client, login_as):
    admin = login_as(Role.ADMIN)
    data = user_form(name=admin.name, email=admin.email, password="", confirm_password="", roles=["clerk"])
    response = client.post(f"/admin/users/{admin.id}/edit", data=data)
    assert response.status_code == 422
    assert "You cannot remove your own Administrator role" in response.get_data(as_text=True)
    assert User.get_by_id(admin.id).roles == {Role.ADMIN}


# Disabling and enabling


def test_disabling_a_user_signs_them_out_at_once(app, client, login_as, target):
    user = target[0]
    their_client = app.test_client()
    their_client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert their_client.get("/meetings/").status_code == 200
    login_as(Role.ADMIN)
    response = client.post(f"/admin/users/{user.id}/disable")
    assert response.status_code == 302
    assert not User.get_by_id(user.id).active
    assert their_client.get("/meetings/").status_code == 302
    assert "is disabled and has been signed out" in client.get(response.headers["Location"]).get_data(as_text=True)
    their_client.refresh_csrf()
    refused = their_client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert "The email or password is not right" in refused.get_data(as_text=True)


def test_an_administrator_enables_a_user_again(client, login_as, make_user):
    user = make_user(Role.MEMBER, active=False)
    login_as(Role.ADMIN)
    html = client.get(f"/admin/users/{user.id}/edit").get_data(as_text=True)
    assert "Enable account" in html and "Disable account" not in html
    assert client.post(f"/admin/users/{user.id}/enable").status_code == 302
    assert User.get_by_id(user.id).active


def test_an_administrator_cannot_disable_themselves(client, login_as):
    admin = login_as(Role.ADMIN)
    assert "Disable account" not in client.get(f"/admin/users/{admin.id}/edit").get_data(as_text=True)
    response = client.post(f"/admin/users/{admin.id}/disable")
    assert response.status_code == 302
    assert "You cannot disable your own account" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert User.get_by_id(admin.id).active


# Directorates and services


def test_the_directorates_list_counts_their_services(client, login_as, make_service):
    make_service("Housing", directorate="Communities")
    make_service("Leisure", directorate="Communities")
    Directorate.create(name="Resources")
    login_as(Role.ADMIN)
    html = client.get("/admin/directorates/").get_data(as_text=True)
    assert re.search(r"Communities</td>\s*<td[^>]*>2</td>", html)
    assert re.search(r"Resources</td>\s*<td[^>]*>0</td>", html)


def test_the_services_list_shows_directorate_and_head_of_service(client, login_as, target):
    login_as(Role.ADMIN)
    html = client.get("/admin/services/").get_data(as_text=True)
    assert re.search(r"Housing</td>\s*<td[^>]*>Communities</td>\s*<td[^>]*>Sam Jones</td>", html)


@pytest.mark.parametrize(
    "url, edit_link", [("/admin/directorates/", "/admin/directorates/"), ("/admin/services/", "/admin/services/")]
)
def test_the_lists_cost_the_same_queries_for_1_or_30_rows(client, login_as, make_service, make_user, url, edit_link):
    make_user(Role.HEAD_OF_SERVICE, services=[make_service(directorate="Directorate 0")])
    login_as(Role.ADMIN)
    with count_queries() as one:
        client.get(url)
    for n in range(1, 30):
        make_user(Role.HEAD_OF_SERVICE, services=[make_service(directorate=f"Directorate {n}")])
    with count_queries() as thirty:
        html = client.get(url).get_data(as_text=True)
    assert len(re.findall(rf'href="{edit_link}\d+/edit"', html)) == 30
    assert len(thirty) == len(one)


def test_an_administrator_adds_and_renames_a_directorate(client, login_as):
    login_as(Role.ADMIN)
    response = client.post("/admin/directorates/new", data={"name": "Place"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/directorates/"
    directorate = Directorate.get(Directorate.name == "Place")
    assert "Directorate added: Place" in client.get("/admin/directorates/").get_data(as_text=True)
    assert 'value="Place"' in client.get(f"/admin/directorates/{directorate.id}/edit").get_data(as_text=True)
    response = client.post(f"/admin/directorates/{directorate.id}/edit", data={"name": "Place and Economy"})
    assert response.status_code == 302
    assert Directorate.get_by_id(directorate.id).name == "Place and Economy"


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Enter the name of the directorate"),
        ("x" * 101, "Name must be 100 characters or fewer"),
        ("RESOURCES", "There is already a directorate called Resources"),  # as it is saved
    ],
)
def test_a_wrong_directorate_is_refused(client, login_as, name, message):
    Directorate.create(name="Resources")
    login_as(Role.ADMIN)
    before = saved_state()
    response = client.post("/admin/directorates/new", data={"name": name})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and f'value="{name}"' in html
    assert saved_state() == before


def test_an_administrator_adds_a_service(client, login_as):
    directorate = Directorate.create(name="Place")
    login_as(Role.ADMIN)
    response = client.post("/admin/services/new", data={"name": "Planning", "directorate": str(directorate.id)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/services/"
    assert Service.get(Service.name == "Planning").directorate_id == directorate.id
    assert "Service added: Planning" in client.get("/admin/services/").get_data(as_text=True)


def test_an_administrator_renames_a_service_and_moves_it_to_another_directorate(client, login_as, target):
    service = target[2]
    place = Directorate.create(name="Place")
    login_as(Role.ADMIN)
    html = client.get(f"/admin/services/{service.id}/edit").get_data(as_text=True)
    assert 'value="Housing"' in html and re.search(rf'checked[^>]*value="{service.directorate_id}"', html)
    data = {"name": "Housing Options", "directorate": str(place.id)}
    assert client.post(f"/admin/services/{service.id}/edit", data=data).status_code == 302
    saved = Service.get_by_id(service.id)
    assert (saved.name, saved.directorate_id) == ("Housing Options", place.id)
    assert User.get_by_id(target[0].id).service_ids == {service.id}  # its Head of Service goes with it


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "directorate": "DIRECTORATE"}, "Enter the name of the service"),
        ({"name": "Typed service"}, "Choose the directorate"),
        ({"name": "Typed service", "directorate": "999"}, "Choose a directorate from the list"),
        ({"name": "housing", "directorate": "DIRECTORATE"}, "There is already a service called Housing"),
    ],
)
def test_a_wrong_service_is_refused(client, login_as, target, data, message):
    data = {k: str(target[1].id) if v == "DIRECTORATE" else v for k, v in data.items()}
    login_as(Role.ADMIN)
    before = saved_state()
    response = client.post("/admin/services/new", data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and message in html and f'value="{data["name"]}"' in html
    assert saved_state() == before


def test_with_no_directorates_a_service_cannot_be_added_yet(client, login_as):
    login_as(Role.ADMIN)
    html = client.get("/admin/services/new").get_data(as_text=True)
    assert "There are no directorates yet" in html and '<form method="post" novalidate>' not in html


def test_pages_have_no_inline_script_or_style_and_label_every_input(client, login_as, target):
    login_as(Role.ADMIN)
    target[0].active = False  # the page with the Enable button too
    target[0].save()
    for method, url in routes(*target):
        if method != "GET":
            continue
        html = client.get(url).get_data(as_text=True)
        assert_no_inline_script_or_style(html, url)
        assert_every_input_labelled(html, url)
