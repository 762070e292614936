"""Helpers for the synthetic-world tests: sources made error-free or noisier on purpose."""

from __future__ import annotations

from dataclasses import replace

from uncounted.synth import NoiseRates, SourceSpec


def without_errors(spec: SourceSpec) -> SourceSpec:
    """*spec* with every error rate set to zero (same fields, same capture)."""
    silent = {name: 0.0 for name in spec.noise.rates()}
    return replace(spec, noise=NoiseRates(**silent))


def with_noise(spec: SourceSpec, **rates: float) -> SourceSpec:
    """*spec* with the given error rates changed and the others kept."""
    return replace(spec, noise=replace(spec.noise, **rates))
