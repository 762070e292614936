"""The vault package exposes exactly the names in its ``__all__``: its one public surface."""

from __future__ import annotations

import types

import uncounted.vault as vault


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(vault).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(vault.__all__) == public
    assert len(vault.__all__) == len(set(vault.__all__))
