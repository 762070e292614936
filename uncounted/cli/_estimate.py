"""``uncounted estimate``: multiple systems estimation on a capture-history CSV.

Parses options, calls :func:`uncounted.estimate.estimate` (or ``estimate_stratified``) and
renders the result: a readable summary for people, or exactly one JSON document with
``--json``. The plot file is written only after the estimate succeeded, so bad input leaves
nothing behind.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from uncounted.cli._groups import default_group
from uncounted.cli._language import labels, part, said, say, words
from uncounted.cli._output import plain, print_json
from uncounted.cli._vault import JsonOpt, PassFileOpt, UserOpt, VaultArg, _unlock
from uncounted.errors import InputError, UncountedError
from uncounted.messages import N_, Counted, Message, as_sentence, from_data, readable

if TYPE_CHECKING:
    from uncounted.estimate import CaptureHistories, Estimate, StratifiedEstimate

HELP = """Estimate how many people no list documented (multiple systems estimation).

FILE is a CSV of capture histories: one 0/1 column per list (1 = on that
list) and an optional `count` column (how many people share the row's
pattern; without it, each row is one person). Everyone is on some list.

  EXH,ABA,OSCE,HRW,count
  1,1,0,0,177
  0,0,1,0,1105

The result is the TOTAL number N, documented plus undocumented. Every
method assumes a closed population (the same people throughout) and
correct record linkage (one person is one row, never two). They differ in
how they let lists depend on each other:

  dga        (default) averages over every decomposable graphical model
             of the lists, weighted by how well each fits (Madigan & York
             1997; R's dga). Exact, no randomness; 3 to 5 lists.
             Options: --delta --prior.

  lcmcr      Bayesian latent classes: people fall into unseen groups with
             different chances of being documented (Manrique-Vallier
             2016; R's LCMCR). Many lists, heterogeneity; a random
             sampler, so read its convergence warnings.
             Options: --seed --chains --K --burnin --samples --thinning.

  loglinear  Poisson log-linear models with list interactions, chosen by
             BIC/AIC or stepwise (Rcapture, SparseMSE). With 3-4 lists the
             interval is a bootstrap that re-chooses the model (200
             replicates, a progress bar; --bootstrap 0 gives the chosen
             model's profile likelihood, as Rcapture).
             Options: --criterion --stepwise --threshold --bootstrap --seed.

  all        every method that applies (dga only up to 5 lists), side by
             side, with one sentence on what their disagreement means.
             Each method takes the options that are its own.

Before any method runs, the table is checked: a list that overlaps no
other is refused (no number), and a list nobody is only on, two lists
that nearly copy each other, or few people for the number of lists give a
CAUTION printed before the figures; the "In words" sentence then carries
no figure.

With two lists only the Chapman estimate is possible; it assumes the two
lists are independent, which two lists cannot check.

--stratify COLUMN estimates each value of a covariate column (region,
period, event type) separately and adds them up; name any other covariate
columns with --covariate.

From a vault (--from-register), a list that shares no one with the other
lists makes every method refuse: nothing in the lists says how many it
missed. Leave it out on purpose with --leave-out LIST (repeat for several):

  uncounted estimate histories VAULT --from-register --leave-out partner-ngo

Its people stay counted among the documented, never dropped; the run says
which list was left out, by whom, and that its people are not estimated,
wherever its figure is shown, and it may be the headline. A run missing
lists or records for another reason (records in cases you do not hold) is
partial and cannot be the headline.

Examples:
  uncounted estimate kosovo.csv --method dga --plot posterior.svg
  uncounted estimate deaths.csv --method lcmcr --chains 4 --seed 1 --json
  uncounted estimate by_region.csv --stratify region
"""


class NoEstimate(UncountedError):
    """Raised (exit 1) when an estimate gave no figure (a check refused it: the data cannot
    carry one): the command still prints what it found (the refusal, or the saved run: the
    pages show it, with why) and ends with why, in one line, instead of a dash."""


def _refusal(results: Sequence[Any], said_as: str, /, **values: object) -> NoEstimate | None:
    """The refusal the command ends with when none of *results* (estimates, or a saved run)
    gave a figure, None when one did: the one rule for every estimate ``estimate`` makes,
    from a file (one method, its strata added up, ``--method all``) or from the register.
    *said_as* is its line, whose ``{reason}`` is the first result's first warning (the check
    that refused it comes first)."""
    if any(result.median is not None or result.point is not None for result in results):
        return None
    warnings = results[0].warnings if results else ()
    reason = warnings[0] if warnings else N_("the method gave no figure")
    return NoEstimate(Message(said_as, reason=reason, **values))


class Method(StrEnum):
    """The estimation methods offered on the command line."""

    loglinear = "loglinear"
    dga = "dga"
    lcmcr = "lcmcr"
    all = "all"


class Prior(StrEnum):
    """dga's prior on N."""

    inverse = "inverse"
    uniform = "uniform"


class Criterion(StrEnum):
    """Log-linear model selection criterion."""

    bic = "bic"
    aic = "aic"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _render_checks(console: Console, result: Estimate) -> None:
    """Refusals and cautions, before any figure: a reader meets them first."""
    serious = [c for c in result.checks if c.severity != "note"]
    if not serious:
        return
    title = part(
        N_("NO ESTIMATE") if result.refused else N_("CAUTION: read this before the figures")
    )
    console.print(f"  [bold red]{title}[/bold red]")
    for check in serious:
        console.print(f"  ! {said(check.sentence)}", markup=False)


#: How an interval was made, when it is not read off a posterior (the method's diagnostics).
_INTERVALS = {
    # replicates and seed are among the diagnostics below
    "BCa bootstrap": N_("95% interval (bootstrap, model re-chosen)"),
    "profile likelihood": N_("95% interval (profile likelihood)"),
}


def _interval_label(result: Estimate) -> str:
    """ "95% interval", with how it was made when that is not read off a posterior."""
    kind = result.diagnostics.get("interval")
    if isinstance(kind, str):
        return part(_INTERVALS.get(kind, N_("95% interval ({kind})")), kind=kind)
    return part(N_("95% interval"))


def _between(low: float | None, high: float | None) -> str:
    """An interval's two ends in words ("221 to 253")."""
    return part(N_("{low} to {high}"), low=_number(low), high=_number(high))


def _render_estimate(console: Console, result: Estimate, heading: str) -> None:
    console.print(f"[bold]{heading}[/bold]", highlight=False)
    console.print("  " + part(N_("lists: {lists}"), lists=", ".join(result.lists)), markup=False)
    documented = N_("documented (on at least one list): {observed:,}")
    console.print("  " + part(documented, observed=result.observed), markup=False)
    _render_checks(console, result)
    if result.refused:
        return
    table = Table(show_header=False, box=None, padding=(0, 2))
    point = part(N_("point estimate of N"))
    if result.point is not None:
        table.add_row(point, _number(result.point))
    else:
        table.add_row(point, part(N_("none (a posterior distribution: read the median)")))
    if result.median is not None:
        table.add_row(part(N_("median of N")), _number(result.median))
    if result.mean is not None:
        table.add_row(part(N_("mean of N")), _number(result.mean))
    table.add_row(_interval_label(result), _between(result.q025, result.q975))
    console.print(table)
    words = result.in_words()
    if words is not None:
        console.print("  " + part(N_("In words: {words}"), words=words), markup=False)
    if result.models:
        models = Table(title=part(N_("models")), title_justify="left")
        weight, model_, its_estimate = labels(N_("weight"), N_("model"), N_("its estimate of N"))
        models.add_column(weight, justify="right")
        models.add_column(model_)
        models.add_column(its_estimate, justify="right")
        for model in result.models:
            # a model's name is data: "[aa][bb]" is no markup, and was printed as nothing
            models.add_row(f"{model.weight:.3f}", escape(model.name), _number(model.estimate))
        console.print(models)
    if result.diagnostics:  # the method's own names and values: data, as the method gives them
        console.print("  " + part(N_("diagnostics:")))
        for key, value in result.diagnostics.items():
            if isinstance(value, float):
                shown: object = f"{value:.4g}"
            elif isinstance(value, str | int):
                shown = value
            else:
                shown = json.dumps(plain(value))
            console.print(f"    {key}: {shown}", markup=False)


def _render_warnings(console: Console, result: Estimate) -> None:
    """Notes and the method's other warnings (refusals and cautions came first)."""
    serious = {c.sentence for c in result.checks if c.severity != "note"}
    rest = [w for w in result.warnings if w not in serious]
    if not rest:
        return
    console.print(f"[bold]{part(N_('notes and warnings'))}[/bold]")
    for warning in rest:
        console.print(f"  - {said(warning)}", markup=False)


def _render(console: Console, source: str, result: Estimate | StratifiedEstimate) -> None:
    from uncounted.estimate import StratifiedEstimate

    if isinstance(result, StratifiedEstimate):
        for name, stratum in result.strata.items():
            _render_estimate(console, stratum, f"{result.column} = {name}")
            console.print()
        total = part(N_("{source}: total over {column}"), source=source, column=result.column)
        _render_estimate(console, result.total, total)
        _render_warnings(console, result.total)
        return
    _render_estimate(
        console, result, part(N_("{source}: method {method}"), source=source, method=result.method)
    )
    _render_warnings(console, result)


def _typed_options(given: dict[str, Any]) -> dict[str, Any]:
    """The options the user typed (None = not typed), as keyword arguments of the method."""
    return {name: value for name, value in given.items() if value is not None}


def run_estimate(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Capture-history CSV (0/1 list columns, count).")
    ],
    method: Annotated[Method, typer.Option(help="Estimation method (see above).")] = Method.dga,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print exactly one JSON document on stdout.")
    ] = False,
    plot: Annotated[
        Path | None, typer.Option(help="Write an SVG of the distribution of N to this file.")
    ] = None,
    stratify: Annotated[
        str | None, typer.Option(help="Estimate per value of this covariate column and add up.")
    ] = None,
    covariate: Annotated[
        list[str] | None,
        typer.Option(help="Another covariate column (not a list); repeat for several."),
    ] = None,
    delta: Annotated[
        float | None, typer.Option(help="dga: prior count per cell (default 2^-lists).")
    ] = None,
    prior: Annotated[
        Prior | None, typer.Option(help="dga: prior on N, inverse (1/N, default) or uniform.")
    ] = None,
    seed: Annotated[
        int | None, typer.Option(help="lcmcr, loglinear: random seed (reproducible runs).")
    ] = None,
    chains: Annotated[int | None, typer.Option(help="lcmcr: number of chains.")] = None,
    k: Annotated[
        int | None, typer.Option("--K", help="lcmcr: maximum number of latent classes.")
    ] = None,
    burnin: Annotated[int | None, typer.Option(help="lcmcr: burn-in iterations.")] = None,
    samples: Annotated[int | None, typer.Option(help="lcmcr: posterior samples kept.")] = None,
    thinning: Annotated[int | None, typer.Option(help="lcmcr: iterations per sample.")] = None,
    criterion: Annotated[
        Criterion | None, typer.Option(help="loglinear: model selection criterion.")
    ] = None,
    stepwise: Annotated[
        bool | None,
        typer.Option(
            "--stepwise/--all-models",
            help="loglinear: stepwise selection, or search all hierarchical models.",
        ),
    ] = None,
    threshold: Annotated[
        float | None, typer.Option(help="loglinear: stepwise p-value threshold (0.02).")
    ] = None,
    bootstrap: Annotated[
        int | None,
        typer.Option(
            help="loglinear: bootstrap replicates for the interval, the model re-chosen in "
            "each (default 200 for 3-4 lists, otherwise 0: the profile likelihood of the "
            "chosen model)."
        ),
    ] = None,
    from_register: Annotated[
        bool,
        typer.Option(
            "--from-register",
            help="FILE is a vault: estimate from its person register's capture histories"
            " (victims only) and save the run in the vault (see `estimate runs`).",
        ),
    ] = False,
    event_type: Annotated[
        str | None,
        typer.Option(help="--from-register: only victims of this event type (e.g. detention)."),
    ] = None,
    leave_out: Annotated[
        list[str] | None,
        typer.Option(
            "--leave-out",
            metavar="LIST",
            help="--from-register: leave this list out of the estimate on purpose (repeat for"
            " several); its people stay counted among the documented, not estimated.",
        ),
    ] = None,
    histories_out: Annotated[
        Path | None,
        typer.Option(
            "--histories-out",
            metavar="FILE",
            help="--from-register: write a stored run's capture histories to FILE (the"
            " headline's, or --run N's) as a report's package holds them, for a reviewer the"
            " organisation names when a report leaves them out; estimates nothing"
            " (docs/reports.md).",
        ),
    ] = None,
    run: Annotated[
        int | None,
        typer.Option(
            "--run",
            metavar="N",
            help="--histories-out: the stored run whose histories to write (default: the"
            " headline; see `estimate runs`).",
        ),
    ] = None,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Estimate the total number of people, documented and undocumented."""
    # imported on use: numpy and scipy would otherwise load with every other command
    from uncounted.estimate import (
        METHOD_OPTIONS,
        CaptureHistories,
        StratifiedEstimate,
        estimate,
        estimate_stratified,
    )
    from uncounted.estimate.plot import posterior_svg

    options = _typed_options(
        {
            "delta": delta,
            "prior": prior.value if prior else None,
            "seed": seed,
            "chains": chains,
            "K": k,
            "burnin": burnin,
            "samples": samples,
            "thinning": thinning,
            "criterion": criterion.value if criterion else None,
            "stepwise": stepwise,
            "threshold": threshold,
            "bootstrap": bootstrap,
        },
    )
    allowed = (
        set().union(*METHOD_OPTIONS.values())
        if method is Method.all
        else METHOD_OPTIONS[method.value]
    )
    wrong = sorted(set(options) - allowed)
    if wrong:
        names = ", ".join(f"--{name}" for name in wrong)
        raise typer.BadParameter(
            Message(
                N_("{names} does not apply to --method {method}"), names=names, method=method.value
            ),
            param_hint="--method",
        )
    if run is not None and histories_out is None:
        raise typer.BadParameter(
            Message(N_("--run names the stored run whose histories --histories-out writes")),
            param_hint="--run",
        )
    if from_register and histories_out is not None:
        if event_type or leave_out or options:
            raise typer.BadParameter(
                Message(
                    N_(
                        "--histories-out writes a stored run's histories, over that run's lists"
                        " and options: name the run with --run"
                    )
                ),
                param_hint="--histories-out",
            )
        _write_histories(file, user, passphrase_file, run, histories_out)
        return
    if from_register:
        if method is Method.all or stratify or plot:
            raise typer.BadParameter(
                Message(N_("--from-register takes one method, without --stratify or --plot")),
                param_hint="--from-register",
            )
        chosen = _Chosen(method.value, event_type, tuple(leave_out or ()))
        _from_register(file, user, passphrase_file, chosen, as_json, options)
        return
    if leave_out:
        raise typer.BadParameter(
            Message(N_("--leave-out names a list of a vault: use it with --from-register")),
            param_hint="--leave-out",
        )
    if histories_out is not None:
        raise typer.BadParameter(
            Message(N_("--histories-out writes a vault's histories: use it with --from-register")),
            param_hint="--histories-out",
        )
    if method is Method.all and (stratify or plot):
        raise typer.BadParameter(
            Message(N_("--method all does not take --stratify or --plot")), param_hint="--method"
        )
    if method is Method.all:
        _run_all(file, as_json, CaptureHistories.from_csv(file, strata=covariate or None), options)
        return
    strata = [stratify] if stratify else []
    strata += covariate or []
    histories = CaptureHistories.from_csv(file, strata=strata or None)
    errors = Console(stderr=True)
    result: Estimate | StratifiedEstimate
    if stratify:
        with _bootstrap_progress(errors) as progress:
            result = estimate_stratified(
                histories, stratify, method.value, progress=progress, **options
            )
    elif method is Method.loglinear:
        with _bootstrap_progress(errors) as progress:
            result = estimate(
                histories,
                method.value,
                progress=lambda done, total: progress("", done, total),
                **options,
            )
    else:
        with errors.status(part(N_("estimating with {method}…"), method=method.value)):
            result = estimate(histories, method.value, **options)
    total = result.total if isinstance(result, StratifiedEstimate) else result
    refused = _refusal([total], _NO_ESTIMATE_FROM, file=file.name)
    if plot is not None and refused is None:  # no figure, no plot: nothing written
        try:
            plot.write_text(posterior_svg(total), encoding="utf-8")
        except OSError:
            raise InputError(N_("cannot write the plot file {file}"), file=plot.name) from None
    if as_json:
        print_json(result.to_json_dict())
    else:
        _render(Console(), file.name, result)
    if refused is not None:
        raise refused


_NO_ESTIMATE_FROM = N_("no estimate from {file}: {reason}")


@contextmanager
def _bootstrap_progress(errors: Console) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr per stratum, or one for the whole table (stratum ``""``):
    models fitted, then bootstrap replicates."""
    from rich.progress import Progress

    with Progress(console=errors, transient=True) as bar:
        tasks: dict[str, Any] = {}

        def update(stratum: str, done: int, total: int) -> None:
            if stratum not in tasks:
                label = part(N_("stratum {stratum}"), stratum=stratum) if stratum else "log-linear"
                tasks[stratum] = bar.add_task(label, total=total)
            bar.update(tasks[stratum], completed=done, total=total)

        yield update


def _run_all(file: Path, as_json: bool, histories: CaptureHistories, typed: dict[str, Any]) -> None:
    """``--method all``: every applicable method, side by side, and what they say together."""
    from uncounted.estimate import METHOD_OPTIONS, estimate
    from uncounted.estimate.compare import estimate_all, what_disagreement_means

    options = {
        method: {k: v for k, v in typed.items() if k in allowed}
        for method, allowed in METHOD_OPTIONS.items()
    }
    errors = Console(stderr=True)
    with errors.status(part(N_("estimating with every applicable method…"))):
        results = estimate_all(histories, lambda h, m, o: estimate(h, m, **o), options)
    meaning = what_disagreement_means(results)
    if as_json:
        document = {
            "method": "all",
            "lists": list(histories.lists),
            "observed": histories.observed,
            "results": [r.to_json_dict() for r in results],
            "agreement": str(meaning),
        }
        print_json(document)
    else:
        _render_all(file, results, meaning)
    refused = _refusal(
        results, N_("no method gave an estimate from {file}: {reason}"), file=file.name
    )
    if refused is not None:
        raise refused


def _render_all(file: Path, results: Sequence[Estimate], meaning: str) -> None:
    """``--method all`` for people: the methods side by side, then each one's result."""
    console = Console()
    title = part(N_("{file}: every applicable method"), file=file.name)
    table = Table(title=title, title_justify="left")
    for column in labels(N_("method"), N_("estimate of N"), N_("95% interval"), N_("checks")):
        table.add_column(column)
    for r in results:
        centre = r.median if r.median is not None else r.point
        flag = part(N_("REFUSED")) if r.refused else part(N_("CAUTION")) if r.cautioned else ""
        table.add_row(r.method, _number(centre), _between(r.q025, r.q975), flag)
    console.print(table)
    console.print(f"  {said(meaning)}", markup=False)
    for r in results:
        console.print()
        _render_estimate(console, r, part(N_("method {method}"), method=r.method))
        _render_warnings(console, r)


def next_step(advice: Any, vault: Path, left_out: tuple[str, ...] = ()) -> str:
    """What to do next, on stderr, when the newest run cannot be the headline for a reason
    the user can act on (:func:`uncounted.services.analysis_review.next_estimate`, the rule
    the Reports page follows too); empty otherwise. *left_out*: the lists the run just made
    left out (kept in the command it prints)."""
    again = " ".join(f"--leave-out {shlex.quote(name)}" for name in left_out)
    if advice.sharing_no_one:
        more = " ".join(f"--leave-out {shlex.quote(name)}" for name in advice.sharing_no_one)
        lists = " ".join(filter(None, (again, more)))
        # one list "shares", two "share": the count of lists chooses the form, in both languages
        sharing = Counted(
            N_(
                "Run {run} gave no figure: the list {names} shares no one with the other lists."
                " To estimate without it (its people stay counted among the documented, not"
                " estimated), run `uncounted estimate histories {vault} --from-register"
                " {lists}`, then `uncounted estimate publish {vault} RUN` with the new run's"
                " number."
            ),
            N_(
                "Run {run} gave no figure: the lists {names} share no one with the other"
                " lists. To estimate without them (their people stay counted among the documented,"
                " not estimated), run `uncounted estimate histories {vault} --from-register"
                " {lists}`, then `uncounted estimate publish {vault} RUN` with the new run's"
                " number."
            ),
            len(advice.sharing_no_one),
        )
        return (
            said(sharing).format(
                run=advice.run,
                names=", ".join(advice.sharing_no_one),
                vault=shlex.quote(str(vault)),
                lists=lists,
            )
            + "\n"
        )
    none_shared = advice.none_shared_advice()
    if none_shared is not None:  # a sentence of its own in English too
        return as_sentence(said(none_shared, sentence=False)) + "\n"
    grant = advice.grant_advice()
    if grant is not None:  # the one wording (NextEstimate.grant_advice), with the commands
        commands = ", ".join(
            f"`uncounted grant {shlex.quote(str(vault))} {case} {shlex.quote(advice.author)}`"
            for case in advice.cases
        )
        how = Message(
            N_("{advice} (on the command line: {commands})"), advice=grant, commands=commands
        )
        return said(how) + "\n"
    return ""


def _run_json(run: Any) -> dict[str, Any]:
    return {
        "run": run.id,
        "created_at": run.created_at,
        "author": run.author,
        "method": run.method,
        "lists": list(run.lists),
        "observed": run.observed,
        "point": run.point,
        "median": run.median,
        "q025": run.q025,
        "q975": run.q975,
        "partial": run.partial,
        "partial_reasons": list(run.partial_reasons),
        "left_out_lists": [item.to_data() for item in run.lists_left_out],
        "left_out": run.left_out_said(),
        "scope": run.listed_scope,
        "settings": dict(run.settings),
        "sensitivity": [_band_json(band) for band in run.sensitivity],
        "warnings": list(run.warnings),
    }


def _band_json(band: Mapping[str, object]) -> dict[str, object]:
    """A linkage setting's estimate as JSON: why it gave no figure in English words."""
    reason = band.get("reason")
    return {**band, "reason": str(from_data(reason))} if reason else dict(band)


def _figure(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _run_line(run: Any, *, headline: bool = False) -> str:
    """One saved run in a line: its figure, method, what it is over (the lists it left out,
    or why it is partial, in the run's own sentences), who made it and when."""
    centre = run.median if run.median is not None else run.point
    left_out = run.left_out_said()
    lists = Counted(N_("%(num)d list"), N_("%(num)d lists"), len(run.lists))
    scope = (
        Message(
            N_("partial: {reasons}"),
            reasons="; ".join(said(reason, sentence=False) for reason in run.partial_reasons),
        )
        if run.partial
        else left_out
        if left_out
        else Message(N_("every list ({lists})"), lists=lists)
    )
    line = Message(
        N_("run {run}: {centre} ({low}–{high}), {method}, {scope}; by {author}, {at}"),
        run=run.id,
        centre=_number(centre),
        low=_number(run.q025),
        high=_number(run.q975),
        method=run.method,
        scope=scope,
        author=run.author or "?",
        at=readable(run.created_at),
    )
    if headline:
        line = Message(N_("{run} (the headline)"), run=line)
    return said(line, sentence=False)


@dataclass(frozen=True)
class _Chosen:
    """What an estimate from the register is over: the method, the victims, the lists left
    out on purpose."""

    method: str
    event_type: str | None
    leave_out: tuple[str, ...]


def _write_histories(
    vault: Path, user: str | None, passphrase_file: Path | None, number: int | None, out: Path
) -> None:
    """Write stored run *number*'s (None: the headline's) histories to *out*, making no run:
    the histories of the published figure, for a reviewer the organisation names."""
    from uncounted.services import analysis_review, reports
    from uncounted.services.evidence import check_new_output

    check_new_output(out)  # refused before the vault is read
    with _unlock(vault, user, passphrase_file) as session:
        run = reports.stored_run(session, number)  # an unknown run: nothing written
        out.write_bytes(reports.run_histories(session, run))
        since = analysis_review.records_since(session, run)
    say(Message(N_("wrote the capture histories of run {run} to {file}"), run=run.id, file=out))
    if since:  # a run kept before runs kept their histories: the register places them now
        said = _HISTORIES_KEPT if run.histories_kept is not None else _HISTORIES_SINCE
        say(Message(said, run=run.id, records=Counted(*_RECORDS, since)))


#: The records changed since a run, with their verb: a count's plural form agrees with it
#: (Russian «1 запись добавлена», «3 записи добавлены», «5 записей добавлено»; a bare
#: "{records} added" read «1 запись добавлены»).
_RECORDS = (N_("%(num)d record added or changed"), N_("%(num)d records added or changed"))
_HISTORIES_SINCE = N_(
    "caution: {records} after run {run} read the records: the file places the people of its"
    " lists as the register does now and may not reproduce the run's figure"
)
_HISTORIES_KEPT = N_(
    "{records} after run {run} read the records: the file holds the histories the run"
    " estimated from, without them"
)


def _from_register(
    vault: Path,
    user: str | None,
    passphrase_file: Path | None,
    chosen: _Chosen,
    as_json: bool,
    options: dict[str, Any],
) -> None:
    from uncounted.services import analysis_review

    errors = Console(stderr=True)
    with _unlock(vault, user, passphrase_file) as session:
        run = analysis_review.estimate_from_register(
            session,
            chosen.method,
            chosen.event_type,
            progress=lambda step: errors.print(said(step, sentence=False), markup=False),
            leave_out=chosen.leave_out,
            **options,
        )
        advice = analysis_review.next_estimate(session)
    typer.echo(next_step(advice, vault, chosen.leave_out), err=True, nl=False)
    if as_json:
        print_json(_run_json(run))
    else:
        Console().print(_run_line(run), markup=False, highlight=False)
        for band in run.sensitivity:
            errors.print("  " + _band_line(band), markup=False, highlight=False)
    refused = _refusal([run], N_("run {run} gave no estimate: {reason}"), run=run.id)
    if refused is not None:
        raise refused


def _band_line(band: Mapping[str, object]) -> str:
    """One linkage setting's estimate (the words the pages and the report give it), its
    people, and why it gave no figure when it gave none."""
    from uncounted.report.document import linkage_setting

    people = band["people"]
    line = Message(
        N_("{setting}: {centre} ({low}–{high}), {people}"),
        setting=linkage_setting(band, words().gettext),
        centre=_number(_figure(band["median"])),
        low=_number(_figure(band["q025"])),
        high=_number(_figure(band["q975"])),
        people=Counted(
            N_("%(num)d person documented"),
            N_("%(num)d people documented"),
            people if isinstance(people, int) else 0,
        ),
    )
    reason = band.get("reason")
    if reason:
        line = Message(N_("{line}; {reason}"), line=line, reason=from_data(reason))
    elif band.get("not_run"):  # no person confirmed: taking them apart could say nothing
        line = Message(N_("{line}; {reason}"), line=line, reason=_NOT_RUN)
    return said(line, sentence=False)


_NOT_RUN = N_("not estimated: no person has been confirmed on the register yet")


def runs(
    vault: VaultArg,
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """List the estimate runs saved in a vault (newest first) and the headline."""
    from uncounted.services import analysis_review

    with _unlock(vault, user, passphrase_file) as session:
        saved = analysis_review.estimate_runs(session)
        chosen = analysis_review.headline_estimate(session)
    headline = None if chosen is None else chosen.result.id
    if as_json:
        print_json(
            {
                "headline": headline,
                "chosen_by": chosen.chosen_by if chosen else None,
                "chosen_at": chosen.chosen_at if chosen else None,
                "runs": [_run_json(run) for run in saved],
            }
        )
        return
    for run in saved:
        typer.echo(_run_line(run, headline=run.id == headline))


def publish(
    vault: VaultArg,
    run: Annotated[int, typer.Argument(help="The run's number (see `estimate runs`).")],
    user: UserOpt = None,
    passphrase_file: PassFileOpt = None,
) -> None:
    """Make a saved run the organisation's headline estimate (never a partial run)."""
    from uncounted.services import analysis_review

    with _unlock(vault, user, passphrase_file) as session:
        chosen = analysis_review.publish_estimate(session, run)
    headline = N_("run {run} is the headline, chosen by {user}")
    typer.echo(said(Message(headline, run=chosen.result.id, user=chosen.chosen_by), sentence=False))


def register(app: typer.Typer) -> None:
    """Add the ``estimate`` group to *app*: ``estimate FILE`` (its default command,
    ``histories``), ``estimate runs VAULT`` and ``estimate publish VAULT RUN``."""
    estimate_app = typer.Typer(cls=default_group("histories"), help=HELP, no_args_is_help=True)
    estimate_app.command("histories", help=HELP)(run_estimate)
    estimate_app.command("runs")(runs)
    estimate_app.command("publish")(publish)
    app.add_typer(estimate_app, name="estimate")
