"""A plan from a Word document (docs/word-import.md): read by webapp/exports/pip_docx_reading.py, completed
with what the register knows of its PI and meeting bodies (pip_docx_document.py), checked as any pip/v1 file
is (pip_json_reading.validate), then created as a Draft by the pip/v1 import (interchange.import_plan), in one
transaction, so that every rule of the write path applies. Shared by the upload page (word_import.py) and
the command line (import_cli.py).

The preview runs the import too, inside a transaction it then rolls back: what the register refuses (a PI
that already has an open plan, an unknown service or body) is listed before the officer confirms, and what
creating the missing things would put right is offered as the officer's to answer.
"""

import copy
import logging
from dataclasses import dataclass, field

import peewee

from webapp.domain.pi_codes import code_problem, pi_code
from webapp.exports.docx_blocks import UnreadableWord
from webapp.exports.pip_docx_document import Completed, Register, plan_document
from webapp.exports.pip_docx_places import in_word_terms
from webapp.exports.pip_docx_reading import WordPlan, read_word_plan
from webapp.exports.pip_json_reading import validate
from webapp.indicators.codes import indicator_of_code
from webapp.models import Body, PipChange, database

from .interchange import UPLOAD_PAGE, ImportRefused, import_plan

log = logging.getLogger(__name__)
READ_FROM_WORD = "Read from a Word document"
_UNKNOWN_CODE = "indicator.code: unknown PI code"  # interchange's words: the reader says it in the page's terms
# Errors whose place the reader names itself: the pip/v1 checks' own would say it again, less clearly.
_SAID_BY_THE_READER = {
    "Service: the document names no service": "service",
    "Author:": "author",
    "Date:": "date",
    "Section 1: the document gives no PI Code": "indicator",
}


@dataclass
class Choices:
    """What the officer decides that the document does not: create what the register is missing (the PI, its
    service and the meeting bodies the plan cites, as the pip/v1 import does), and the service, polarity,
    unit and frequency of a new PI. `how_to_create` and `how_to_name_the_service` end the errors that ask."""

    create_indicators: bool = False
    service: str | None = None
    polarity: str | None = None
    unit: str | None = None
    frequency: str | None = None
    how_to_create: str = UPLOAD_PAGE
    how_to_name_the_service: str = "choose the plan's service"


@dataclass
class WordCheck:
    """A document read and checked: what it says, the pip/v1 document made of it, its checked data, and
    everything that stops it being imported. `needs` are the errors the officer answers on the preview
    (create what the register is missing, choose the service) rather than in the document."""

    plan: WordPlan | None = None
    completed: Completed | None = None
    data: dict | None = None
    errors: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    offers_create: bool = False  # creating what the register is missing would put errors right

    @property
    def document(self):
        return self.completed.document if self.completed else None

    @property
    def new_indicator(self):
        return bool(self.completed and self.completed.new_indicator)

    @property
    def answerable(self):
        """Whether the preview may offer to create the plan: the only errors are the officer's to answer."""
        return self.plan is not None and all(error in self.needs for error in self.errors)

    @property
    def assumed(self):
        return (self.plan.notes.assumed if self.plan else []) + (self.completed.notes.assumed if self.completed else [])

    @property
    def unread(self):
        return (self.plan.notes.unread if self.plan else []) + (self.completed.notes.unread if self.completed else [])


def check_word_plan(data, choices, rehearse=True):
    """The document in `data` read and checked against the register; with `rehearse`, the import run and
    rolled back, so that its refusals are listed too. Never raises for a bad file: the errors say why."""
    check = WordCheck()
    try:
        check.plan = read_word_plan(data)
    except UnreadableWord as unreadable:
        check.errors = [str(unreadable)]
        return check
    except Exception:  # a document the reader does not expect: said, logged, never a server error
        log.exception("A Word document could not be read")
        check.errors = ["The document could not be read: save it again as .docx from Word, or import it as JSON"]
        return check
    code = check.plan.indicator.get("code", "")
    register = Register(
        indicator=_indicator_facts(code),
        bodies=[(body.name, body.kind.value) for body in Body.select(Body.name, Body.kind)],
        service=choices.service or None,
        polarity=choices.polarity or None,
        unit=choices.unit or None,
        frequency=choices.frequency or None,
    )
    check.completed = plan_document(check.plan, register)
    document = check.completed.document
    # a code the register's rule refuses is the document's to correct: creating would not put it right
    check.offers_create = bool(code) and register.indicator is None and code_problem(pi_code(code)) is None
    if check.offers_create and not choices.create_indicators:
        check.needs.append(f'Section 1, PI Code: "{code}" is not in the register ({choices.how_to_create})')
    if not document["service"]:
        why = f', and PI "{code}" is not in the register to give its service' if code else ""
        check.needs.append(f"Service: the document names no service{why}: {choices.how_to_name_the_service}")
    check.errors = check.plan.errors + check.needs
    check.data, invalid = validate(document)
    said = {path for place, path in _SAID_BY_THE_READER.items() if any(e.startswith(place) for e in check.errors)}
    check.errors += [in_word_terms(e, document) for e in invalid if not _said(e.split(":")[0], said)]
    if rehearse and check.data is not None and check.answerable:
        _rehearse(check, choices)
    return check


def _rehearse(check, choices):
    """The import's own refusals added to the check; those that creating what the register is missing puts
    right are the officer's to answer."""
    refused = [in_word_terms(e, check.document) for e in _rehearsed(check.data, choices)]
    if refused and not choices.create_indicators and not _rehearsed(check.data, choices, create=True):
        check.offers_create = True
        check.needs += refused
    check.errors += refused


def _said(path, said):
    return any(path == place or path.startswith(f"{place}.") for place in said)


def _indicator_facts(code):
    """What the register says of the PI with this code, as plain values, or None when it has none."""
    if not code:
        return None
    indicator = indicator_of_code(code)  # whatever its case, as the pip/v1 import finds it
    if indicator is None:
        return None
    return {
        "code": indicator.code,
        "name": indicator.name,
        "description": indicator.description,
        "polarity": indicator.polarity.value,
        "unit": indicator.unit.value,
        "frequency": indicator.frequency.value,
        "service": indicator.service.name,
    }


def _rehearsed(data, choices, create=None):
    """What the import would refuse, found by running it inside a transaction that is then rolled back."""
    create = choices.create_indicators if create is None else create
    with database.atomic() as transaction:
        try:
            import_plan(copy.deepcopy(data), create_indicators=create, user=None, how_to_create=choices.how_to_create)
            return []
        except ImportRefused as refused:
            return [e for e in refused.errors if not e.startswith(_UNKNOWN_CODE)]
        except peewee.DatabaseError as error:
            log.warning("A Word plan's rehearsal was refused by the database: %s", error)
            return [f"The database refused the plan: {error}"]
        finally:
            transaction.rollback()


def import_word_plan(data, choices, user=None, filename=""):
    """(the new Draft PIP, its check) once created, or (None, the check listing why not): the document read
    and checked again, then created in one transaction with a line in its History naming the file."""
    check = check_word_plan(data, choices, rehearse=False)
    if check.errors:
        return None, check
    try:
        with database.atomic():
            pip = import_plan(
                check.data, create_indicators=choices.create_indicators, user=user, how_to_create=choices.how_to_create
            )
            PipChange.create(
                pip=pip, changed_by=user, version=pip.version, subject="status", what=READ_FROM_WORD, after=filename
            )
    except ImportRefused as refused:
        check.errors = [in_word_terms(e, check.document) for e in refused.errors]
        return None, check
    return pip, check
