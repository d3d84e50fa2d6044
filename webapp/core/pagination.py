"""Long lists a page at a time, with GOV.UK pagination links that keep the filters
(templates/macros/tags.html `pagination`)."""

from dataclasses import dataclass

from flask import request, url_for

PER_PAGE = 100


@dataclass
class Page:
    items: list
    number: int
    pages: int
    total: int
    first: int  # position of the first item shown, from 1

    def url(self, number):
        args = {**request.args.to_dict(), "page": number}
        return url_for(request.endpoint, **request.view_args, **args)

    @property
    def numbers(self):
        """Page numbers to offer: the first, the last and those around the current one (None for a gap)."""
        shown = sorted({1, self.pages, *range(max(1, self.number - 1), min(self.pages, self.number + 1) + 1)})
        result, previous = [], 0
        for number in shown:
            if number - previous > 1:
                result.append(None)
            result.append(number)
            previous = number
        return result


def page_of(total, number, rows, per_page=PER_PAGE):
    """The `number`th page of `total` rows (a page beyond the end shows the last one), whose rows
    `rows(start, size)` fetches: the database counts and pages, so a page costs the same however many
    rows there are (docs/quality.md)."""
    pages = max(1, -(-total // per_page))
    number = min(max(1, number or 1), pages)
    start = (number - 1) * per_page
    return Page(rows(start, per_page), number, pages, total, start + 1)
