"""Analysis as people do it in the web app: review uncertain links, then estimate and keep it.

:mod:`uncounted.services.analysis` links and estimates in one go. Here the steps are apart so
that a reviewer can look at the pairs linkage was unsure about, both records side by side
(identities only from cases the reviewer holds), and record a verdict that every later run
respects; an estimate run then links with those verdicts, estimates, and stores its figures
and posterior plot in the vault (no identities) for the dashboard and the analysis page.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.estimate import CaptureHistories, Estimate, Severity, estimate
from uncounted.estimate.plot import posterior_svg
from uncounted.linkage import (
    Decision,
    Decisions,
    LinkConfig,
    LinkResult,
    capture_histories,
    link_records,
    relink,
    review_pairs,
)
from uncounted.messages import N_, Counted, Message, printable, to_data
from uncounted.services.analysis import (
    LINKAGE_COLUMNS,
    VaultAnalysis,
    config_for,
    linkable_records,
)
from uncounted.services.estimated_histories import kept_histories, people_of
from uncounted.services.permissions import may
from uncounted.services.register import Linked, link_people_scored
from uncounted.vault import (
    Action,
    Headline,
    LinkDecision,
    RecordKey,
    StoredResult,
    VaultSession,
    now,
)

__all__ = [
    "ESTIMATE_METHODS",
    "SENSITIVITY_THRESHOLDS",
    "EstimateList",
    "Headline",
    "LinkageReview",
    "NextEstimate",
    "NothingToAnalyse",
    "RecordKey",
    "ReviewPair",
    "StoredResult",
    "decide_pair",
    "estimate_from_register",
    "estimate_lists",
    "estimate_runs",
    "headline_estimate",
    "latest_estimate",
    "next_estimate",
    "publish_estimate",
    "records_since",
    "review_linkage",
    "save_analysis",
]

#: The methods offered to people running an estimate from the web app.
ESTIMATE_METHODS = ("lcmcr", "dga", "loglinear")
#: LCMCR settings for an interactive run: a few seconds on a small vault, reproducible.
_INTERACTIVE: dict[str, dict[str, Any]] = {
    "lcmcr": {"seed": 0, "chains": 2},
    "loglinear": {"seed": 0},
    "dga": {},
}


class NothingToAnalyse(InputError):
    """Raised when the user may read too few records (or sources) to link and estimate."""


class UnknownMethod(InputError):
    """Raised when an estimate is asked with a method the web app does not offer."""


@dataclass(frozen=True)
class ReviewPair:
    """Two records linkage was unsure about, their fields side by side."""

    left: RecordKey
    right: RecordKey
    probability: float
    fields: tuple[tuple[str, str, str], ...]
    """(field, left value, right value) for each field either record has."""
    found_by: str = "blocking"
    """Why the pair is asked about, as :func:`~uncounted.linkage.review_pairs` says it:
    ``blocking`` (scored in the uncertain band), ``near-miss search`` (alike, but no blocking
    key proposed it) or ``cluster`` (one person through other records, however unlike: the
    page showed such pairs at "match probability 0.00" with no word why, walkday8)."""


@dataclass(frozen=True)
class LinkageReview:
    """One linkage run over the readable records, and the pairs left for people to judge."""

    linked_records: int
    left_out: int
    people: int
    decisions: int
    pairs: tuple[ReviewPair, ...]


def _decisions_for(vault: VaultSession, frame: pd.DataFrame) -> Decisions:
    """The stored verdicts on records this run can see (others wait for a user who can)."""
    keys = set(zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True))
    items = [
        Decision(d.left, d.right, d.match)
        for d in store.decisions(vault.conn)
        if d.left in keys and d.right in keys
    ]
    return Decisions(tuple(items))


def _link(
    vault: VaultSession, event_type: str | None = None
) -> tuple[pd.DataFrame, int, LinkResult, Decisions]:
    frame, left_out = linkable_records(vault, event_type)
    if len(frame) < 2 or frame["source"].nunique() < 2:
        raise NothingToAnalyse(
            N_(
                "linkage needs records from at least two sources in cases granted to you;"
                " {readable} readable records, {left_out} in cases not granted to you"
            ),
            readable=len(frame),
            left_out=left_out,
        )
    decided = _decisions_for(vault, frame)
    return frame, left_out, link_records(frame, config_for(frame), decided), decided


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _review_link(vault: VaultSession) -> tuple[pd.DataFrame, int, LinkResult, Decisions]:
    """As :func:`_link`, but the records are scored once per session and set of records:
    after a decision the page re-clusters the kept pairs (``relink``: the same clusters a
    new linkage run gives, as decisions bind the clustering only) instead of training and
    scoring everything again after every click. The pairs are kept in the session's memory
    only (``VaultSession.memo``), for the records this user read, until sign-out."""
    frame, left_out = linkable_records(vault)
    if len(frame) < 2 or frame["source"].nunique() < 2:
        return _link(vault)  # refused there, with its message
    hashed = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    fingerprint = hashlib.sha256(hashed.tobytes()).hexdigest()
    held = vault.memo.get(_REVIEW_MEMO)
    if not (isinstance(held, tuple) and held[0] == fingerprint):
        held = (fingerprint, link_records(frame, config_for(frame)))
        vault.memo[_REVIEW_MEMO] = held
    decided = _decisions_for(vault, frame)
    linked = relink(held[1], config_for(frame), decided if decided.items else None)
    return frame, left_out, linked, decided


_REVIEW_MEMO = "analysis_review.scored"


def review_linkage(vault: VaultSession, limit: int = 25) -> LinkageReview:
    """Link the readable records (with stored verdicts) and list the undecided uncertain pairs."""
    vault.require(Action.ESTIMATE_RUN)
    frame, left_out, linked, decided = _review_link(vault)
    done = {frozenset((d.left, d.right)) for d in decided.items}
    table = review_pairs(
        linked.records,
        linked.pairs,
        LinkConfig().review_band,
        decided,
        near_misses=linked.near_misses,
        given_names=linked.given_names,
        lists_with_duplicates=linked.lists_with_duplicates,
    )
    pairs: list[ReviewPair] = []
    for row in table.to_dict("records"):
        left = (str(row["source_l"]), str(row["record_id_l"]))
        right = (str(row["source_r"]), str(row["record_id_r"]))
        if frozenset((left, right)) in done:
            continue
        fields = tuple(
            (column, _text(row.get(f"{column}_l")), _text(row.get(f"{column}_r")))
            for column in LINKAGE_COLUMNS
            if _text(row.get(f"{column}_l")) or _text(row.get(f"{column}_r"))
        )
        probability = float(row["match_probability"])
        pairs.append(ReviewPair(left, right, probability, fields, str(row["found_by"])))
        if len(pairs) >= limit:
            break
    return LinkageReview(len(frame), left_out, linked.clusters, len(decided.items), tuple(pairs))


def decide_pair(vault: VaultSession, left: RecordKey, right: RecordKey, match: bool) -> None:
    """Record that records *left* and *right* are (or are not) the same person."""
    if left == right:
        raise InputError(N_("a record cannot be compared with itself"))
    vault.require(Action.ESTIMATE_RUN)
    store.save_decision(vault, LinkDecision(left, right, match))


def _stored(
    analysis: VaultAnalysis,
    settings: Mapping[str, object],
    scope: Mapping[str, object],
    sensitivity: tuple[Mapping[str, object], ...],
    read_at: str | None = None,
) -> StoredResult:
    """The run as kept; *read_at* (default now) is when its records were read, kept as the
    run's time so that records changed while it ran count as after it
    (:func:`~uncounted.vault.analysis_store.records_after`)."""
    result = analysis.estimate
    interval = result.diagnostics.get("interval")
    if interval == "BCa bootstrap":
        # shown next to the figure: the interval allows for the choice of model
        settings = {
            **settings,
            "interval": interval,
            "bootstrap_replicates": result.diagnostics.get("bootstrap_replicates"),
        }
    lists_total = scope.get("lists_total")
    partial = analysis.left_out > 0 or bool(scope.get("unplaced_records"))
    chosen = scope.get(store.LEFT_OUT)
    left_on_purpose = len(chosen) if isinstance(chosen, list) else 0
    if isinstance(lists_total, int) and lists_total > len(result.lists) + left_on_purpose:
        partial = True
    return StoredResult(
        id=0,
        created_at=read_at or now(),
        method=result.method,
        linked_records=analysis.linked_records,
        left_out=analysis.left_out,
        people=analysis.people,
        lists=tuple(result.lists),
        observed=result.observed,
        point=result.point,
        median=result.median,
        q025=result.q025,
        q975=result.q975,
        warnings=tuple(result.warnings),
        posterior_svg=posterior_svg(result),
        cautions=tuple(c.sentence for c in result.checks if c.severity != "note"),
        settings=dict(settings),
        scope=dict(scope),
        partial=partial,
        sensitivity=sensitivity,
    )


def _kept(vault: VaultSession, analysis: VaultAnalysis) -> list[list[object]]:
    """The histories *analysis* estimated from, as its run keeps them: the reviewer's file and
    a report's histories.csv reproduce its figure whatever changed since
    (:mod:`uncounted.services.estimated_histories`)."""
    people = people_of(vault, analysis.mentions)
    return kept_histories(people, analysis.estimate.lists)


def _scope(
    vault: VaultSession, lists: Sequence[str], event_type: str | None, **figures: object
) -> dict[str, object]:
    """What a run covered: its lists against every list naming a victim (of *event_type*)."""
    every = {mention.source for mention in store.victim_mentions(vault.conn, event_type)}
    return {"lists": list(lists), "lists_total": len(every), "event_type": event_type, **figures}


def save_analysis(
    vault: VaultSession,
    analysis: VaultAnalysis,
    *,
    settings: Mapping[str, object] | None = None,
    sensitivity: tuple[Mapping[str, object], ...] = (),
) -> StoredResult:
    """Keep an :func:`~uncounted.services.analysis.analyse_vault` result as a saved run.

    For the demo and the command line, which link and estimate in one go. The run is saved
    with its scope (partial when it left records or lists out); it becomes the headline only
    when a user allowed to publish chooses it (:func:`publish_estimate`).
    """
    vault.require(Action.ESTIMATE_RUN)
    links = max(0, analysis.linked_records - analysis.people)
    # the cases of the records it left out, for the grant advice every refusal gives
    # (next_estimate): the records are counted by the run itself, one count
    unreadable = store.not_held(vault, [m.record_id for m in store.victim_mentions(vault.conn)])
    scope = _scope(
        vault,
        analysis.estimate.lists,
        None,
        left_out=analysis.left_out,
        unreviewed_links=links,
        unplaced_records=0,
        **{
            store.NOT_GRANTED: {
                "records": analysis.left_out,
                "cases": unreadable["cases"] if analysis.left_out else [],
            },
            store.HISTORIES: _kept(vault, analysis),
        },
    )
    stored = _stored(analysis, settings or {"histories": "linkage"}, scope, sensitivity)
    return store.stored_result(vault.conn, store.save_result(vault, stored))


def _check_method(method: str) -> None:
    if method not in ESTIMATE_METHODS:
        raise UnknownMethod(
            N_("unknown method {method!r}; choose one of {choices}"),
            method=method,
            choices=", ".join(ESTIMATE_METHODS),
        )


def _band(result: Estimate, label: str, people: int, threshold: float | None) -> dict[str, object]:
    """One linkage setting's estimate; when it gives no figure, ``reason`` keeps why (the
    check that refused it, as translatable data), so the pages say which setting could not
    be estimated and why instead of a range that silently leaves it out."""
    centre = result.median if result.median is not None else result.point
    band: dict[str, object] = {
        "label": label,
        "threshold": threshold,
        "people": people,
        "median": centre,
        "q025": result.q025,
        "q975": result.q975,
    }
    if centre is None:
        refusals: list[str] = [c.sentence for c in result.checks if c.severity is Severity.REFUSE]
        reasons = refusals or list(result.warnings)
        band["reason"] = to_data(reasons[0]) if reasons else None
    return band


NO_LINK_REVIEWED = "no_link_reviewed"
"""A sensitivity band's ``not_run`` when it was not estimated because it could say nothing:
with no link reviewed, taking every unreviewed link apart keeps every record apart."""


def _apart_band(
    apart: Sequence[str],
    sources: Sequence[str],
    people: int,
    reviewed: bool,
    method: str,
    options: Mapping[str, Any],
    say: Callable[[str], None],
) -> dict[str, object]:
    """The estimate with every unreviewed link taken apart (*apart*: each record's person,
    or its own id where no reviewer confirmed the person; *reviewed*: whether any was).

    With no link reviewed (walking the demo, review of stop 26), that keeps every record
    apart: no list shares anyone with another, the methods refuse, and the row read "no
    estimate possible" as if something had failed. Then it is not estimated, and says why
    (:data:`NO_LINK_REVIEWED`)."""
    apart_people = len(set(apart))
    if not reviewed and apart_people > people:
        return {
            "label": "unreviewed links apart",
            "threshold": None,
            "people": apart_people,
            "median": None,
            "q025": None,
            "q975": None,
            "not_run": NO_LINK_REVIEWED,
        }
    say(N_("estimating again with every unreviewed link taken apart"))
    other = estimate(_histories_of(apart, sources), method=method, **options)
    return _band(other, "unreviewed links apart", apart_people, None)


def _histories_of(who: Sequence[object], sources: Sequence[str]) -> CaptureHistories:
    frame = pd.DataFrame({"cluster_id": list(who), "source": list(sources)})
    return capture_histories(frame)


SENSITIVITY_THRESHOLDS = (0.3, 0.7)
"""Linkage thresholds around the default (0.5) at which a run estimates again: looser links
fewer people, stricter links more; the spread is how much the figure rests on linkage."""


def _threshold_bands(
    frame: pd.DataFrame,
    linked: LinkResult,
    decided: Decisions,
    method: str,
    options: Mapping[str, Any],
    leave_out: frozenset[str] = frozenset(),
) -> list[dict[str, object]]:
    """The estimate with the same scored pairs clustered at :data:`SENSITIVITY_THRESHOLDS`
    (reviewers' verdicts kept): how much the figure moves with the linkage threshold.

    Clustered by :func:`relink`, the linker's own clustering with its rules on contradictions
    and duplicates, so a band differs from the linked clusters by the threshold alone. The
    lists left out of the run (*leave_out*) are linked with the others, as the register is,
    and left out of each band's histories as they are of the run's."""
    sources = frame["source"].astype(str).to_numpy()
    kept = ~np.isin(sources, list(leave_out))
    bands = []
    for threshold in SENSITIVITY_THRESHOLDS:
        again = relink(linked, LinkConfig(threshold=threshold), decided)
        clusters = again.records["cluster_id"].to_numpy()[kept]
        histories = _histories_of(list(clusters), list(sources[kept]))
        other = estimate(histories, method=method, **options)
        bands.append(_band(other, f"threshold {threshold}", len(set(clusters)), threshold))
    return bands


def _victims_scored(
    vault: VaultSession, event_type: str | None, linked_now: Linked | None
) -> tuple[pd.DataFrame, LinkResult, Decisions] | None:
    """The victims' records (of *event_type*) with linkage's scored pairs among them, or None
    when some are unreadable to this user (bands over part of them would mislead).

    After a relink the pairs of that run are reused (the victims' rows and the pairs between
    them), so the web's "link and estimate" links once; otherwise the victims are linked here.
    """
    if linked_now is None:
        try:
            frame, left_out, linked, decided = _link(vault, event_type)
        except NothingToAnalyse:
            return None
        return (frame, linked, decided) if left_out == 0 else None
    if linked_now.result is None or linked_now.left_out:
        return None
    victims, left_out = linkable_records(vault, event_type)
    if left_out or victims.empty:
        return None
    keep = linked_now.frame["vault_id"].isin(set(victims["vault_id"])).to_numpy()
    position = np.full(len(keep), -1, dtype=np.int64)
    position[keep] = np.arange(int(keep.sum()))
    pairs = linked_now.result.pairs
    left = position[pairs["left"].to_numpy(dtype=np.int64)]
    right = position[pairs["right"].to_numpy(dtype=np.int64)]
    among = (left >= 0) & (right >= 0)
    kept = pairs[among].assign(left=left[among], right=right[among])
    frame = linked_now.frame[keep].reset_index(drop=True)
    result = LinkResult(linked_now.result.records[keep].reset_index(drop=True), kept)
    names = set(zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True))
    decided = Decisions(
        tuple(d for d in linked_now.decided.items if d.left in names and d.right in names)
    )
    return frame, result, decided


class UnknownList(InputError):
    """Raised when a list to leave out of an estimate names no list with victims' records."""


@dataclass(frozen=True)
class EstimateList:
    """A list an estimate can be made over: its name and its victims' records (records, not
    people: what the Analysis page shows beside its box)."""

    name: str
    records: int


def estimate_lists(vault: VaultSession) -> list[EstimateList]:
    """The lists naming a victim, each with its number of victims' records, by name: the
    Analysis page's boxes to leave lists out of an estimate."""
    vault.require(Action.ESTIMATE_RUN)
    sizes = Counter(m.source for m in store.victim_mentions(vault.conn))
    return [EstimateList(name, sizes[name]) for name in sorted(sizes)]


def _checked_leave_out(
    vault: VaultSession, leave_out: Collection[str], mentions: Sequence[store.VictimMention]
) -> frozenset[str]:
    """*leave_out* as the set of lists to leave out; :class:`UnknownList` naming the first
    name that is no list with victims (of any violation: a list with none of the chosen
    one's victims is simply not in the estimate)."""
    wanted = frozenset(name.strip() for name in leave_out if name.strip())
    known = {m.source for m in mentions}
    if wanted - known:
        known |= {m.source for m in store.victim_mentions(vault.conn)}
    for name in sorted(wanted - known):
        raise UnknownList(
            N_("there is no list “{list}” with victims' records to leave out; the lists: {lists}"),
            list=printable(name),  # typed by the user: quoted on one line, in every language
            lists=", ".join(sorted(known)) or "-",
        )
    return wanted


def _left_out_lists(
    mentions: Sequence[store.VictimMention],
    kept: Sequence[store.VictimMention],
    leave: frozenset[str],
) -> list[dict[str, object]]:
    """Each list left out of the run (of those with victims of its kind), its people and
    how many of them are on no list of the estimate (:class:`~uncounted.vault.LeftOutList`)."""
    estimated = {m.who for m in kept}
    on: dict[str, set[str]] = {}
    unplaced: dict[str, int] = {}
    for m in mentions:
        if m.source in leave:
            on.setdefault(m.source, set()).add(m.who)
            unplaced[m.source] = unplaced.get(m.source, 0) + (m.who == m.record_id)
    return [
        store.LeftOutList(name, len(people), len(people - estimated), unplaced[name]).to_data()
        for name, people in sorted(on.items())
    ]


def estimate_from_register(
    vault: VaultSession,
    method: str,
    event_type: str | None = None,
    progress: Callable[[str], None] | None = None,
    relink: bool = False,
    leave_out: Collection[str] = (),
    **options: Any,
) -> StoredResult:
    """Estimate from the person register's capture histories (victims, of *event_type* or of
    any) and save the run; also estimate with every unreviewed link taken apart.

    Needs no identity: the register already says who is who, reviewers' merges and splits
    included. With *relink* (the web app's "Link the records and estimate"), the records this
    user can read are linked into the register first (``register.link_people``: verdicts
    applied, confirmed people kept whole). Records no linkage run has placed yet count as one
    person each, and make the run partial.

    *leave_out* names lists to leave out of the estimate on purpose (the one rule for the
    Analysis page's boxes and ``--leave-out``): a list whose people no other list found makes
    every run refuse. Such a run is not partial: it may be the headline, and says which lists
    it left out, by whom, and that their people are counted among the documented, not
    estimated (:meth:`~uncounted.vault.StoredResult.left_out_said`).
    """
    vault.require(Action.ESTIMATE_RUN)
    _check_method(method)
    say = progress or (lambda _message: None)
    linked_now = link_people_scored(vault, progress=say) if relink else None
    read_at, seen = now(), store.records_seen(vault.conn)
    every_mention = store.victim_mentions(vault.conn, event_type)
    leave = _checked_leave_out(vault, leave_out, every_mention)
    mentions = [m for m in every_mention if m.source not in leave]
    if len({m.source for m in mentions}) < 2:
        raise NothingToAnalyse(
            N_(
                "an estimate needs victims on at least two lists; {readable} victims' records,"
                " {left_out} left out"
            ),
            readable=len(mentions),
            left_out=len(every_mention) - len(mentions),
        )
    chosen = {**_INTERACTIVE[method], **options}
    sources = [m.source for m in mentions]
    histories = _histories_of([m.who for m in mentions], sources)
    say(
        Message(
            N_("estimating with {method} {lists} from the register"),
            method=method,
            lists=Counted(N_("over %(num)d list"), N_("over %(num)d lists"), histories.n_lists),
        )
    )
    result = estimate(histories, method=method, **chosen)
    people = len({m.who for m in mentions})
    apart = [m.who if m.reviewed else m.record_id for m in mentions]
    bands = [
        _band(result, "reviewed", people, None),
        _apart_band(apart, sources, people, any(m.reviewed for m in mentions), method, chosen, say),
    ]
    if may(vault, Action.IDENTITY_READ):
        scored = _victims_scored(vault, event_type, linked_now)
        if scored is not None:  # every victim's record readable: the thresholds around it
            say(N_("estimating again at the linkage thresholds around the default"))
            bands.extend(_threshold_bands(*scored, method, chosen, leave))
    unplaced = [m.record_id for m in mentions if m.who == m.record_id]
    analysis = VaultAnalysis(
        linked_records=len(mentions),
        left_out=0,
        people=people,
        histories=histories,
        estimate=result,
        linkage_summary={},
        mentions=tuple((m.who, m.source, m.record_id) for m in mentions),
    )
    scope = _scope(
        vault,
        result.lists,
        event_type,
        left_out=0,
        unreviewed_links=len(set(apart)) - people,
        unplaced_records=len(unplaced),
        **{
            store.SEEN: seen,
            store.HISTORIES: _kept(vault, analysis),
            store.LEFT_OUT: _left_out_lists(every_mention, mentions, leave),
            store.NOT_GRANTED: store.not_held(vault, unplaced),
            store.SHARING_NO_ONE: sorted(
                name for c in result.checks if c.code == "list_overlaps_none" for name in c.lists
            ),
        },
    )
    settings = {"histories": "register", "options": {k: chosen[k] for k in sorted(chosen)}}
    stored = _stored(analysis, settings, scope, tuple(bands), read_at)
    return store.stored_result(vault.conn, store.save_result(vault, stored))


def estimate_runs(vault: VaultSession, limit: int = 50) -> list[StoredResult]:
    """The saved estimate runs, newest first, each with author, settings and scope."""
    vault.require(Action.RECORDS_LIST)
    return store.stored_results(vault.conn, limit)


def publish_estimate(vault: VaultSession, run: int) -> Headline:
    """Make saved run *run* the organisation's headline estimate; a partial run is refused."""
    vault.require(Action.ESTIMATE_PUBLISH)
    store.publish_result(vault, run)
    chosen = store.headline(vault.conn)
    assert chosen is not None  # just stored
    return chosen


def headline_estimate(vault: VaultSession) -> Headline | None:
    """The run a user allowed to publish chose, who chose it and when; None before any."""
    vault.require(Action.RECORDS_LIST)
    return store.headline(vault.conn)


def records_since(vault: VaultSession, run: StoredResult) -> int:
    """How many records were added or changed after *run* read the records, for any
    signed-in user: the dashboard names them beside the headline, as the Reports page does
    before Publish (``reports.estimate_behind``). Walking the demo (walkday6), a caseworker's
    dashboard read "People documented as victims: 779" above an estimate over 773, made
    before the night's testimony and a partner list, and nothing on it said so. The rule of
    what counts as after the run is :func:`~uncounted.vault.analysis_store.records_after`."""
    vault.require(Action.RECORDS_LIST)
    return store.records_after(vault.conn, run)


@dataclass(frozen=True)
class NextEstimate:
    """What would give an estimate that counts the records as they are now, read from the
    newest run when it is not the headline: the one rule behind the Reports page's advice
    and the command line's warnings. Walking the demo (walkday6), both said "estimate again
    and make the new run the headline" while every new run refused (a partner list shared
    no one) or was partial (records in a case only a caseworker held): advice that led
    nowhere."""

    run: int | None
    """The newest run, when it is not the headline (None: estimate again)."""
    sharing_no_one: tuple[str, ...] = ()
    """It gave no figure because these lists share no one with the others: leave them out."""
    none_shared: bool = False
    """It gave no figure because none of its lists shares anyone with another: leaving lists
    out cannot help (``sharing_no_one`` is then empty); records on more than one list, linked,
    can."""
    cases: tuple[int, ...] = ()
    """It is partial because its author holds none of these cases: an administrator grants
    them, or an analyst holding every case estimates."""
    author: str = ""

    def none_shared_advice(self) -> Message | None:
        """What to do when none of the run's lists shares anyone (:attr:`none_shared`): the
        command line's and the Reports page's one wording; None otherwise."""
        if not self.none_shared:
            return None
        return Message(
            N_(
                "run {run} gave no figure: its lists share no one, so no estimate can be made"
                " from them until records of the same people on more than one list are linked"
            ),
            run=self.run,
        )

    def grant_advice(self) -> Message | None:
        """The advice when it is partial for want of a grant, as the Reports page and the
        command line give it (:func:`~uncounted.vault.analysis_store.grant_remedy`, the
        wording the refusal to make such a run the headline gives too); None otherwise."""
        if not self.cases:
            return None
        return Message(
            N_(
                "run {run} is partial, for records in cases {author} does not hold; to make it"
                " whole, {remedy}"
            ),
            run=self.run,
            author=self.author or "?",
            remedy=store.grant_remedy(self.author, self.cases),
        )


def next_estimate(vault: VaultSession) -> NextEstimate:
    """:class:`NextEstimate` for this vault, for any signed-in user."""
    vault.require(Action.RECORDS_LIST)
    latest = store.latest_result(vault.conn)
    chosen = store.headline(vault.conn)
    if latest is None or (chosen is not None and chosen.result.id == latest.id):
        return NextEstimate(None)
    sharing = latest.lists_sharing_no_one if not latest.has_figure else ()
    # every list alone: leaving them all out would leave nothing to estimate from
    none_shared = bool(sharing) and set(latest.lists) <= set(sharing)
    cases = latest.not_granted[1] if latest.partial else ()
    return NextEstimate(
        latest.id,
        sharing_no_one=() if none_shared else sharing,
        none_shared=none_shared,
        cases=cases,
        author=latest.author,
    )


def latest_estimate(vault: VaultSession) -> StoredResult | None:
    """The most recent stored estimate (figures only), for any signed-in user."""
    vault.require(Action.RECORDS_LIST)
    return store.latest_result(vault.conn)
