"""The password rules (docs/users-and-permissions.md#password-rules), as the NCSC and OWASP ASVS advise: long
enough, not one of the passwords people use most or that breaches have published, not the person's own
e-mail address; and nothing else. No rules of composition (a capital, a digit, a symbol), no expiry: they
make passwords harder to remember and no harder to guess. Every place a password is set checks it here.

The list of common passwords is the one Django ships for its CommonPasswordValidator (django 5.2.19,
django/contrib/auth/common-passwords.txt.gz, BSD-3-Clause): 20,000 of the most common passwords from
breach corpora, compiled by Royce Williams, lower-cased. The file is vendored beside this module unchanged.
"""

import gzip
from functools import cache
from pathlib import Path

from webapp.domain.limits import MINIMUM_PASSWORD_LENGTH

# Long enough for any passphrase or password manager, short enough that hashing it costs nothing to notice.
MAXIMUM_PASSWORD_LENGTH = 1024

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")

TOO_SHORT = f"The password must be {MINIMUM_PASSWORD_LENGTH} characters or more"
TOO_LONG = f"The password must be {MAXIMUM_PASSWORD_LENGTH:,} characters or fewer"
TOO_COMMON = (
    "This password is one of the most commonly used, so it is easy to guess. "
    "Choose another: a few unrelated words make a password that is long and easy to type"
)
IS_EMAIL = "The password must not be your email address"

# Shown beside every box where a new password is typed.
HINT = (
    f"At least {MINIMUM_PASSWORD_LENGTH} characters, and not a commonly used password. "
    "A few unrelated words make a password that is long and easy to type."
)


@cache
def common_passwords() -> frozenset[str]:
    """The vendored list, read once per process."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def password_problem(password: str, email: str = "") -> str | None:
    """What is wrong with `password` as a new password, in words for the person; None when it may be used.
    Spaces and every character are allowed and count; nothing is trimmed or truncated."""
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        return TOO_SHORT
    if len(password) > MAXIMUM_PASSWORD_LENGTH:
        return TOO_LONG
    folded = password.strip().lower()
    if folded in common_passwords():
        return TOO_COMMON
    if email and folded in {email.strip().lower(), email.strip().lower().split("@", 1)[0]}:
        return IS_EMAIL
    return None
