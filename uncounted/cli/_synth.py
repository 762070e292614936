"""``uncounted synth``: write a synthetic world (records, ground truth, capture histories)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from uncounted.cli._language import labels, part
from uncounted.cli._output import print_json
from uncounted.messages import N_
from uncounted.synth import WorldConfig, default_sources

_SOURCES = default_sources()

HELP = f"""Generate a synthetic world of victims and the lists that partly record them.

Writes three CSV files into OUTDIR:

- records.csv: what each source recorded, in the records format that
  `uncounted link` reads: Cyrillic, English press, passport, French, German
  and ISO 9 spellings, with typos, gaps and ages instead of birth dates.

- truth.csv: which synthetic person each record is about (to score a linkage).

- histories.csv: the true capture histories (one 0/1 column per source and a
  count), the input of `uncounted estimate`. The true number of people is
  printed, so you can check an estimate against it.

Everyone in it is synthetic. The same --seed always gives the same world.
Sources, in the order --sources takes them: {", ".join(s.name for s in _SOURCES)}.

Examples:

  uncounted synth world/ --people 5000 --seed 7

  uncounted synth hard/ --noise 2 --json    (twice the typos and gaps)
"""


def synth(
    outdir: Annotated[Path, typer.Argument(help="Directory to write the three CSV files into.")],
    people: Annotated[
        int, typer.Option(min=1, help="True number of people in the world (N).")
    ] = 3000,
    sources: Annotated[
        int,
        typer.Option(
            min=1, max=len(_SOURCES), help="How many of the default sources to use (first K)."
        ),
    ] = len(_SOURCES),
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 0,
    noise: Annotated[
        float,
        typer.Option(
            min=0.0,
            help="Multiply every source's error rates (typos, missing fields...): "
            "0 for clean lists, 2 for a harder world.",
        ),
    ] = 1.0,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON summary on stdout and nothing else.")
    ] = False,
) -> None:
    """Generate a synthetic world and write records.csv, truth.csv and histories.csv."""
    from uncounted.synth import generate_world  # loads pandas: only when generating

    chosen = default_sources(noise_scale=noise)[:sources]
    config = WorldConfig(people=people, sources=chosen, seed=seed)
    errors = Console(stderr=True)
    with errors.status(part(N_("generating the synthetic world…"))):
        world = generate_world(config)
        written = world.write(outdir)
    per_source = world.records["source"].value_counts().reindex(world.source_names).fillna(0)
    summary = {
        "people": world.population_size,
        "observed": int(world.capture_histories()["count"].sum()),
        "records": len(world.records),
        "records_per_source": {name: int(n) for name, n in per_source.items()},
        "seed": seed,
        "noise": noise,
        "files": {
            "records": str(written.records),
            "truth": str(written.truth),
            "histories": str(written.histories),
        },
    }
    if as_json:
        print_json(summary)
        return
    _render(summary)


def _render(summary: dict[str, object]) -> None:
    table = Table(title=part(N_("records per source")))
    source, records = labels(N_("Source"), N_("Records"))
    table.add_column(source)
    table.add_column(records, justify="right")
    per_source = summary["records_per_source"]
    assert isinstance(per_source, dict)
    for name, count in per_source.items():
        table.add_row(str(name), str(count))
    console = Console()
    console.print(table)
    figures = N_(
        "people (true N): {people}   documented on at least one list: {observed}   records: "
        "{records}"
    )
    console.print(part(figures, **{k: summary[k] for k in ("people", "observed", "records")}))
    files = summary["files"]
    assert isinstance(files, dict)
    written = ", ".join(str(path) for path in files.values())
    console.print(part(N_("wrote {files}"), files=written), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``synth`` command to *app*."""
    app.command("synth", help=HELP)(synth)
