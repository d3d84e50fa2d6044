"""Forms of the Word plan import (docs/word-import.md#the-upload-page): the upload, and the confirm, which
carries only the signed token naming the file kept on the server (webapp/indicators/staged_uploads.py) and
what the officer decides that the document does not say. No database access: the view sets the services."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, SelectChoice

from forms.indicators import RadioField, SelectField
from webapp.domain.periods import Frequency
from webapp.domain.rating import Polarity
from webapp.domain.units import Unit

# The words interchange.UPLOAD_PAGE quotes in the error for each missing thing, as on the JSON upload page.
CREATE = "Create what the register is missing"
CREATE_HINT = (
    "The plan's PI, its service (in a directorate named Unassigned) and the bodies whose meetings it cites, "
    "when the register has none of that code or name."
)


def _choices(enum):
    return [SelectChoice(member.value, member.label) for member in enum]


class WordUploadForm(FlaskForm):
    document = FileField("Word document (.docx)")
    create_indicators = BooleanField(CREATE, description=CREATE_HINT)

    def chosen_file(self):
        """The uploaded file, or None when none was chosen."""
        upload = self.document.data
        return upload if upload is not None and getattr(upload, "filename", "") else None


class WordConfirmForm(FlaskForm):
    token = HiddenField()
    create_indicators = BooleanField(CREATE, description=CREATE_HINT)
    service = SelectField("Service", description="The document names none, and its PI is not in the register")
    polarity = RadioField("Polarity", choices=_choices(Polarity))
    unit = RadioField("Unit", choices=_choices(Unit))
    frequency = RadioField("Frequency", choices=_choices(Frequency))
