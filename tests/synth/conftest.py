"""Fixtures shared by the synthetic-world tests."""

from __future__ import annotations

import pytest

from uncounted.synth import World, WorldConfig, generate_world


@pytest.fixture(scope="module")
def world() -> World:
    """The default world at its default size, seed 11."""
    return generate_world(WorldConfig(seed=11))
