"""Long lists a page at a time, with GOV.UK pagination links that keep the filters
(templates/macros/tags.html `pagination`)."""

from dataclasses import dataclass

from flask import request, url_for

PER_PAGE = 100
# No list has so many pages; a larger number in the address would not fit the database's integers.
LAST_PAGE_ASKABLE = 10**9


def page_asked():
    """The page number the address asks for (`?page=`): 1 when it names none or not a number, and never more
    than LAST_PAGE_ASKABLE. A page past the end of a list shows its last (`page_of`)."""
    return min(max(1, request.args.get("page", 1, type=int)), LAST_PAGE_ASKABLE)


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
