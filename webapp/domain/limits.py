"""How many rows a plan may hold in each section, and how large an imported file may be
(docs/plans.md#validation-limits).

Real plans are small: a PI under-performs for a handful of reasons, a plan proposes a few solutions and
is reviewed monthly or quarterly for a few years. The limits below are ten times anything seen in a real
plan, so no council meets them, yet they cap what one plan can make a page, a Word export or the
committee papers do: 16,000 imported factors made the Word export run past a worker's 60 s timeout.
The web forms and the JSON importer refuse a row past its limit; nothing here imports Flask or peewee.
"""

from datetime import date

# Every date on every path (forms, JSON import, the command line): a council's records start after
# 1900 and its plans end before 2100. A date outside once broke the plan list (9999-12-31 has no
# month after it) and made Section 1 refuse to save (0001-01-01).
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_TEXT = f"between {EARLIEST_DATE.year} and {LATEST_DATE.year}"


def date_in_range(day: date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


# Factors in Sections 2 and 3 together (external and internal, temporary and long term).
MAX_FACTORS = 200
# Proposed solutions in Section 4, alternatives included.
MAX_SOLUTIONS = 100
# Management comments in Section 5: a monthly CMT, OMT and Members cycle for a decade is about 400.
MAX_COMMENTS = 500
# Progress entries in Section 6: monthly for forty years.
MAX_PROGRESS = 500
# Factors one solution addresses: at most every factor of its plan.
MAX_FACTORS_PER_SOLUTION = MAX_FACTORS
# Solutions one CMT comment approves or declines: at most every solution of its plan.
MAX_DECISIONS_PER_COMMENT = MAX_SOLUTIONS

# Free text in a plan, as its forms limit it: a description, comment or the like; and a shorter note
# (a solution's funding route and time lag). The JSON importer refuses what the forms would refuse.
LONG_TEXT = 10_000
SHORT_TEXT = 2_000
# Digits in a factor or solution reference's number (E1, S12): a reference is never reused, so the
# number only grows, but no plan reaches a million; and the reference must fit its 10-character column.
MAX_REF_DIGITS = 6

# A pip/v1 file: 2 MB, the server's own limit on a request (MAX_CONTENT_LENGTH). A real plan's file is
# 5-50 KB. A plan at every row limit above with every text at its full length would not fit; no real one
# comes near.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# pip/v1 nests four levels deep (plan -> management_comments -> comment -> meeting); a little room
# for a file written by another system, and far below what makes Python's parser recurse too deep.
MAX_JSON_DEPTH = 10
# Digits in any number in an imported file: no value a council records needs more than 1e12 and a
# few decimals, and Python refuses to read integers of 4,300 digits or more.
MAX_NUMBER_DIGITS = 40


def over_limit(count: int, limit: int, what: str) -> str | None:
    """A message when `count` rows exceed `limit`, else None: "A plan can have at most 200 factors"."""
    if count > limit:
        return f"A plan can have at most {limit:,} {what}"
    return None


# The shortest password a person may choose (an administrator, a reset or the command line).
MINIMUM_PASSWORD_LENGTH = 12
