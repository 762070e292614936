"""A synthetic world: the true population, every source's records, and the ground truth.

This is the generator's public entry point. ``generate_world(WorldConfig(...))`` returns a
:class:`World` whose records look like the lists an NGO receives (records format of
DESIGN.md) and whose truth says which person each record is about, so that linkage can be
scored and estimates checked against the true population size.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from uncounted.errors import InputError
from uncounted.model import RECORD_COLUMNS
from uncounted.synth._config import WorldConfig
from uncounted.synth._histories import pattern_table
from uncounted.synth._people import Population, draw_population, people_frame
from uncounted.synth._sources import SourceRecords, render_source
from uncounted.synth._vocab import name_vocabulary, places


class WorldWriteError(InputError):
    """Raised when the output directory of a synthetic world cannot be written."""


@dataclass(frozen=True)
class WrittenWorld:
    """Where :meth:`World.write` put each table."""

    records: Path
    truth: Path
    histories: Path


@dataclass(frozen=True, eq=False, repr=False)
class World:
    """A generated world. Tables are built on first use and then kept."""

    config: WorldConfig
    population: Population
    sources: tuple[SourceRecords, ...]

    def __repr__(self) -> str:
        """A one-line summary (the arrays would flood a test report)."""
        return (
            f"World(people={self.population_size}, sources={list(self.source_names)}, "
            f"records={sum(len(s.person_id) for s in self.sources)}, seed={self.config.seed})"
        )

    @property
    def population_size(self) -> int:
        """The true number of people N, documented or not."""
        return self.population.size

    @property
    def source_names(self) -> tuple[str, ...]:
        """The sources' names, in configuration order."""
        return tuple(spec.name for spec in self.config.sources)

    @cached_property
    def records(self) -> pd.DataFrame:
        """Every source's records in DESIGN.md's records format ('' or <NA> where absent)."""
        frames = [source.records for source in self.sources]
        if not frames:
            return pd.DataFrame(columns=list(RECORD_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    @cached_property
    def truth(self) -> pd.DataFrame:
        """Which person each record is about: columns source, record_id, person_id."""
        return pd.DataFrame(
            {
                "source": self.records["source"],
                "record_id": self.records["record_id"],
                "person_id": np.concatenate(
                    [np.empty(0, dtype=np.int64)] + [s.person_id for s in self.sources]
                ),
            }
        )

    @cached_property
    def people(self) -> pd.DataFrame:
        """The true population, one row a person (Cyrillic names, ISO dates, place codes)."""
        return people_frame(self.population, self.config, name_vocabulary(), places())

    def capture_histories(self) -> pd.DataFrame:
        """The true capture histories: one 0/1 column per source and a count per pattern.

        A person recorded twice by one source counts once there. People on no list are not
        in the table (that is what estimation must recover); see :attr:`population_size`.
        """
        seen = np.zeros((self.population_size, len(self.sources)), dtype=np.uint8)
        for column, source in enumerate(self.sources):
            seen[source.person_id, column] = 1
        return pattern_table(seen, self.source_names)

    def write(self, directory: Path) -> WrittenWorld:
        """Write records.csv, truth.csv and histories.csv (UTF-8) into *directory*."""
        written = WrittenWorld(
            records=directory / "records.csv",
            truth=directory / "truth.csv",
            histories=directory / "histories.csv",
        )
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self.records.to_csv(written.records, index=False, encoding="utf-8")
            self.truth.to_csv(written.truth, index=False, encoding="utf-8")
            self.capture_histories().to_csv(written.histories, index=False, encoding="utf-8")
        except OSError as error:
            raise WorldWriteError(
                f"cannot write the synthetic world into {directory}: {error.strerror}"
            ) from error
        return written


def generate_world(config: WorldConfig | None = None) -> World:
    """Generate the world *config* describes; the same config always gives the same world."""
    config = config or WorldConfig()
    config.validate()
    gazetteer = places()
    population = draw_population(config, name_vocabulary(), gazetteer, config.seed)
    sources = tuple(render_source(spec, config, population, gazetteer) for spec in config.sources)
    return World(config=config, population=population, sources=sources)
