"""An uploaded score or target file kept on the server between its preview and its confirm
(docs/score-imports.md#confirming).

The bytes stay in a folder of their own (UPLOADS_FOLDER, by default instance/uploads), under a random
name; the confirm form carries only a token, signed with the app's secret, naming that file, its SHA-256,
its kind, the user who uploaded it and the preview's fingerprint. The confirm trusts nothing else the
browser sends: it reads the same bytes again and checks them again. Files are removed once applied, and
any left over after an hour when the next file is staged.
"""

import hashlib
import os
import secrets
import time
from pathlib import Path

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

KEPT_FOR = 3600  # seconds between a preview and its confirm
_SALT = "score-import"


class StagedFileGone(Exception):
    """The token is not one this app signed for this user, or its file has expired."""


def _folder():
    folder = Path(current_app.config.get("UPLOADS_FOLDER") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _serializer():
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def stage(data, kind, filename, user_id, preview_fingerprint, name=None):
    """Keeps `data` and returns the signed token that names it (reusing `name` when it is staged again)."""
    folder = _folder()
    if name is not None:
        os.utime(folder / f"{name}.upload")  # kept another hour, as long as its new token lasts
    _remove_old(folder)
    if name is None:
        name = secrets.token_hex(16)
        path = folder / f"{name}.upload"
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
    token = {
        "file": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "kind": kind.value,
        "filename": filename,
        "user": user_id,
        "preview": preview_fingerprint,
    }
    return _serializer().dumps(token)


def unstage(token, kind, user_id):
    """(the staged bytes, what the token says) for a token signed for this user and kind."""
    try:
        said = _serializer().loads(token or "", max_age=KEPT_FOR)
    except BadSignature:
        raise StagedFileGone() from None
    if not isinstance(said, dict) or said.get("user") != user_id or said.get("kind") != kind.value:
        raise StagedFileGone()
    name = str(said.get("file", ""))
    if not name.isalnum():
        raise StagedFileGone()
    try:
        data = (_folder() / f"{name}.upload").read_bytes()
    except OSError:
        raise StagedFileGone() from None
    if hashlib.sha256(data).hexdigest() != said.get("sha256"):
        raise StagedFileGone()  # the bytes are not the ones previewed
    return data, said


def discard(said):
    name = str(said.get("file", ""))
    if name.isalnum():
        (_folder() / f"{name}.upload").unlink(missing_ok=True)


def _remove_old(folder):
    oldest = time.time() - KEPT_FOR
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink(missing_ok=True)
        except OSError:
            pass
