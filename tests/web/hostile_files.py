"""pip/v1 files with values that once got through the importer and broke pages later, or made it answer
500 (issue 8, item 5), each with the error that now names its path. Shared by the upload page's and the
command line's tests: both must refuse each the same way and create nothing."""

import json
from datetime import date, timedelta

from webapp.domain.bodies import BodyKind
from webapp.domain.pips import CommentRole, PipStatus
from webapp.models import Body, ManagementComment, Meeting, Pip, ProgressUpdate

# A value written into the file as it stands, not as json.dumps would write it.
_RAW = "@raw@"


def _with_raw(document, place, literal):
    """The file's bytes with `literal` (JSON text, such as 1e308 or 10^400 written out) at `place`."""
    place(document, _RAW)
    return json.dumps(document, ensure_ascii=False).replace(f'"{_RAW}"', literal).encode()


def _set(*keys):
    def place(document, value):
        target = document
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return place


def _changed(document, *keys, value):
    _set(*keys)(document, value)
    return json.dumps(document, ensure_ascii=False).encode()


def _completed(document):
    document["status"] = "completed"
    return document


def _nested(depth):
    return "[" * depth + "1" + "]" * depth


# (id, bytes of the file from an exported document, what the refusal says)
CASES = [
    (
        "nested 100,000 deep",
        lambda d: _with_raw(d, _set("details", "comments"), _nested(100_000)),
        "The file nests lists or objects more than 10 deep",
    ),
    (
        "nested 12 deep",
        lambda d: _with_raw(d, _set("details", "comments"), _nested(12)),
        "details.comments[0][0][0][0][0][0][0][0]: nested more than 10 deep",
    ),
    (
        "integer 10^400",
        lambda d: _with_raw(d, _set("details", "score", "value"), "1" + "0" * 400),
        "details.score.value: a number of 401 digits: at most 40 are allowed",
    ),
    (
        "integer of 5,000 digits",
        lambda d: _with_raw(d, _set("progress", 0, "score"), "9" * 5000),
        "progress[0].score: a number of 5,000 digits: at most 40 are allowed",
    ),
    (
        "score 1e28",
        lambda d: _with_raw(d, _set("details", "score", "value"), "1e28"),
        "details.score.value: must be between -10,000 and 10,000",
    ),
    (
        "target 1e308",
        lambda d: _with_raw(d, _set("details", "target", "value"), "1e308"),
        "details.target.value: must be between -10,000 and 10,000",
    ),
    (
        "progress -1e308",
        lambda d: _with_raw(d, _set("progress", 0, "score"), "-1e308"),
        "progress[0].score: must be between -10,000 and 10,000",
    ),
    (
        "score 1e-300",
        lambda d: _with_raw(d, _set("details", "score", "value"), "1e-300"),
        "details.score.value: must have 6 decimal places or fewer",
    ),
    (
        "NaN",
        lambda d: _with_raw(d, _set("progress", 0, "score"), "NaN"),
        "The file is not JSON: NaN is not a number JSON allows",
    ),
    (
        "Infinity",
        lambda d: _with_raw(d, _set("details", "score", "value"), "-Infinity"),
        "The file is not JSON: -Infinity is not a number JSON allows",
    ),
    (
        "funding of a trillion",
        lambda d: _changed(d, "solutions", 0, "funding_amount", value=1e12),
        "solutions[0].funding_amount: must be between 0 and 999,999,999,999.99",
    ),
    (
        "progress dated 9999-12-31",
        lambda d: _changed(d, "progress", 0, "date", value="9999-12-31"),
        "progress[0].date: must be between 1900 and 2100",
    ),
    (
        "score as at 0001-01-01",
        lambda d: _changed(d, "details", "score", "as_at", value="0001-01-01"),
        "details.score.as_at: must be between 1900 and 2100",
    ),
    (
        "meeting in 2101",
        lambda d: _changed(d, "management_comments", 1, "meeting", "date", value="2101-01-01"),
        "management_comments[1].meeting.date: must be between 1900 and 2100",
    ),
    (
        "reference E12345678901",
        lambda d: _changed(d, "factors", 0, "ref", value="E12345678901"),
        "factors[0].ref: must be E followed by a number of at most 6 digits",
    ),
    (
        "16,000 factors",
        lambda d: _changed(
            d,
            "factors",
            value=[
                {"ref": f"E{n}", "kind": "external", "duration": "temporary", "description": "Snow"}
                for n in range(1, 16_001)
            ],
        ),
        "factors: 16,000 factors: a plan can have at most 200",
    ),
    (
        "text past the form's limit",
        lambda d: _changed(d, "factors", 0, "description", value="x" * 10_001),
        "factors[0].description: longer than 10,000 characters",
    ),
    (
        "a funding route past its limit",
        lambda d: _changed(d, "solutions", 0, "funding_note", value="£" * 2_001),
        "solutions[0].funding_note: longer than 2,000 characters",
    ),
    (
        "text only of control characters",
        lambda d: _changed(d, "progress", 0, "comment", value="\x00\x07\u202e"),
        "progress[0].comment: must not be empty",
    ),
    (
        "a Head of Service comment approving a solution",
        lambda d: _changed(d, "management_comments", 0, "approves", value=["S1"]),
        "management_comments[0].approves: only a CMT comment approves or declines solutions",
    ),
    (
        "progress dated tomorrow",
        lambda d: _changed(d, "progress", 0, "date", value=(date.today() + timedelta(days=1)).isoformat()),
        f"progress[0].date: must be today ({date.today().isoformat()}) or earlier",
    ),
    (
        "a comment dated tomorrow",
        lambda d: _changed(d, "management_comments", 1, "date", value=(date.today() + timedelta(days=1)).isoformat()),
        f"management_comments[1].date: must be today ({date.today().isoformat()}) or earlier",
    ),
    (
        "a Completed plan with a solution Approved but not In place",
        lambda d: _changed(_completed(d), "solutions", 0, "status", value="approved"),
        "solutions[0].status: a Completed plan cannot have this: Solution S1 is Approved but not yet In place",
    ),
    (
        "a file over 2 MB",
        lambda d: _changed(d, "details", "comments", value="x" * (2 * 1024 * 1024)),
        "The file is larger than 2 MB",
    ),
]
IDS = [case[0] for case in CASES]

# Unprintable text the forms clean (docs/plans.md#validation-limits), put into every kind of text field of a file.
DIRTY = "Snow\x00 and\x07 ice\u202e\x0b(cleared)"
CLEAN = "Snow and ice\n(cleared)"
CLEAN_LINE = "Snow and ice (cleared)"


def dirty(document):
    """The document with unprintable characters in its text, one-line and multi-line."""
    document["author"] = DIRTY
    document["details"]["comments"] = DIRTY
    document["factors"][0]["description"] = DIRTY
    document["solutions"][0]["option_group"] = DIRTY
    document["management_comments"][1]["meeting"]["reference"] = "CMT\x00/41\u202e"
    document["progress"][0]["comment"] = DIRTY
    return document


def exported_plan(client, make_pip):
    """The file of a full plan, as the app downloads it, with its own plan then completed so that the PI
    is free for the file to import again. The client must be signed in as a performance officer."""
    source = make_pip(
        factors=[("external", "Snow"), ("internal", "Vacancies")], solutions=[("Agency drivers", ["E1", "I1"])]
    )
    meeting = Meeting.create(body=Body.create(name="CMT", kind=BodyKind.CMT), date=date(2026, 10, 14))
    ManagementComment.create(
        pip=source, role=CommentRole.HEAD_OF_SERVICE, author="Jane", made_on=date(2026, 10, 5), text="Ours"
    )
    ManagementComment.create(
        pip=source,
        role=CommentRole.CMT,
        author="Chief Executive",
        made_on=date(2026, 10, 14),
        text="Noted.",
        meeting=meeting,
        minute_reference="CMT/2026/41",
    )
    ProgressUpdate.create(pip=source, made_on=date(2026, 10, 31), comment="Better", score=93.4)
    document = json.loads(client.get(f"/pips/{source.id}/plan.json").get_data(as_text=True))
    Pip.update(status=PipStatus.COMPLETED).where(Pip.id == source.id).execute()
    return document
