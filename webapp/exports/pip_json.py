"""The pip/v1 JSON interchange format (PRODUCT §7): pure functions over plain data.

`plan_to_json(snapshot, exported_at)` turns a plain snapshot of a PIP (dates as `date`, numbers as
int/float/Decimal, enumerations as strings) into the pip/v1 document, keys in the documented order.
`validate(document)` checks a parsed document and returns `(clean_data, errors)`: the clean data has
dates as `date` and numbers as float (funding as Decimal); each error names its path.
"""
import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation

FORMAT = "pip/v1"

STATUSES = ("draft", "live", "completed", "withdrawn")
KINDS = ("external", "internal")
DURATIONS = ("temporary", "long_term")
POLARITIES = ("higher_is_better", "lower_is_better")
UNITS = ("percent", "number", "days", "currency", "ratio")
FREQUENCIES = ("monthly", "quarterly", "annual")
RESOURCING = ("within_service", "extra_funding")
SOLUTION_STATUSES = ("proposed", "approved", "not_approved", "in_place")
ROLES = ("head_of_service", "cmt", "omt", "members")

KIND_PREFIX = {"external": "E", "internal": "I"}
SOLUTION_PREFIX = "S"

# The longest text each field may hold (the database's column sizes; free text is capped generously).
LONG_TEXT = 20000
LIMITS = {"author": 100, "service": 100, "code": 20, "name": 200, "option_group": 100, "reference": 50,
          "body": 100}

SCORE_KEYS = ("target", "score", "last_year_end_score", "score_12_months_ago")


# ---------------------------------------------------------------- export

def _iso(value):
    return value.isoformat() if value is not None else None


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _text(value):
    return "" if value is None else value


def _score(pair):
    pair = pair or {}
    return {"value": _number(pair.get("value")), "as_at": _iso(pair.get("as_at"))}


def exported_at_text(moment):
    """An aware or naive-UTC datetime as ISO 8601 UTC with a Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0).isoformat() + "Z"


def plan_to_json(snapshot, exported_at):
    """The pip/v1 document for a snapshot, keys in PRODUCT §7's order."""
    indicator, details = snapshot["indicator"], snapshot["details"]
    return {
        "format": FORMAT,
        "exported_at": exported_at_text(exported_at),
        "status": snapshot["status"],
        "author": _text(snapshot["author"]),
        "date": _iso(snapshot["date"]),
        "service": snapshot["service"],
        "indicator": {key: _text(indicator.get(key)) for key in
                      ("code", "name", "description", "polarity", "unit", "frequency")},
        "details": {**{key: _score(details.get(key)) for key in SCORE_KEYS},
                    "comments": _text(details.get("comments"))},
        "factors": [{"ref": f["ref"], "kind": f["kind"], "duration": f["duration"],
                     "description": _text(f["description"])} for f in snapshot["factors"]],
        "solutions": [{
            "ref": s["ref"], "description": _text(s["description"]), "target_date": _iso(s.get("target_date")),
            "factors": list(s["factors"]), "resourcing": s["resourcing"],
            "funding_amount": _number(s.get("funding_amount")),
            **{key: _text(s.get(key)) for key in
               ("funding_note", "time_lag", "option_group", "strengths", "weaknesses")},
            "status": s["status"]} for s in snapshot["solutions"]],
        "management_comments": [{
            "role": c["role"], "author": _text(c["author"]), "date": _iso(c["date"]), "text": _text(c["text"]),
            "meeting": None if c.get("meeting") is None else {
                "body": c["meeting"]["body"], "date": _iso(c["meeting"]["date"]),
                "reference": _text(c["meeting"].get("reference"))},
            "approves": list(c.get("approves", ())), "declines": list(c.get("declines", ()))}
            for c in snapshot["management_comments"]],
        "progress": [{"date": _iso(p["date"]), "comment": _text(p["comment"]), "score": _number(p.get("score")),
                      "final": bool(p.get("final"))} for p in snapshot["progress"]],
    }


# ---------------------------------------------------------------- import validation

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MISSING = object()


class _Checker:
    def __init__(self):
        self.errors = []

    def error(self, path, message):
        self.errors.append(f"{path}: {message}")

    def obj(self, value, path, keys):
        """`value` as a dict with only `keys`; None (and an error) when it is not an object."""
        if not isinstance(value, dict):
            self.error(path, "must be an object")
            return None
        for key in value:
            if key not in keys:
                self.error(f"{path}.{key}" if path else key, "unknown field")
        return value

    def list(self, parent, key, path):
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            self.error(path, "missing")
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list")
            return []
        return value

    def text(self, parent, key, path, limit=LONG_TEXT, required=False):
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.error(path, "missing")
            return ""
        if not isinstance(value, str):
            self.error(path, "must be text")
            return ""
        if required and not value.strip():
            self.error(path, "must not be empty")
        if len(value) > limit:
            self.error(path, f"longer than {limit} characters")
        return value

    def choice(self, parent, key, path, choices):
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            self.error(path, "missing")
            return None
        if not isinstance(value, str) or value not in choices:
            self.error(path, f"must be one of {', '.join(choices)}")
            return None
        return value

    def date(self, parent, key, path, required=True):
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None or value == "":
            if required:
                self.error(path, "missing")
            return None
        if not isinstance(value, str) or not _DATE.match(value):
            self.error(path, "not a date")
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.error(path, "not a date")
            return None

    def number(self, parent, key, path, non_negative=False, decimal=False):
        value = parent.get(key, _MISSING)
        if value is _MISSING or value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value \
                or value in (float("inf"), float("-inf")):
            self.error(path, "not a number")
            return None
        if non_negative and value < 0:
            self.error(path, "must not be negative")
            return None
        if decimal:
            try:
                amount = Decimal(str(value)).quantize(Decimal("0.01"))
            except InvalidOperation:
                self.error(path, "not a number")
                return None
            if amount >= Decimal("1e12"):
                self.error(path, "too large")
                return None
            return amount
        return float(value)

    def boolean(self, parent, key, path):
        value = parent.get(key, _MISSING)
        if value is _MISSING:
            return False
        if not isinstance(value, bool):
            self.error(path, "must be true or false")
            return False
        return value

    def refs(self, parent, key, path, known):
        out = []
        for i, ref in enumerate(self.list(parent, key, path)):
            if not isinstance(ref, str):
                self.error(f"{path}[{i}]", "must be a reference")
            elif ref not in known:
                self.error(f"{path}[{i}]", f"unknown {known[None]} {ref}" if None in known else f"unknown {ref}")
            elif ref in out:
                self.error(f"{path}[{i}]", f"{ref} listed twice")
            else:
                out.append(ref)
        return out


def _well_formed(ref, prefix):
    return isinstance(ref, str) and ref.startswith(prefix) and ref[len(prefix):].isdigit() \
        and not ref[len(prefix):].startswith("0")


TOP_KEYS = ("format", "exported_at", "status", "author", "date", "service", "indicator", "details", "factors",
            "solutions", "management_comments", "progress")


def validate(document):
    """`(clean_data, errors)`: the document's data ready to store, or the list of what is wrong."""
    c = _Checker()
    if c.obj(document, "", TOP_KEYS) is None:
        return None, ["document: must be a JSON object"]
    if document.get("format") != FORMAT:
        c.error("format", f'must be "{FORMAT}"')
    data = {
        "status": c.choice(document, "status", "status", STATUSES),
        "author": c.text(document, "author", "author", LIMITS["author"], required=True),
        "date": c.date(document, "date", "date"),
        "service": c.text(document, "service", "service", LIMITS["service"], required=True),
    }
    indicator = c.obj(document.get("indicator"), "indicator",
                      ("code", "name", "description", "polarity", "unit", "frequency")) or {}
    data["indicator"] = {
        "code": c.text(indicator, "code", "indicator.code", LIMITS["code"], required=True),
        "name": c.text(indicator, "name", "indicator.name", LIMITS["name"], required=True),
        "description": c.text(indicator, "description", "indicator.description"),
        "polarity": c.choice(indicator, "polarity", "indicator.polarity", POLARITIES),
        "unit": c.choice(indicator, "unit", "indicator.unit", UNITS),
        "frequency": c.choice(indicator, "frequency", "indicator.frequency", FREQUENCIES),
    }
    details = c.obj(document.get("details"), "details", SCORE_KEYS + ("comments",)) or {}
    data["details"] = {"comments": c.text(details, "comments", "details.comments")}
    for key in SCORE_KEYS:
        pair = details.get(key)
        if pair is None:
            data["details"][key] = {"value": None, "as_at": None}
            continue
        pair = c.obj(pair, f"details.{key}", ("value", "as_at")) or {}
        data["details"][key] = {"value": c.number(pair, "value", f"details.{key}.value"),
                                "as_at": c.date(pair, "as_at", f"details.{key}.as_at", required=False)}

    data["factors"], factor_refs = [], {None: "factor"}
    for i, raw in enumerate(c.list(document, "factors", "factors")):
        path = f"factors[{i}]"
        raw = c.obj(raw, path, ("ref", "kind", "duration", "description"))
        if raw is None:
            continue
        kind = c.choice(raw, "kind", f"{path}.kind", KINDS)
        ref = raw.get("ref")
        if kind and not _well_formed(ref, KIND_PREFIX[kind]):
            c.error(f"{path}.ref", f"must be {KIND_PREFIX[kind]} followed by a number")
        elif ref in factor_refs:
            c.error(f"{path}.ref", f"{ref} used twice")
        elif kind:
            factor_refs[ref] = True
        data["factors"].append({
            "ref": ref, "kind": kind, "duration": c.choice(raw, "duration", f"{path}.duration", DURATIONS),
            "description": c.text(raw, "description", f"{path}.description", required=True)})

    data["solutions"], solution_refs = [], {None: "solution"}
    for i, raw in enumerate(c.list(document, "solutions", "solutions")):
        path = f"solutions[{i}]"
        raw = c.obj(raw, path, ("ref", "description", "target_date", "factors", "resourcing", "funding_amount",
                                "funding_note", "time_lag", "option_group", "strengths", "weaknesses", "status"))
        if raw is None:
            continue
        ref = raw.get("ref")
        if not _well_formed(ref, SOLUTION_PREFIX):
            c.error(f"{path}.ref", "must be S followed by a number")
        elif ref in solution_refs:
            c.error(f"{path}.ref", f"{ref} used twice")
        else:
            solution_refs[ref] = True
        data["solutions"].append({
            "ref": ref,
            "description": c.text(raw, "description", f"{path}.description", required=True),
            "target_date": c.date(raw, "target_date", f"{path}.target_date", required=False),
            "factors": c.refs(raw, "factors", f"{path}.factors", factor_refs),
            "resourcing": c.choice(raw, "resourcing", f"{path}.resourcing", RESOURCING),
            "funding_amount": c.number(raw, "funding_amount", f"{path}.funding_amount", non_negative=True,
                                       decimal=True),
            "funding_note": c.text(raw, "funding_note", f"{path}.funding_note"),
            "time_lag": c.text(raw, "time_lag", f"{path}.time_lag"),
            "option_group": c.text(raw, "option_group", f"{path}.option_group", LIMITS["option_group"]),
            "strengths": c.text(raw, "strengths", f"{path}.strengths"),
            "weaknesses": c.text(raw, "weaknesses", f"{path}.weaknesses"),
            "status": c.choice(raw, "status", f"{path}.status", SOLUTION_STATUSES)})

    data["management_comments"] = []
    for i, raw in enumerate(c.list(document, "management_comments", "management_comments")):
        path = f"management_comments[{i}]"
        raw = c.obj(raw, path, ("role", "author", "date", "text", "meeting", "approves", "declines"))
        if raw is None:
            continue
        role = c.choice(raw, "role", f"{path}.role", ROLES)
        meeting = None
        if raw.get("meeting") is not None:
            found = c.obj(raw["meeting"], f"{path}.meeting", ("body", "date", "reference"))
            if found is not None:
                meeting = {"body": c.text(found, "body", f"{path}.meeting.body", LIMITS["body"], required=True),
                           "date": c.date(found, "date", f"{path}.meeting.date"),
                           "reference": c.text(found, "reference", f"{path}.meeting.reference",
                                               LIMITS["reference"])}
        elif role and role != "head_of_service":
            c.error(f"{path}.meeting", f"required for a {role} comment")
        approves = c.refs(raw, "approves", f"{path}.approves", solution_refs) if "approves" in raw else []
        declines = c.refs(raw, "declines", f"{path}.declines", solution_refs) if "declines" in raw else []
        for j, ref in enumerate(raw.get("declines") or []):
            if ref in approves:
                c.error(f"{path}.declines[{j}]", f"{ref} is also approved")
        data["management_comments"].append({
            "role": role, "author": c.text(raw, "author", f"{path}.author", LIMITS["author"], required=True),
            "date": c.date(raw, "date", f"{path}.date"), "text": c.text(raw, "text", f"{path}.text", required=True),
            "meeting": meeting, "approves": approves, "declines": declines})

    data["progress"] = []
    for i, raw in enumerate(c.list(document, "progress", "progress")):
        path = f"progress[{i}]"
        raw = c.obj(raw, path, ("date", "comment", "score", "final"))
        if raw is None:
            continue
        data["progress"].append({
            "date": c.date(raw, "date", f"{path}.date"),
            "comment": c.text(raw, "comment", f"{path}.comment", required=True),
            "score": c.number(raw, "score", f"{path}.score"),
            "final": c.boolean(raw, "final", f"{path}.final")})

    exported = document.get("exported_at")
    if exported is not None:
        try:
            if not isinstance(exported, str) or not exported.endswith("Z"):
                raise ValueError
            datetime.fromisoformat(exported[:-1])
        except ValueError:
            c.error("exported_at", "not an ISO date and time in UTC")
    if c.errors:
        return None, c.errors
    return data, []
