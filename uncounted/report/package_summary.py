"""The summary page of an evidence package for a journalist: what each file shows.

Pure: plain rows in, one self-contained HTML page out (no script, no font, no link), in the
reader's language (strings from *gettext*, vocabulary labels in en or ru). It says what the
organisation wrote of each file (its kind, its description), when and where the event it
documents happened as far as the records say (month, district), and the file's SHA-256, so a
reader can match the page to the files beside it; ``uncounted verify`` checks the hashes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

Gettext = Callable[[str], str]

_PAGE = """\
<!DOCTYPE html>
<html lang="{{ language }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ _("Evidence package") }}</title>
<style>
body { font-family: "DejaVu Sans", sans-serif; max-width: 46em; margin: 1em auto; padding: 0 1em;
  color: #000; line-height: 1.4; }
.file { border-top: 1px solid #000; padding: .5em 0; }
code { word-break: break-all; }
</style></head><body>
<h1>{{ _("Evidence package") }}</h1>
<p>{{ _("Handed to") }}: <strong>{{ recipient }}</strong> · {{ _("Made on") }} {{ made_on }}
· {{ files|length }} {{ _("files") }}</p>
<p>{{ _("Each file below is in this package, unchanged: uncounted verify checks it offline.") }}
</p>
{% for f in files %}<div class="file" id="file-{{ f.item_id }}">
<h2>{{ f.kind_label or _("File") }}</h2>
<p>{{ f.description or _("No description was written for this file.") }}</p>
<ul>
<li>{{ _("File") }}: <code>{{ f.name }}</code> ({{ f.size }} {{ _("bytes") }})</li>
<li>{{ _("Event documented") }}: {{ f.event_label or "—" }}
{%- if f.month %}, {{ f.month }}{% endif %}
{%- if f.place_label %}, {{ f.place_label }}{% endif %}</li>
<li>{{ _("Added to the archive") }}: {{ f.added_on }}</li>
<li>SHA-256: <code>{{ f.sha256 }}</code></li>
</ul></div>
{% endfor %}
</body></html>
"""


@dataclass(frozen=True)
class PackagedFile:
    """One file of the package as the summary shows it (labels already in the language)."""

    item_id: str
    name: str
    size: int
    sha256: str
    kind_label: str
    description: str
    event_label: str
    month: str
    place_label: str
    added_on: str


def summary_html(
    files: Sequence[PackagedFile], recipient: str, made_on: str, gettext: Gettext, language: str
) -> str:
    """The package's summary page in *language*."""
    from jinja2 import Environment

    template = Environment(autoescape=True).from_string(_PAGE)
    return template.render(
        _=gettext, language=language, files=files, recipient=recipient, made_on=made_on
    )
