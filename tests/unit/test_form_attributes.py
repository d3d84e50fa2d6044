"""Form fields' attributes (forms/core/attributes.py) are written exactly as WTForms writes them."""

import pytest
from markupsafe import Markup
from wtforms import Form, RadioField, SelectChoice, SelectField, StringField, TextAreaField

from forms.core.attributes import WTFORMS_HTML_PARAMS, html_attributes, use_in_wtforms

VALUES = [
    {},
    {"name": "description", "id": "factor-description", "class_": "govuk-input", "value": "Winter weather"},
    {"value": 'He said "no" & <left>', "title": "it's"},
    {"value": Markup('<b class="x">safe</b>'), "data_hx_post": "/pips/1/factors", "aria_describedby": "hint"},
    {"checked": True, "disabled": False, "required": True, "for_": "x"},
    {"maxlength": 200, "rows": 5, "step": 0.5, "min": None, "value": ""},
    {"value": "£18,000 – 5 days ✓", "Odd key": "a", "x<y": "b"},
]


@pytest.mark.parametrize("attributes", VALUES)
def test_each_kind_of_value_is_written_as_wtforms_writes_it(attributes):
    ours = html_attributes(**attributes)
    assert isinstance(ours, Markup)
    assert ours == WTFORMS_HTML_PARAMS(**attributes)


class _EveryWidget(Form):
    text = StringField(render_kw={"data_module": "x"})
    notes = TextAreaField()
    choice = SelectField(choices=[SelectChoice("a", 'A "quoted" <one>'), SelectChoice("b", "B")])
    kind = RadioField(choices=[SelectChoice("internal", "Internal"), SelectChoice("external", "External & other")])


def test_every_widget_draws_the_same_fields_with_them(monkeypatch):
    from wtforms.widgets import core

    form = _EveryWidget(data={"text": 'a "b" <c>', "notes": "n", "choice": "a", "kind": "external"})
    monkeypatch.setattr(core, "html_params", WTFORMS_HTML_PARAMS)
    monkeypatch.setattr(core.Input, "html_params", staticmethod(WTFORMS_HTML_PARAMS))
    monkeypatch.setattr(core.Button, "html_params", staticmethod(WTFORMS_HTML_PARAMS))
    theirs = [str(field()) for field in form]
    use_in_wtforms()
    assert core.html_params is html_attributes
    assert [str(field()) for field in form] == theirs
