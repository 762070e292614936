"""Synthetic worlds: a true population of victims and the lists that partly record them.

Used by the linkage tests and benchmarks, by estimation's parameter-recovery tests, and by
``uncounted demo``. Every person is synthetic by construction: names are recombined from
common given names, surname stems and suffixes, dates and places are drawn at random, and
nothing is read from any real list. Typical use::

    from uncounted.synth import WorldConfig, generate_world

    world = generate_world(WorldConfig(people=3000, seed=1))
    world.records              # what linkage sees (DESIGN.md records format)
    world.truth                # source, record_id, person_id
    world.capture_histories()  # one 0/1 column per source + count
    world.population_size      # the true N
"""

from typing import TYPE_CHECKING, Any

from uncounted.model import RECORD_COLUMNS
from uncounted.synth._config import (
    NoiseRates,
    SourceSpec,
    SynthConfigError,
    Wave,
    WorldConfig,
    default_event_types,
    default_sources,
    default_waves,
)
from uncounted.synth._romanise import UnknownRomanisation, available_romanisations, romaniser

if TYPE_CHECKING:
    from uncounted.synth._details import event_details
    from uncounted.synth._histories import simulate_histories
    from uncounted.synth._random import describe_setting, random_world_config
    from uncounted.synth._world import World, WrittenWorld, generate_world

__all__ = [
    "RECORD_COLUMNS",
    "NoiseRates",
    "SourceSpec",
    "SynthConfigError",
    "UnknownRomanisation",
    "Wave",
    "World",
    "WorldConfig",
    "WrittenWorld",
    "available_romanisations",
    "default_event_types",
    "default_sources",
    "default_waves",
    "describe_setting",
    "event_details",
    "generate_world",
    "random_world_config",
    "romaniser",
    "simulate_histories",
]


#: Names whose modules load pandas: imported on first use, so that the command line (which
#: only needs the configuration to print its help) starts quickly.
_LAZY = {
    "simulate_histories": "uncounted.synth._histories",
    "event_details": "uncounted.synth._details",
    "World": "uncounted.synth._world",
    "WrittenWorld": "uncounted.synth._world",
    "generate_world": "uncounted.synth._world",
    "random_world_config": "uncounted.synth._random",
    "describe_setting": "uncounted.synth._random",
}


def __getattr__(name: str) -> Any:
    """Import the pandas-backed parts of the generator on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
