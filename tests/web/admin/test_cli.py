"""`flask --app webapp create-user` (docs/command-line.md#commands): the first administrator is made this way."""

import pytest

from webapp.domain.bodies import BodyKind
from webapp.domain.roles import Role
from webapp.models import Body, User

PASSWORD = "a long command line pass phrase"


@pytest.fixture
def create_user(app, db):
    runner = app.test_cli_runner()

    def run(*extra, email="Admin@Example.org", name="Ada Admin", roles=("admin",), password=PASSWORD, input=None):
        args = ["create-user", "--email", email, "--name", name]
        for role in roles:
            args += ["--role", role]
        if password is not None:
            args += ["--password", password]
        return runner.invoke(args=args + list(extra), input=input)

    return run


def test_creates_a_user_with_roles(create_user):
    result = create_user(roles=("clerk", "member"))
    assert result.exit_code == 0, result.output
    user = User.get()
    assert f"Created user {user.id}: admin@example.org" in result.output
    assert (user.email, user.name, user.active) == ("admin@example.org", "Ada Admin", True)
    assert user.roles == {Role.CLERK, Role.MEMBER}
    assert user.check_password(PASSWORD)


def test_creates_a_head_of_service_with_services(create_user, make_service):
    waste, housing = make_service("Waste and Recycling"), make_service("Housing")
    result = create_user("--service", "Waste and Recycling", "--service", "Housing", roles=("hos",))
    assert result.exit_code == 0, result.output
    assert User.get().service_ids == {waste.id, housing.id}


def test_creates_a_member_with_their_committees(create_user):
    audit = Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    Body.create(name="Development Committee", kind=BodyKind.POLICY_COMMITTEE)
    result = create_user("--committee", "Audit and Performance Committee", roles=("member",))
    assert result.exit_code == 0, result.output
    assert [seat.body_id for seat in User.get().committee_seats] == [audit.id]


@pytest.mark.parametrize(
    "committee, roles, message",
    [
        ("Parks Committee", ("member",), "Not a committee: Parks Committee"),
        ("CMT", ("member",), "Not a committee: CMT"),
        ("Audit and Performance Committee", ("clerk",), "Only a Member (--role member) sits on committees"),
    ],
)
def test_a_committee_that_is_not_one_or_not_for_a_member_is_refused(create_user, committee, roles, message):
    Body.create(name="Audit and Performance Committee", kind=BodyKind.AUDIT_AND_PERFORMANCE)
    Body.create(name="CMT", kind=BodyKind.CMT)
    result = create_user("--committee", committee, roles=roles)
    assert result.exit_code == 1 and message in result.output
    assert User.select().count() == 0


def test_asks_for_the_password_twice_when_not_given(create_user):
    result = create_user(password=None, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert User.get().check_password(PASSWORD)
    assert PASSWORD not in result.output


def test_an_unknown_service_is_refused_and_nothing_created(create_user, make_service):
    make_service("Housing")
    result = create_user("--service", "Housing", "--service", "Parks", roles=("hos",))
    assert result.exit_code == 1
    assert "Unknown service: Parks" in result.output
    assert User.select().count() == 0


def test_an_email_already_used_is_refused_whatever_its_case(create_user, make_user):
    make_user(Role.MEMBER, email="admin@example.org")
    result = create_user(email="ADMIN@example.org")
    assert result.exit_code == 1
    assert "already exists" in result.output
    assert User.select().count() == 1


def test_an_unknown_role_is_refused(create_user):
    result = create_user(roles=("mayor",))
    assert result.exit_code == 2
    assert "'mayor' is not one of" in result.output
    assert User.select().count() == 0


def test_the_created_user_can_sign_in(create_user, client):
    assert create_user().exit_code == 0
    response = client.post("/sign-in", data={"email": "admin@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "args, message",
    [
        (["--role", "member", "--password", "short"], "12 characters or more"),
        (["--role", "member", "--password", "qwerty123456"], "one of the most commonly used"),
        (["--role", "hos", "--password", "a-long-enough-password"], "needs at least one --service"),
        (
            ["--role", "member", "--service", "Housing", "--password", "a-long-enough-password"],
            "only a Head of Service",
        ),
    ],
)
def test_create_user_applies_the_same_rules_as_the_admin_pages(app, args, message):
    result = app.test_cli_runner().invoke(args=["create-user", "--email", "x@example.org", "--name", "X", *args])
    assert result.exit_code != 0 and message in result.output
