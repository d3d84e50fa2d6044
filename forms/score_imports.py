"""Forms of the score and target imports (docs/score-imports.md): the upload, and the confirm, which carries
only the signed token naming the file kept on the server (webapp/indicators/staged_uploads.py)."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField


class SpreadsheetUploadForm(FlaskForm):
    document = FileField("Spreadsheet (.xlsx or .csv)")

    def chosen_file(self):
        """The uploaded file, or None when none was chosen."""
        upload = self.document.data
        return upload if upload is not None and getattr(upload, "filename", "") else None


class ImportConfirmForm(FlaskForm):
    token = HiddenField()
