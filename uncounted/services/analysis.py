"""Analysis over a vault: link its records into people, then estimate the uncounted.

Linkage needs identities, so it runs only over the records whose case the signed-in user has
been granted (each read audited); the rest are counted and reported as left out, never
guessed at. The linked capture histories go to :mod:`uncounted.estimate`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from uncounted import vault as store
from uncounted.estimate import CaptureHistories, Estimate, estimate
from uncounted.intake import IDENTIFIER, IDENTIFYING_FIELDS, linked_identifiers
from uncounted.linkage import LinkConfig, LinkResult, capture_histories, link_records
from uncounted.messages import N_, Counted, Message
from uncounted.model import PERSON_COLUMNS, linked_place
from uncounted.services.permissions import may
from uncounted.vault import Action, RecordFilter, VaultSession

__all__ = [
    "VICTIM",
    "VaultAnalysis",
    "analyse_vault",
    "config_for",
    "linkable_records",
    "readable_frame",
]

LINKAGE_COLUMNS = PERSON_COLUMNS  # what linkage compares (uncounted.model)
Progress = Callable[[str], None]
#: The role whose records are counted and estimated (the vocabulary's code).
VICTIM = "victim"


@dataclass(frozen=True)
class VaultAnalysis:
    """The outcome of linking a vault's records and estimating the total."""

    linked_records: int
    left_out: int
    people: int
    histories: CaptureHistories
    estimate: Estimate
    linkage_summary: dict[str, Any]
    mentions: tuple[tuple[str, str, str], ...] = ()
    """Each record estimated from as (its person, its list, its id in the vault): what the
    run keeps its histories from (:mod:`uncounted.services.estimated_histories`)."""


def readable_frame(
    vault: VaultSession, filters: RecordFilter | None = None
) -> tuple[pd.DataFrame, int]:
    """The records this user may read in DESIGN.md's records format, and how many were not.

    Each row also carries ``vault_id``, the record's id in the vault (``record_id`` is the
    source's own id where it has one, as linkage and its reviewers name records).
    """
    vault.require(Action.RECORDS_LIST)
    rows: list[dict[str, str | None]] = []
    left_out = 0
    base = ("source", "record_id", "vault_id", *LINKAGE_COLUMNS, *IDENTIFYING_FIELDS)
    further: dict[str, None] = {}
    for view in store.list_records(vault, filters, reveal=may(vault, Action.IDENTITY_READ)):
        if view.identity is None:
            left_out += 1
            continue
        row: dict[str, str | None] = {
            "source": view.source,
            "record_id": view.source_record_id or view.record_id,
            "vault_id": view.record_id,
        }
        values: dict[str, str | None] = {**view.analytic, **view.identity}
        values.setdefault("event_type", view.event_type)
        row.update(
            {column: values.get(column) for column in (*LINKAGE_COLUMNS, *IDENTIFYING_FIELDS)}
        )
        # a place the gazetteer does not know is kept as written (sealed, place_text): linked
        # on as `uncounted link` links it, not dropped
        row["place"] = linked_place(values.get("place"), values.get("place_text")) or None
        # further identifiers the import kept (a passport number...), under their headers
        for key, value in view.identity.items():
            header = key.partition(f"{IDENTIFIER}:")[2]
            if key.startswith(f"{IDENTIFIER}:") and header not in base:
                row[header] = value
                further[header] = None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*base, *further])
    return frame, left_out


def config_for(frame: pd.DataFrame, **settings: Any) -> LinkConfig:
    """The linkage settings for *frame* (:func:`readable_frame`'s): its further identifiers
    and filled identifying fields compared, document numbers proposing pairs, as
    ``uncounted link`` does for the same lists (``uncounted.intake.linked_identifiers``)."""
    known = {"source", "record_id", "vault_id", *LINKAGE_COLUMNS, *IDENTIFYING_FIELDS}
    identifiers = [column for column in frame.columns if column not in known]
    values = {name: frame[name].fillna("").astype(str).tolist() for name in IDENTIFYING_FIELDS}
    compared, documents = linked_identifiers(values, identifiers)
    return LinkConfig(extra_columns=compared, block_on=documents, **settings)


def linkable_records(
    vault: VaultSession, event_type: str | None = None
) -> tuple[pd.DataFrame, int]:
    """The victims' records this user may read (of *event_type*, or of any), and how many not.

    Only records naming a victim are linked for estimation: a relative, a witness or a
    perpetrator is not one of the people the estimate counts (docs/counting.md).
    """
    filters = RecordFilter(event_type=event_type, analytic=(("role", VICTIM),))
    return readable_frame(vault, filters)


def analyse_vault(
    vault: VaultSession,
    *,
    method: str = "lcmcr",
    link_config: LinkConfig | None = None,
    progress: Progress | None = None,
    **estimate_options: Any,
) -> VaultAnalysis:
    """Link the readable records into people and estimate how many nobody documented."""
    vault.require(Action.ESTIMATE_RUN)
    say = progress or (lambda _message: None)
    say(N_("reading the records you may see"))
    frame, left_out = linkable_records(vault)
    say(
        Message(
            N_("linking {records} {sources}"),
            records=Counted(N_("%(num)d record"), N_("%(num)d records"), len(frame)),
            sources=Counted(
                N_("from %(num)d source"), N_("from %(num)d sources"), frame["source"].nunique()
            ),
        )
    )
    linked: LinkResult = link_records(frame, link_config or config_for(frame))
    histories = capture_histories(linked.records)
    say(
        Message(
            N_("estimating with {method} {lists}"),
            method=method,
            lists=Counted(N_("over %(num)d list"), N_("over %(num)d lists"), histories.n_lists),
        )
    )
    result = estimate(histories, method=method, **estimate_options)
    return VaultAnalysis(
        linked_records=len(frame),
        left_out=left_out,
        people=linked.clusters,
        histories=histories,
        estimate=result,
        linkage_summary=linked.summary,
        mentions=tuple(
            zip(
                linked.records["cluster_id"].astype(str),
                linked.records["source"].astype(str),
                linked.records["vault_id"].astype(str),
                strict=True,
            )
        ),
    )
