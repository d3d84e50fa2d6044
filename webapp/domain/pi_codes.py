"""A PI's code (docs/rating.md#indicators): the one rule the PI form and the plan imports (pip/v1 and Word,
docs/pip-v1.md#import) check a code by.

A code is kept in capitals, so "wr01" and "WR01" are one code, and is at most 20 characters of letters,
digits, spaces, ".", "/", "_" and "-", starting with a letter or digit: no markup, and nothing that reads
as another code.
"""

import re

MAX_CODE_LENGTH = 20
CODE_RULE = (
    "must start with a letter or number and use only letters, numbers, "
    "spaces, full stops, slashes, hyphens and underscores"
)
_CODE = re.compile(r"[A-Z0-9][A-Z0-9 ./_-]*")


def pi_code(typed: str) -> str:
    """The code as the register keeps it: without spaces around it, in capitals."""
    return typed.strip().upper()


def code_problem(code: str) -> str | None:
    """What is wrong with a code as the register keeps it (`pi_code`'s), in words that follow "Code" or the
    code's place in a file; None when it is a code."""
    if not _CODE.fullmatch(code):
        return CODE_RULE
    if len(code) > MAX_CODE_LENGTH:  # a capital can be longer than its letter: "ß" is "SS"
        return f"must be {MAX_CODE_LENGTH} characters or fewer"
    return None
