"""The Gibbs sampler of the non-parametric latent-class model, compiled with numba.

One call runs one chain from start to finish without returning to Python, which is what makes
it as fast as the C++ of the R package LCMCR. The model and the order of the updates follow
Manrique-Vallier (2016) as implemented in LCMCR 0.4.14:

* individuals belong to one of ``K`` latent classes with weights ``nu`` drawn from a
  truncated stick-breaking prior with concentration ``alpha ~ Gamma(a_alpha, b_alpha)``;
* within class ``k`` an individual is on list ``j`` with probability ``lambda[j, k]``, with a
  ``Beta(1, 1)`` prior, independently across lists;
* the number of unobserved individuals ``n0`` has the improper prior that makes
  ``n0 | rest`` negative binomial with ``n`` (observed) successes and success probability
  ``1 - P(never listed)``; draws above ``max_n0`` are rejected, as the R package does with
  ``max_n0 = 20 * n``.

The sampler works on cell frequencies: for every observed capture pattern it draws how many
of its individuals fall in each class (a multinomial), never individual labels.

Every random number comes from the numpy ``Generator`` passed in, so a seed fixes the draws.
Probabilities are kept as logarithms, as in LCMCR, so that tiny class weights do not
underflow.

mypy cannot see through ``numba.njit``; the module is excluded from strict checking in
``pyproject.toml`` for that reason only.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

#: A draw of n0 is retried at most this many times before the truncated negative binomial
#: is sampled exactly by inversion (LCMCR retries forever; the result is the same law).
_MAX_REJECTIONS = 200

#: Counts up to this size are split among classes one individual at a time.
_SMALL_MULTINOMIAL = 40

#: Sweeps run with ``alpha`` fixed before the classes are sorted, as LCMCR's initialisation.
WARMUP_SWEEPS = 500


@njit(cache=True, nogil=True)
def _log_gamma_draw(rng, shape):
    """log of a Gamma(shape, 1) draw, accurate for shapes far below 1."""
    if shape < 1.0:
        u = rng.random()
        while u <= 0.0:
            u = rng.random()
        return math.log(rng.standard_gamma(shape + 1.0)) + math.log(u) / shape
    return math.log(rng.standard_gamma(shape))


@njit(cache=True, nogil=True)
def _log_add(a, b):
    """log(exp(a) + exp(b)) without overflow."""
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


@njit(cache=True, nogil=True)
def _categorical(rng, weights, total, order):
    """Index k drawn with probability weights[k] / total, searching classes in ``order``.

    With ``order`` listing heavy classes first, the search usually stops after a step or two.
    """
    u = rng.random() * total
    acc = 0.0
    last = order.shape[0] - 1
    for i in range(last):
        k = order[i]
        acc += weights[k]
        if u < acc:
            return k
    return order[last]


@njit(cache=True, nogil=True)
def _binomial(rng, n, p):
    """Binomial(n, p) draw: inversion from one uniform when the smaller mean is below 30,
    the generator's BTPE otherwise (numba re-derives BTPE's constants on every call, which
    is what makes small means slow there)."""
    flip = p > 0.5
    q = 1.0 - p if flip else p
    if n * q >= 30.0:
        x = rng.binomial(n, q)
    else:
        r = q / (1.0 - q)
        prob = math.exp(n * math.log1p(-q))
        u = rng.random()
        x = 0
        while u > prob and x < n:
            u -= prob
            x += 1
            prob *= r * (n - x + 1) / x
            if prob <= 0.0:
                break
    return n - x if flip else x


@njit(cache=True, nogil=True)
def _multinomial(rng, n, weights, total, order, out):
    """Split n over the classes with probabilities weights / total, into out.

    Small counts are split one individual at a time (cheaper than a chain of binomial draws,
    whose set-up dominates for moderate means); larger ones by conditional binomials taken in
    ``order`` (heavy classes first), so the remainder is soon zero and the chain stops.
    """
    out[:] = 0
    if n <= _SMALL_MULTINOMIAL:
        for _ in range(n):
            out[_categorical(rng, weights, total, order)] += 1
        return
    remaining = n
    rest = total
    last = order.shape[0] - 1
    for i in range(last):
        k = order[i]
        p = weights[k] / rest if rest > 0.0 else 1.0
        if p >= 1.0:
            x = remaining
        elif p <= 0.0:
            x = 0
        else:
            x = _binomial(rng, remaining, p)
        out[k] = x
        remaining -= x
        if remaining == 0:
            return
        rest -= weights[k]
    out[order[last]] = remaining


@njit(cache=True, nogil=True)
def _order_by_weight(log_nu, order):
    """Fill ``order`` with the class indices by decreasing weight (insertion sort; K is small)."""
    for k in range(order.shape[0]):
        order[k] = k
    for i in range(1, order.shape[0]):
        current = order[i]
        j = i - 1
        while j >= 0 and log_nu[order[j]] < log_nu[current]:
            order[j + 1] = order[j]
            j -= 1
        order[j + 1] = current


@njit(cache=True, nogil=True)
def _truncated_negative_binomial(rng, n, p_zero, max_n0):
    """Exact draw of NB(n, 1 - p_zero) restricted to 0..max_n0, by inversion on a log scale."""
    log_p0 = math.log(p_zero)
    size = max_n0 + 1
    logw = np.empty(size)
    logw[0] = 0.0
    top = 0.0
    for x in range(1, size):
        # ratio of successive pmf terms: (n + x - 1) / x * p_zero
        logw[x] = logw[x - 1] + math.log((n + x - 1.0) / x) + log_p0
        if logw[x] > top:
            top = logw[x]
    total = 0.0
    for x in range(size):
        logw[x] = math.exp(logw[x] - top)
        total += logw[x]
    return _categorical(rng, logw, total, np.arange(size))


@njit(cache=True, nogil=True)
def _draw_n0(rng, n, p_zero, max_n0):
    """n0 | rest, rejecting draws above max_n0. Returns (n0, whether any draw was rejected)."""
    if p_zero <= 0.0:
        return 0, False
    if p_zero >= 1.0:
        return max_n0, True
    odds = p_zero / (1.0 - p_zero)
    for attempt in range(_MAX_REJECTIONS):
        # negative binomial as a gamma-mixed Poisson, as numpy does
        lam = rng.gamma(float(n), odds)
        if lam > 4.0e18:
            continue
        n0 = rng.poisson(lam)
        if n0 <= max_n0:
            return n0, attempt > 0
    return _truncated_negative_binomial(rng, n, p_zero, max_n0), True


@njit(cache=True, nogil=True)
def _sweep(
    rng,
    cells,
    freq,
    n,
    state_nu,
    log_nu,
    log_lam,
    count_zk,
    count0k,
    alpha_n0,
    max_n0,
    weights,
    counts_k,
    aux,
    order,
    update_alpha,
    a_alpha,
    b_alpha,
):
    """One Gibbs sweep in LCMCR's order: classes of observed cells, lambda, nu, n0 and its
    classes, alpha. ``alpha_n0`` holds (alpha, n0) as floats. Returns whether n0 was capped."""
    m_cells, n_lists = cells.shape
    n_classes = log_nu.shape[0]
    alpha = alpha_n0[0]
    n0 = int(alpha_n0[1])

    # 1. class counts of each observed cell
    _order_by_weight(log_nu, order)
    for m in range(m_cells):
        top = -np.inf
        for k in range(n_classes):
            lp = log_nu[k]
            for j in range(n_lists):
                lp += log_lam[j, k, cells[m, j]]
            weights[k] = lp
            if lp > top:
                top = lp
        total = 0.0
        for k in range(n_classes):
            weights[k] = math.exp(weights[k] - top)
            total += weights[k]
        if freq[m] == 1:
            for k in range(n_classes):
                count_zk[m, k] = 0
            count_zk[m, _categorical(rng, weights, total, order)] = 1
        else:
            _multinomial(rng, freq[m], weights, total, order, count_zk[m])

    # 2. lambda | classes, Beta(1, 1) prior, kept as (log(1 - lambda), log(lambda))
    aux[:, :, :] = 0
    for m in range(m_cells):
        for k in range(n_classes):
            c = count_zk[m, k]
            if c == 0:
                continue
            for j in range(n_lists):
                aux[j, k, cells[m, j]] += c
    for k in range(n_classes):
        c0 = count0k[k]
        for j in range(n_lists):
            aux[j, k, 0] += c0
    for j in range(n_lists):
        for k in range(n_classes):
            # shapes are at least 1, so the gamma draws cannot underflow: no logs needed
            ga = rng.standard_gamma(1.0 + aux[j, k, 1])
            gb = rng.standard_gamma(1.0 + aux[j, k, 0])
            ls = math.log(ga + gb)
            log_lam[j, k, 1] = math.log(ga) - ls
            log_lam[j, k, 0] = math.log(gb) - ls

    # 3. nu | classes (stick-breaking), observed and unobserved individuals together
    for k in range(n_classes):
        counts_k[k] = count0k[k]
        for m in range(m_cells):
            counts_k[k] += count_zk[m, k]
    accumulated = 0
    log_rest = 0.0
    for k in range(n_classes - 1):
        accumulated += counts_k[k]
        shape_rest = alpha + float(n0 + n - accumulated)
        if shape_rest >= 1.0:
            # both shapes at least 1: plain gamma draws cannot underflow
            ga = rng.standard_gamma(1.0 + counts_k[k])
            gb = rng.standard_gamma(shape_rest)
            ls = math.log(ga + gb)
            log_nu[k] = math.log(ga) - ls + log_rest
            log_rest += math.log(gb) - ls
        else:
            la = _log_gamma_draw(rng, 1.0 + counts_k[k])
            lb = _log_gamma_draw(rng, shape_rest)
            ls = _log_add(la, lb)
            log_nu[k] = la - ls + log_rest
            log_rest += lb - ls
        state_nu[k] = math.exp(log_nu[k])
    log_nu[n_classes - 1] = log_rest
    state_nu[n_classes - 1] = math.exp(log_rest)

    # 4. probability of never being listed, n0, and the classes of the unobserved
    _order_by_weight(log_nu, order)
    top = -np.inf
    for k in range(n_classes):
        lp = log_nu[k]
        for j in range(n_lists):
            lp += log_lam[j, k, 0]
        weights[k] = lp
        if lp > top:
            top = lp
    p_zero = 0.0
    for k in range(n_classes):
        p_zero += math.exp(weights[k])
    n0, capped = _draw_n0(rng, n, p_zero, max_n0)
    if n0 == 0:
        count0k[:] = 0
    else:
        total = 0.0
        for k in range(n_classes):
            weights[k] = math.exp(weights[k] - top)
            total += weights[k]
        _multinomial(rng, n0, weights, total, order, count0k)

    # 5. alpha | nu
    if update_alpha:
        alpha = rng.gamma(a_alpha + n_classes - 1.0, 1.0 / (b_alpha - log_nu[n_classes - 1]))
    alpha_n0[0] = alpha
    alpha_n0[1] = float(n0)
    return capped


@njit(cache=True, nogil=True)
def run_chain(
    rng, cells, freq, n_classes, a_alpha, b_alpha, burnin, samples, thinning, max_n0, start_n0=0
):
    """Initialise as LCMCR, burn in, then keep n0 every ``thinning`` sweeps.

    Returns ``(n0_draws, capped_sweeps, sweeps_run)`` where ``capped_sweeps`` counts the
    sampling sweeps in which a draw of n0 above ``max_n0`` was rejected.
    """
    m_cells, n_lists = cells.shape
    n = 0
    for m in range(m_cells):
        n += freq[m]

    nu = np.empty(n_classes)
    log_nu = np.empty(n_classes)
    log_lam = np.empty((n_lists, n_classes, 2))
    count_zk = np.zeros((m_cells, n_classes), dtype=np.int64)
    count0k = np.zeros(n_classes, dtype=np.int64)
    weights = np.empty(n_classes)
    counts_k = np.zeros(n_classes, dtype=np.int64)
    aux = np.zeros((n_lists, n_classes, 2), dtype=np.int64)
    alpha_n0 = np.zeros(2)
    order = np.arange(n_classes)

    # class weights from the stick-breaking prior with alpha = 1
    log_rest = 0.0
    for k in range(n_classes - 1):
        la = _log_gamma_draw(rng, 1.0)
        lb = _log_gamma_draw(rng, 1.0)
        ls = _log_add(la, lb)
        log_nu[k] = la - ls + log_rest
        log_rest += lb - ls
    log_nu[n_classes - 1] = log_rest
    for k in range(n_classes):
        nu[k] = math.exp(log_nu[k])
    # capture probabilities at each list's share of the observed individuals
    for j in range(n_lists):
        listed = 0
        for m in range(m_cells):
            if cells[m, j] == 1:
                listed += freq[m]
        p = listed / n
        for k in range(n_classes):
            log_lam[j, k, 1] = math.log(p) if p > 0.0 else -np.inf
            log_lam[j, k, 0] = math.log1p(-p) if p < 1.0 else -np.inf
        if start_n0 > 0:
            # a dispersed start: the last class holds start_n0 unobserved people and is
            # listed as rarely as if they belonged to the population
            p = listed / (n + start_n0) / n_classes
            log_lam[j, n_classes - 1, 1] = math.log(p) if p > 0.0 else -np.inf
            log_lam[j, n_classes - 1, 0] = math.log1p(-p)
    if start_n0 > 0:
        alpha_n0[1] = float(start_n0)
        count0k[n_classes - 1] = start_n0

    alpha_n0[0] = 0.3 / n_classes
    for _ in range(WARMUP_SWEEPS):
        _sweep(
            rng,
            cells,
            freq,
            n,
            nu,
            log_nu,
            log_lam,
            count_zk,
            count0k,
            alpha_n0,
            max_n0,
            weights,
            counts_k,
            aux,
            order,
            False,
            a_alpha,
            b_alpha,
        )

    # relabel the classes by decreasing weight (LCMCR does this once, after the warm-up)
    relabel = np.argsort(-nu, kind="mergesort")
    nu[:] = nu[relabel]
    log_nu[:] = log_nu[relabel]
    log_lam[:, :, :] = log_lam[:, relabel, :]
    count_zk[:, :] = count_zk[:, relabel]
    count0k[:] = count0k[relabel]

    for _ in range(burnin):
        _sweep(
            rng,
            cells,
            freq,
            n,
            nu,
            log_nu,
            log_lam,
            count_zk,
            count0k,
            alpha_n0,
            max_n0,
            weights,
            counts_k,
            aux,
            order,
            True,
            a_alpha,
            b_alpha,
        )

    draws = np.empty(samples, dtype=np.int64)
    capped_sweeps = 0
    for s in range(samples):
        for _ in range(thinning):
            if _sweep(
                rng,
                cells,
                freq,
                n,
                nu,
                log_nu,
                log_lam,
                count_zk,
                count0k,
                alpha_n0,
                max_n0,
                weights,
                counts_k,
                aux,
                order,
                True,
                a_alpha,
                b_alpha,
            ):
                capped_sweeps += 1
        draws[s] = int(alpha_n0[1])
    return draws, capped_sweeps, WARMUP_SWEEPS + burnin + samples * thinning
