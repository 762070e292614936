"""The capture histories behind the estimate, for researchers: histories.csv and its README.

The strata are decided by :mod:`uncounted.report.strata` (coarsened until no pattern cell is
small and, beside the report's tables, no stratum gives a hidden figure away); here they are
written out. We publish the estimate's own input rather than suppress a pattern cell, which
would break reproduction.

The layout follows HRDAG's (verdata): one 0/1 column per list prefixed ``in_``; with a
``stratum`` column when strata survive, and ``count`` for the people with that pattern (the
tabulated form Rcapture's ``dfreq = TRUE`` and LCMCR's ``tabular = TRUE`` read, and that
``uncounted estimate`` reads).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from uncounted.report.document import EstimateBehind, behind_caution
from uncounted.report.left_out import lists_left_out_said
from uncounted.report.strata import STRATA_MERGED as STRATA_MERGED
from uncounted.report.strata import Person as Person
from uncounted.report.strata import ResearchHistories as ResearchHistories
from uncounted.report.strata import research_histories as research_histories


def histories_csv(histories: ResearchHistories) -> bytes:
    """``[stratum,] in_A, in_B, ..., count``: one row per observed pattern (and stratum)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    columns = [f"in_{letter}" for letter in histories.letters]
    writer.writerow((["stratum"] if histories.stratified else []) + columns + ["count"])
    for stratum, counter in sorted(histories.counts.items()):
        for pattern, count in sorted(counter.items(), reverse=True):
            if any(pattern) and count:
                first = [stratum] if histories.stratified else []
                writer.writerow([*first, *pattern, count])
    return out.getvalue().encode("utf-8")


def _left_out_caution(estimate: Mapping[str, object]) -> str:
    """The paragraph saying the estimate leaves lists out on purpose, the report's sentence
    (:func:`~uncounted.report.left_out.lists_left_out_said`) in English, empty when it does
    not. Without the number of their people: the report prints it only when it gives no
    hidden figure away."""
    left, total = estimate.get("left_out"), estimate.get("lists_in_all")
    if not isinstance(left, int) or not left or not isinstance(total, int):
        return ""
    said = lists_left_out_said(total - left, total, left).translated(str)
    return f"""
CAUTION, READ BEFORE THE NUMBER: {said} They are not in histories.csv.
"""


def _behind_caution(behind: object) -> str:
    """The caution the report prints before its estimate when the estimate is older than the
    records (:func:`~uncounted.report.document.behind_caution`, in English), as a paragraph;
    empty when it is not."""
    if not isinstance(behind, EstimateBehind):
        return ""
    said = behind_caution(behind, str)
    return f"""
CAUTION, READ BEFORE THE NUMBER: {said} (These are records, not people.) The people
documented in the report are counted from the records as they are now.
"""


def _held(estimate: Mapping[str, object]) -> str:
    """What the histories hold beside the estimate's people: the very histories it was made
    from when its run kept them (``kept``); else, a run kept before runs kept them, the
    estimate's lists as the register places their people now."""
    if estimate.get("kept"):
        return ": these histories are the ones it was made from, whatever changed since"
    return f"""; these histories hold
{estimate.get("observed_now")} (they differ only when records were added or linked after the
run: the organisation should then estimate again before publishing)"""


def _why_merged(said: str) -> str:
    """The reason the strata were merged further, as a paragraph; empty when they were not."""
    return f"\n{said}\n" if said else ""


def research_readme(
    histories: ResearchHistories, estimate: Mapping[str, object], why_merged: str = ""
) -> bytes:
    """How to read the histories and reproduce the report's estimate, in R and with uncounted;
    *why_merged*, the reason the strata were merged further (:data:`STRATA_MERGED`, in each
    language of the report), printed after them."""
    lists = ", ".join(f"in_{letter}" for letter in histories.letters)
    k = len(histories.letters)
    strata = "--covariate stratum " if histories.stratified else ""
    method = str(estimate.get("method", ""))
    given = estimate.get("options", {})
    options = "".join(
        f" --{name} {value}" for name, value in (given.items() if isinstance(given, dict) else ())
    )
    figures = (
        f"median {estimate.get('median')}, 95% interval {estimate.get('q025')} to"
        f" {estimate.get('q975')}"
    )
    text = f"""\
CAPTURE HISTORIES BEHIND THE REPORT'S ESTIMATE
==============================================

histories.csv: one row per pattern of lists, with the number of people ("count") whose
records are on exactly those lists. Columns {lists}: 1 on the list, 0 not;
the lists are described in the report, not named, to protect their sources.
Strata: {histories.note}.
{_why_merged(why_merged)}{_behind_caution(estimate.get("behind"))}{_left_out_caution(estimate)}
The report's estimate: method {method}, {figures} (totals, documented people
included), from {estimate.get("observed_by_the_run")} people{_held(estimate)}.

Reproduce it exactly with uncounted (no vault needed; the same method and options; a
stratum column is a covariate, not a list, and the estimate is over all strata together):
  uncounted estimate histories.csv {strata}--method {method}{options} --json

With R (tabulated input; drop the stratum column, or filter one stratum, first). These are
other implementations with their own priors and defaults: expect close, not identical, figures.
  h <- read.csv("histories.csv")
  X <- h[, c({", ".join(f'"in_{letter}"' for letter in histories.letters)}, "count")]
  # Rcapture: log-linear models
  library(Rcapture); closedp(X, dfreq = TRUE)
  # dga (HRDAG): Bayesian model averaging over decomposable graphs
  library(dga); k <- {k}
  Y <- array(0, rep(2, k))
  for (i in seq_len(nrow(X))) Y[matrix(unlist(X[i, 1:k]) + 1, 1)] <- X$count[i]
  data(graphs{k}); post <- bma.cr(Y, Nmissing = 0:2000, delta = 1, graphs = graphs{k})
  # LCMCR: latent-class model (lists as factors, tabulated counts in a column named Freq)
  library(LCMCR); F <- X; names(F)[names(F) == "count"] <- "Freq"
  F[1:k] <- lapply(F[1:k], factor, levels = c(0, 1))
  fit <- lcmCR(F, tabular = TRUE, in_list_label = "1", not_in_list_label = "0", K = 10, seed = 1)
  N <- lcmCR_PostSampl(fit, burnin = 10000, samples = 1000, thinning = 100)
  quantile(N, c(0.025, 0.5, 0.975))
"""
    return text.encode("utf-8")
