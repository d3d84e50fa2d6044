"""The PI register downloaded as a spreadsheet (docs/rating.md#downloading-the-register): every PI the list's
filters select, not a page of them, read in a fixed number of queries (webapp/indicators/listing.py), and
built by webapp/exports/register_sheet.py. Any signed-in user, as for the list itself."""

import logging
from datetime import date

from flask import request
from flask_login import current_user
from wtforms import SelectChoice

from forms.indicators import RegisterFilterForm
from webapp.core.downloads import CSV, XLSX, attachment, safe_name
from webapp.core.permissions import signed_in
from webapp.exports.register_sheet import RegisterLine, register_csv, register_xlsx
from webapp.models import Service

from . import bp
from .listing import every_row, register_selection

log = logging.getLogger(__name__)


@bp.route("/register.csv")
@signed_in
def register_csv_file():
    lines = _lines()
    return attachment(register_csv(lines).encode("utf-8"), _file_name("csv"), CSV)


@bp.route("/register.xlsx")
@signed_in
def register_xlsx_file():
    lines = _lines()
    return attachment(register_xlsx(lines), _file_name("xlsx"), XLSX)


def _lines():
    """The PIs the list's filters (in the address, as on the list) select, as the download's lines."""
    filters = RegisterFilterForm(request.args)
    filters.service.choices = [
        SelectChoice(service.id, service.name) for service in Service.select(Service.id, Service.name)
    ]
    chosen = filters.chosen()
    lines = [_line(row) for row in every_row(register_selection(**chosen))]
    log.info("PI register downloaded by user %s: %s PIs", current_user.id, len(lines))
    return lines


def _line(row):
    position = row.position
    latest = position.latest
    return RegisterLine(
        code=row.code,
        name=row.name,
        service=row.service_name,
        level=row.level.label,
        frequency=row.frequency.label,
        unit=row.unit.label,
        polarity=row.polarity.label,
        active=bool(row.active),
        period_end=latest.period_end if latest else None,
        score=latest.value if latest else None,
        decimal_places=row.decimal_places,
        target=position.target,
        target_year=position.target_year_label,
        rag=position.rag.label,
        trend=position.trend.label if position.trend else "",
        trend_year=position.trend_year.label if position.trend_year else "",
    )


def _file_name(extension):
    return f"{safe_name('performance-indicators-' + date.today().isoformat(), 'register')}.{extension}"
