"""``uncounted estimate``: multiple systems estimation on a capture-history CSV.

Parses options, calls :func:`uncounted.estimate.estimate` (or ``estimate_stratified``) and
renders the result: a readable summary for people, or exactly one JSON document with
``--json``. The plot file is written only after the estimate succeeded, so bad input leaves
nothing behind.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from uncounted.cli._output import plain, print_json
from uncounted.errors import InputError

if TYPE_CHECKING:
    from uncounted.estimate import Estimate, StratifiedEstimate

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
             BIC/AIC or stepwise (Rcapture, SparseMSE).
             Options: --criterion --stepwise --threshold --bootstrap --seed.

With two lists only the Chapman estimate is possible; it assumes the two
lists are independent, which two lists cannot check.

--stratify COLUMN estimates each value of a covariate column (region,
period, event type) separately and adds them up; name any other covariate
columns with --covariate.

Examples:
  uncounted estimate kosovo.csv --method dga --plot posterior.svg
  uncounted estimate deaths.csv --method lcmcr --chains 4 --seed 1 --json
  uncounted estimate by_region.csv --stratify region
"""


class Method(StrEnum):
    """The estimation methods offered on the command line."""

    loglinear = "loglinear"
    dga = "dga"
    lcmcr = "lcmcr"


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


def _render_estimate(console: Console, result: Estimate, heading: str) -> None:
    console.print(f"[bold]{heading}[/bold]")
    console.print(f"  lists: {', '.join(result.lists)}")
    console.print(f"  documented (on at least one list): {result.observed:,}")
    table = Table(show_header=False, box=None, padding=(0, 2))
    if result.point is not None:
        table.add_row("point estimate of N", _number(result.point))
    else:
        table.add_row("point estimate of N", "none (a posterior distribution: read the median)")
    if result.median is not None:
        table.add_row("median of N", _number(result.median))
    if result.mean is not None:
        table.add_row("mean of N", _number(result.mean))
    table.add_row("95% interval", f"{_number(result.q025)} to {_number(result.q975)}")
    console.print(table)
    centre = result.median if result.median is not None else result.point
    if centre is not None and result.q025 is not None and result.q975 is not None:
        console.print(
            f"  In words: {result.observed:,} people are documented; the total is estimated "
            f"at about {centre:,.0f} (between {result.q025:,.0f} and {result.q975:,.0f}), "
            f"so about {max(centre - result.observed, 0):,.0f} people are not on any list, "
            "if the method's assumptions hold."
        )
    if result.models:
        models = Table(title="models", title_justify="left")
        models.add_column("weight", justify="right")
        models.add_column("model")
        models.add_column("its estimate of N", justify="right")
        for model in result.models:
            models.add_row(f"{model.weight:.3f}", model.name, _number(model.estimate))
        console.print(models)
    if result.diagnostics:
        console.print("  diagnostics:")
        for key, value in result.diagnostics.items():
            if isinstance(value, float):
                shown: object = f"{value:.4g}"
            elif isinstance(value, str | int):
                shown = value
            else:
                shown = json.dumps(plain(value))
            console.print(f"    {key}: {shown}", markup=False)


def _render_warnings(console: Console, warnings: tuple[str, ...]) -> None:
    if not warnings:
        return
    console.print("[bold]warnings[/bold]")
    for warning in warnings:
        console.print(f"  - {warning}", markup=False)


def _render(console: Console, source: str, result: Estimate | StratifiedEstimate) -> None:
    from uncounted.estimate import StratifiedEstimate

    if isinstance(result, StratifiedEstimate):
        for name, stratum in result.strata.items():
            _render_estimate(console, stratum, f"{result.column} = {name}")
            console.print()
        _render_estimate(console, result.total, f"{source}: total over {result.column}")
        _render_warnings(console, result.total.warnings)
        return
    _render_estimate(console, result, f"{source}: method {result.method}")
    _render_warnings(console, result.warnings)


def _typed_options(given: dict[str, Any]) -> dict[str, Any]:
    """The options the user typed (None = not typed), as keyword arguments of the method."""
    return {name: value for name, value in given.items() if value is not None}


def run_estimate(
    file: Annotated[Path, typer.Argument(help="Capture-history CSV (0/1 list columns, count).")],
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
        int | None, typer.Option(help="loglinear: bootstrap replicates for the interval.")
    ] = None,
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
    wrong = sorted(set(options) - METHOD_OPTIONS[method.value])
    if wrong:
        names = ", ".join(f"--{name}" for name in wrong)
        raise typer.BadParameter(
            f"{names} does not apply to --method {method.value}", param_hint="--method"
        )
    strata = [stratify] if stratify else []
    strata += covariate or []
    histories = CaptureHistories.from_csv(file, strata=strata or None)
    errors = Console(stderr=True)
    result: Estimate | StratifiedEstimate
    with errors.status(f"estimating with {method.value}…"):
        if stratify:
            result = estimate_stratified(histories, stratify, method.value, **options)
        else:
            result = estimate(histories, method.value, **options)
    if plot is not None:
        total = result.total if isinstance(result, StratifiedEstimate) else result
        try:
            plot.write_text(posterior_svg(total), encoding="utf-8")
        except OSError:
            raise InputError(f"cannot write the plot file {plot.name}") from None
    if as_json:
        print_json(result.to_json_dict())
        return
    _render(Console(), file.name, result)


def register(app: typer.Typer) -> None:
    """Add the ``estimate`` command to *app*."""
    app.command("estimate", help=HELP)(run_estimate)
