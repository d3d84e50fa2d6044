"""Sign-in throttling that holds across every worker and server: attempts are rows in the database.

Why it is shaped this way (docs/quality.md: per account and per source, never so that one person can lock
everyone out). Three limits, each over a sliding window (15 minutes by default):

- **One account from one address** (5 wrong passwords). This stops guessing one person's password. It
  closes that account to that address only: the owner at their own desk is not locked out by someone
  else's wrong passwords, and nobody else's account is touched.
- **One account from every address** (20 wrong passwords). Someone guessing from many machines would get 5
  tries per machine; past this limit every address gets one try at that account instead of five. The owner
  at a desk that has not failed still signs in with the right password, so an attacker cannot lock them out.
- **One address, any account** (50 wrong passwords). This stops trying a few common passwords against
  many accounts. It is generous because an office may share an address; with the reverse proxy not
  declared in TRUSTED_PROXIES every user shares the proxy's address, so set it (README).

An e-mail that has no account is counted exactly as one that has, so the answers never tell whether an
account exists. A refused attempt is refused before the password is checked (a right password does not
get through a limit, or guessing would go on) and is not counted, so waiting always ends it. A right
password clears that address's failures for that account. The e-mail is kept only as a keyed hash: a
password typed into the e-mail box is never stored.

Each attempt is written *before* its password is checked and counted with everyone else's, so requests
racing through several workers at once see each other and cannot slip past a limit together. Rows older
than the window are deleted at each attempt.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from peewee import Case, fn

from webapp.models import SignInAttempt, utcnow


@dataclass(frozen=True)
class Limits:
    window: timedelta
    per_account: int  # wrong passwords for one account from one address
    per_account_everywhere: int  # wrong passwords for one account from every address
    per_address: int  # wrong passwords from one address, whatever the account

    @classmethod
    def from_config(cls, config):
        return cls(
            config["SIGN_IN_WINDOW"],
            config["SIGN_IN_FAILURES_PER_ACCOUNT"],
            config["SIGN_IN_FAILURES_PER_ACCOUNT_EVERYWHERE"],
            config["SIGN_IN_FAILURES_PER_ADDRESS"],
        )


class TooManyAttempts(Exception):
    def __init__(self, wait):
        super().__init__(wait)
        self.wait = wait  # a timedelta: how long until an attempt would be taken again


def account_key(email, secret_key):
    """The account an e-mail names, as a keyed hash: the same for every worker sharing SECRET_KEY."""
    return hmac.new(secret_key.encode(), email.encode(), hashlib.sha256).hexdigest()


def begin(account, source, limits):
    """Record an attempt on `account` from `source`, or raise TooManyAttempts. Returns the attempt."""
    now = utcnow()
    since = now - limits.window
    SignInAttempt.delete().where(SignInAttempt.attempted_at <= since).execute()
    attempt = SignInAttempt.create(account=account, source=(source or "unknown")[:64], attempted_at=now)
    ends = _refused_until(attempt, since, limits)
    if ends is not None:
        attempt.delete_instance()
        raise TooManyAttempts(max(ends - now, timedelta(0)))
    return attempt


def succeeded(attempt):
    """The password was right: forget this address's failures for this account."""
    SignInAttempt.delete().where(
        (SignInAttempt.account == attempt.account) & (SignInAttempt.source == attempt.source)
    ).execute()


def _refused_until(attempt, since, limits):
    """None when the attempt may go ahead, else when the last limit it breaks will have lapsed."""
    pair = (SignInAttempt.account == attempt.account) & (SignInAttempt.source == attempt.source)
    account = SignInAttempt.account == attempt.account
    address = SignInAttempt.source == attempt.source
    others = (SignInAttempt.attempted_at > since) & (SignInAttempt.id != attempt.id)
    on_pair, on_account, on_address = (
        SignInAttempt.select(
            *(fn.COALESCE(fn.SUM(Case(None, [(match, 1)], 0)), 0) for match in (pair, account, address))
        )
        .where(others & (account | address))
        .tuples()
        .get()
    )

    def lapses(match, allowed):
        """When no more than `allowed` of the matching attempts will be left in the window."""
        oldest_kept = (
            SignInAttempt.select(SignInAttempt.attempted_at)
            .where(others & match)
            .order_by(SignInAttempt.attempted_at.desc())
            .offset(allowed)
            .limit(1)
            .scalar()
        )
        return oldest_kept + limits.window

    ends = []
    if on_pair >= limits.per_account:
        ends.append(lapses(pair, limits.per_account - 1))
    if on_address >= limits.per_address:
        ends.append(lapses(address, limits.per_address - 1))
    if on_account >= limits.per_account_everywhere and on_pair > 0:
        # Under attack from many addresses: one try per address, until either this address's failures
        # or enough of the account's lapse.
        ends.append(min(lapses(pair, 0), lapses(account, limits.per_account_everywhere - 1)))
    return max(ends) if ends else None
