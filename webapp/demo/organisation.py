"""The demo council's directorates, services and the six people who sign in (docs/command-line.md#commands)."""

from datetime import datetime, time, timedelta

from webapp.domain.roles import Role
from webapp.models import Body, CommitteeSeat, Directorate, Service, User, UserRole, UserService

COUNCIL = "Borsetshire District Council"

# Directorate -> its services, in the order they are listed.
DIRECTORATES = {
    "Place": ("Waste and Recycling", "Planning and Building Control", "Environmental Health"),
    "Communities": ("Housing", "Leisure and Culture"),
    "Resources": ("Revenues and Benefits",),
}

# (email, name, roles, services headed): the sign-ins printed by `flask demo-data`.
DEMO_USERS = [
    ("hos@example.org", "Jane Smith", (Role.HEAD_OF_SERVICE,), ("Waste and Recycling", "Housing")),
    ("perf@example.org", "Tom Hughes", (Role.PERFORMANCE,), ()),
    ("cmt@example.org", "David Clarke", (Role.CMT,), ()),
    ("clerk@example.org", "Aisha Rahman", (Role.CLERK,), ()),
    ("member@example.org", "Councillor Margaret Whitfield", (Role.MEMBER,), ()),
    ("admin@example.org", "Sam Patel", (Role.ADMIN,), ()),
]

# The committees each demo Member sits on (docs/users-and-permissions.md#members-and-their-committees): the
# Development Committee is where the demo's referred plan went.
DEMO_SEATS = {"member@example.org": ("Audit and Performance Committee", "Development Committee")}

# Someone who has just joined and has no role yet: the administrator's Your work asks for one (docs/your-work.md).
# Not a sign-in: without a role there is nothing to see.
NEW_STARTER = ("new.starter@example.org", "Priya Shah")


def conflicts():
    """Demo rows that would clash with what the database already holds."""
    found = []
    emails = [email for email, *_ in DEMO_USERS] + [NEW_STARTER[0]]
    found += [f"user {u.email}" for u in User.select(User.email).where(User.email.in_(emails))]
    services = [name for names in DIRECTORATES.values() for name in names]
    found += [f"service {s.name}" for s in Service.select(Service.name).where(Service.name.in_(services))]
    found += [
        f"directorate {d.name}"
        for d in Directorate.select(Directorate.name).where(Directorate.name.in_(list(DIRECTORATES)))
    ]
    return found


def write_organisation(password_hash, today):
    """Directorates, services and users. Returns ({service name: id}, {email: user id})."""
    services = {}
    for directorate_name, service_names in DIRECTORATES.items():
        directorate = Directorate.create(name=directorate_name)
        for name in service_names:
            services[name] = Service.create(name=name, directorate=directorate).id

    joined = datetime.combine(today - timedelta(days=3 * 365 + 30), time(9, 0))
    users, roles, heads = {}, [], []
    for email, name, user_roles, service_names in DEMO_USERS:
        user = User.create(email=email, name=name, password_hash=password_hash, created_at=joined)
        users[email] = user.id
        roles += [{"user": user.id, "role": Role(role)} for role in user_roles]
        heads += [{"user": user.id, "service": services[name]} for name in service_names]
    email, name = NEW_STARTER
    User.create(email=email, name=name, password_hash=password_hash, created_at=datetime.combine(today, time(9, 0)))
    UserRole.insert_many(roles).execute()
    UserService.insert_many(heads).execute()
    return services, users


def write_seats(users):
    """The demo Members' seats on their committees (the bodies are written by webapp/demo/meetings.py)."""
    bodies = {body.name: body.id for body in Body.select(Body.id, Body.name)}
    CommitteeSeat.insert_many(
        [{"user": users[email], "body": bodies[name]} for email, names in DEMO_SEATS.items() for name in names]
    ).execute()
