"""What an imported pip/v1 plan joins in the register (docs/pip-v1.md#import): its service, its PI and the
bodies whose meetings its comments cite, each found by its exact name; the PI by its code whatever its case, as
the PI form finds it (webapp/indicators/codes.py), since the register keeps codes in capitals.

Told to create what is missing (`--create-indicators`, or the tick box on the upload page), the import creates
the service (under the file's directorate, found or created, or one named "Unassigned"), the PI (with the file's
decimal places, else the register's default) and each body (of the file's `body_kind`, else the kind its
comments' role implies), so that a plan moves into a freshly initialised database. Otherwise each missing thing
is an error naming it and saying how to create it. A name that differs from the register's only in case is an
error either way: names are unique whatever their case (docs/users-and-permissions.md, docs/meetings-and-papers.md).

Everything here runs in the import's transaction; the created PI is indexed for search in it too.
"""

from dataclasses import dataclass, field

import peewee

from webapp.domain.bodies import BodyKind
from webapp.domain.periods import Frequency
from webapp.domain.pips import CommentRole, PipStatus
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit
from webapp.exports.pip_json_reading import values_outside
from webapp.indicators import standings
from webapp.indicators.codes import indicator_of_code
from webapp.models import Body, Directorate, Indicator, Pip, Service
from webapp.search.index import index_indicator

# The directorate of a service created for a file that names none.
UNASSIGNED = "Unassigned"
# How each way in says to create what is missing, at the end of the error naming it.
COMMAND_LINE = "use --create-indicators to create it"
UPLOAD_PAGE = 'tick "Create what the register is missing" to create it'
# The decimal places of a PI created from a file that gives none: the register's default.
DEFAULT_PLACES = Indicator.decimal_places.default
# The kind of a body to create that only Head of Service comments cite, and whose kind the file does not give:
# the management team a Head of Service reports to. A clerk can change a body's kind.
HEAD_OF_SERVICE_BODY = BodyKind.OMT


class ImportRefused(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class Joined:
    """The service, PI and {name: Body} a plan joins, and what was created for it, as the user is told."""

    service: Service
    indicator: Indicator
    bodies: dict[str, Body]
    created: list[str] = field(default_factory=list)


def join_register(data, create, how_to_create=COMMAND_LINE):
    """The register's things that validated `data` names, created when `create` says so; ImportRefused listing
    every reason it cannot, in the order of the file."""
    service, service_errors = _service(data["service"], create, how_to_create)
    indicator, indicator_errors = _indicator(data, create, how_to_create)
    bodies, body_errors = _bodies(data["management_comments"], create, how_to_create)
    errors = service_errors + indicator_errors + body_errors
    if errors:
        raise ImportRefused(errors)
    joined = Joined(service, indicator, {})
    if service is None:
        joined.service = _new_service(data["service"], data.get("directorate") or UNASSIGNED, joined.created)
    if indicator is None:
        joined.indicator = _new_indicator(data["indicator"], joined.service, joined.created)
    joined.bodies = {name: body or _new_body(name, kind, joined.created) for name, (body, kind) in bodies.items()}
    return joined


def _named(model, name):
    """(the row of exactly this name or None, the row whose name differs only in case or None)."""
    exact = model.get_or_none(model.name == name)
    if exact is not None:
        return exact, None
    return None, model.select().where(peewee.fn.LOWER(model.name) == name.lower()).first()


def _missing(path, what, name, other, create, how_to_create):
    """The errors for a thing the register lacks: none when it is to be created."""
    if other is not None:
        return [f'{path}: unknown {what} "{name}": the register has "{other.name}"']
    return [] if create else [f'{path}: unknown {what} "{name}" ({how_to_create})']


# ---------------------------------------------------------------- finding


def _service(name, create, how_to_create):
    service, other = _named(Service, name)
    return service, [] if service is not None else _missing("service", "service", name, other, create, how_to_create)


def _indicator(data, create, how_to_create):
    """The register's PI of the plan's code (None to create), and what stops the plan joining it."""
    code = data["indicator"]["code"]  # in capitals, as the register keeps codes (pip_json_reading.validate)
    indicator = indicator_of_code(code)  # whatever the case the register wrote it in
    if indicator is None:
        return None, _missing("indicator.code", "PI code", code, None, create, how_to_create)
    # the plan's values are in the register's unit, whatever the file says
    return indicator, values_outside(data, indicator.unit) + _open_plan(indicator, data["status"], code)


def _open_plan(indicator, status, code):
    """A PI has at most one open plan: an open plan is refused when it has one already."""
    if not PipStatus(status).is_open:
        return []
    open_plan = (
        Pip.select()
        .where((Pip.indicator == indicator) & Pip.status.in_([PipStatus.DRAFT.value, PipStatus.LIVE.value]))
        .first()
    )
    if open_plan is None:
        return []
    return [f'status: PI "{code}" already has a {open_plan.status.value} PIP ({open_plan.id})']


def _bodies(comments, create, how_to_create):
    """{name: (Body, None) or (None, the kind to create it of)} of the bodies whose meetings the comments cite,
    and an error for each the register lacks (or has in another case)."""
    citing = {}  # name: [(index, comment)], in the order of the file
    for i, comment in enumerate(comments):
        if comment["meeting"] is not None:
            citing.setdefault(comment["meeting"]["body"], []).append((i, comment))
    bodies, errors = {}, []
    for name, comments_of in citing.items():
        body, other = _named(Body, name)
        if body is None:
            path = f"management_comments[{comments_of[0][0]}].meeting.body"
            errors += _missing(path, "body", name, other, create, how_to_create)
        bodies[name] = (body, None if body is not None else _kind([c for _, c in comments_of]))
    return bodies, errors


def _kind(comments):
    """The kind of a body to create: the first its comments give, else the first their roles imply (CMT, OMT,
    the Audit and Performance Committee for Members), else HEAD_OF_SERVICE_BODY."""
    for comment in comments:
        if comment["meeting"].get("body_kind"):
            return BodyKind(comment["meeting"]["body_kind"])
    for comment in comments:
        kinds = CommentRole(comment["role"]).meeting_kinds
        if kinds:
            return kinds[0]
    return HEAD_OF_SERVICE_BODY


# ---------------------------------------------------------------- creating


def _new_service(name, directorate_name, created):
    directorate, other = _named(Directorate, directorate_name)
    directorate = directorate or other  # a directorate is only where the service sits: its case is no matter
    if directorate is None:
        directorate = Directorate.create(name=directorate_name)
        created.append(f'directorate "{directorate_name}"')
    created.append(f'service "{name}" in {directorate.name}')
    return Service.create(name=name, directorate=directorate)


def _new_indicator(spec, service, created):
    places = spec.get("decimal_places")
    indicator = Indicator.create(
        code=spec["code"],
        name=spec["name"],
        description=spec["description"],
        service=service,
        polarity=Polarity(spec["polarity"]),
        unit=Unit(spec["unit"]),
        frequency=Frequency(spec["frequency"]),
        decimal_places=DEFAULT_PLACES if places is None else places,
    )
    standings.refresh([indicator.id])
    index_indicator(indicator.id)
    created.append(f"PI {indicator.code}")
    return indicator


def _new_body(name, kind, created):
    created.append(f'body "{name}" ({kind.label})')
    return Body.create(name=name, kind=kind)
