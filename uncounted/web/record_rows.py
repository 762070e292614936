"""The rows of the records table, as HTML made in Python with every value escaped.

The records list is the page caseworkers open most, and its fifty rows were most of its
rendering time: each ``{{ value }}`` in a Jinja loop costs an escape into a new ``Markup``
object and a trip through Jinja's attribute lookup, about 360 of each per page. Here each
row is one f-string with the standard library's C escaper (``html.escape``, quotes
included), about a tenth of that (docs/benchmarks/web.md). The table's head, caption and
empty state stay in ``records.html``; every value a user typed (names, sources, case names)
goes through :func:`html.escape` here, and the XSS browser test types payloads into all of
them and checks the records page shows them inert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from markupsafe import Markup

from uncounted.services.records import RecordView
from uncounted.web.labels import Labels


def record_rows(views: Iterable[RecordView], labels: Labels, heads: Sequence[str]) -> Markup:
    """The ``<tr>`` elements for *views*: the name where the user may see it, else its pseudonym.

    Each cell carries its column's head (*heads*, in the table's order) as ``data-label``: on
    a phone the table is a card per record (``table.cards`` in app.css)."""
    head = [f'<td data-label="{escape(text)}">' for text in heads]
    rows = []
    for view in views:
        name = (view.identity or {}).get("name")
        person = (
            escape(name) if name else f'<span class="pseudonym">{escape(view.pseudonym)}</span>'
        )
        rows.append(
            f'<tr>{head[0]}<a href="/records/{escape(view.record_id)}">{person}</a></td>'
            f"{head[1]}{escape(view.source)}</td>"
            f"{head[2]}{escape(labels.event_type(view.event_type))}</td>"
            f"{head[3]}{escape(view.event_month or '')}</td>"
            f"{head[4]}{escape(labels.place(view.district))}</td>"
            f"{head[5]}{escape(view.case)}</td></tr>"
        )
    return Markup("\n".join(rows))  # noqa: S704  # every value above is escaped
