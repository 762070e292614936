"""``uncounted link``: link records of the same person across lists, scripts and spellings.

Parses options, reads and validates the input with the importer's reader
(:func:`uncounted.intake.read_records_file`: the same rules and messages as ``uncounted
import``; nothing is written when the file is bad), calls
:func:`uncounted.linkage.link_records` and writes the clusters, the review file and the
capture histories; ``--json`` prints exactly one summary document on stdout.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from uncounted.cli._language import part, warning_line
from uncounted.cli._output import print_json
from uncounted.messages import N_, Counted

HELP = """Link records of the same person across lists, scripts and spellings.

RECORDS is a CSV (or XLSX, JSON) with `source` and `record_id` and any of
`name`, `name_original`, `birth_date` (YYYY, YYYY-MM, YYYY-MM-DD or
DD.MM.YYYY), `age` (at the event), `sex`, `place`, `event_date`,
`event_type`; it is read and checked as `uncounted import` reads a list
(other column names through --mapping). Columns holding further
identifiers are compared too without being named: document numbers
(`passport`, `soc_sec_id`, `инн`, `номер паспорта`...) also propose
pairs, address parts (`street`, `suburb`, `postcode`, `город`...) and
`address`, `contact` are compared only (the headers are listed in
docs/import.md). Any other column that uncounted does not know is
refused: map it to `identifier` or `ignore` in a --mapping file.
Names may be in Cyrillic or any
romanisation (BGN/PCGN, ICAO passports, GOST/ISO 9, French- or
German-style), in either order, upper case, with initials.

The output is the input rows as read (dates as YYYY-MM-DD, sex and event
type as codes) plus `cluster_id` (one per person) and `match_probability`
(of the link that joined the record to its cluster).
Two records of the same source never share a cluster, nor do records of
conflicting sex.

Review the uncertain pairs with --review-out PAIRS.csv: fill its
`decision` column with match or non-match and pass it back with
--decisions; decisions are always respected.

  uncounted link records.csv -o clusters.csv --review-out pairs.csv
  uncounted link records.csv -o clusters.csv --decisions pairs.csv \\
      --histories-out histories.csv
  uncounted estimate histories.csv --method dga
"""


class BackendChoice(StrEnum):
    """Where the model runs: DuckDB in this process, or Spark in local mode."""

    duckdb = "duckdb"
    spark = "spark"


def link(
    records: Annotated[Path, typer.Argument(help="Records CSV (see above).")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="Where to write the clusters CSV.")
    ],
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="A TOML file mapping columns to fields.")
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="The file's encoding (default: detect).")
    ] = None,
    backend: Annotated[
        BackendChoice, typer.Option(help="duckdb (default) or spark (needs pyspark and Java).")
    ] = BackendChoice.duckdb,
    review_out: Annotated[
        Path | None, typer.Option(help="Write the uncertain pairs, side by side, to this CSV.")
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option(
            help="Reviewed pairs (source_l, record_id_l, source_r, record_id_r, decision)."
        ),
    ] = None,
    threshold: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Link pairs at least this probable.")
    ] = 0.5,
    compare: Annotated[
        list[str] | None,
        typer.Option(help="Also compare this extra column (repeatable), e.g. a document number."),
    ] = None,
    block_on: Annotated[
        list[str] | None,
        typer.Option(help="Also propose pairs agreeing exactly on this extra column (repeatable)."),
    ] = None,
    histories_out: Annotated[
        Path | None, typer.Option(help="Write capture histories of the clusters for `estimate`.")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON summary on stdout.")
    ] = False,
) -> None:
    """Link records of the same person across lists, scripts and spellings."""
    # Splink, DuckDB and pandas take seconds to import: only this command pays for them.
    import time

    import pandas as pd

    from uncounted.intake import linked_identifiers, read_records_file
    from uncounted.linkage import (
        LinkConfig,
        capture_table,
        link_records,
        read_decisions,
        review_pairs,
        write_review,
    )

    err = Console(stderr=True)
    named = tuple(dict.fromkeys((*(compare or ()), *(block_on or ()))))
    started = time.perf_counter()
    table = read_records_file(records, extra_columns=named, mapping=mapping, encoding=encoding)
    read_seconds = round(time.perf_counter() - started, 3)
    for warning in table.warnings:
        _warn(err, warning)
    frame = pd.DataFrame(table.values, columns=list(table.columns))
    reviewed = read_decisions(decisions) if decisions else None
    # the columns named, then the further identifiers the reader kept and the identifying
    # fields the file fills, each once (the register compares the same)
    compared, documents = linked_identifiers(table.values, table.identifiers)
    config = LinkConfig(
        threshold=threshold,
        backend=backend.value,
        extra_columns=tuple(dict.fromkeys((*named, *compared))),
        block_on=tuple(dict.fromkeys((*(block_on or ()), *documents))),
    )
    if not as_json:
        linking = N_("linking {records} {sources}…")
        records_ = Counted(N_("%(num)d record"), N_("%(num)d records"), len(frame))
        sources = Counted(
            N_("from %(num)d source"), N_("from %(num)d sources"), frame["source"].nunique()
        )
        err.print(part(linking, records=records_, sources=sources), markup=False, highlight=False)
    with err.status(part(N_("training and scoring the model")), spinner="dots"):
        result = link_records(frame, config, reviewed)
    output.parent.mkdir(parents=True, exist_ok=True)
    result.records.to_csv(output, index=False)
    if review_out is not None:
        # Pairs already decided are not offered again; the file starts with a byte-order
        # mark so that spreadsheet programs show Cyrillic.
        offered = review_pairs(
            result.records,
            result.pairs,
            config.review_band,
            reviewed,
            near_misses=result.near_misses,
            given_names=result.given_names,
            lists_with_duplicates=result.lists_with_duplicates,
        )
        write_review(offered, review_out)
    if histories_out is not None:
        capture_table(result.records).to_csv(histories_out, index=False)
    for warning in result.summary["warnings"]:
        _warn(err, warning)
    if as_json:
        # "seconds" is the linking; reading and checking the file is timed apart
        print_json({**result.summary, "read_seconds": read_seconds})
    else:
        summary = result.summary
        done = N_("{records} {people}; {pairs} in {seconds} s; clusters written to {output}")
        linked = Counted(
            N_("%(num)d record linked into"), N_("%(num)d records linked into"), summary["records"]
        )
        err.print(
            part(
                done,
                records=linked,
                people=Counted(N_("%(num)d person"), N_("%(num)d people"), summary["clusters"]),
                pairs=Counted(
                    N_("%(num)d pair compared"),
                    N_("%(num)d pairs compared"),
                    summary["pairs_compared"],
                ),
                seconds=summary["seconds"],
                output=str(output),
            ),
            markup=False,
            highlight=False,
        )


def _warn(err: Console, warning: str) -> None:
    """A warning of the reader or of the linkage, in the terminal's language when it is a
    message (data, a column's name, stays as it is)."""
    err.print(warning_line(warning), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``link`` command to *app*."""
    app.command(name="link", help=HELP)(link)
