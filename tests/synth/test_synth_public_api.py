"""The package exposes a small, deliberate surface: exactly the names in ``__all__``."""

from __future__ import annotations

import types

import uncounted.synth as synth


def test_all_lists_exactly_the_public_names() -> None:
    eager = {
        name
        for name, value in vars(synth).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    lazy = set(synth._LAZY)
    assert eager - {"annotations", "TYPE_CHECKING", "Any"} | lazy == set(synth.__all__)
    for name in synth.__all__:
        assert getattr(synth, name) is not None


def test_every_public_name_is_documented() -> None:
    undocumented = [
        name
        for name in synth.__all__
        if callable(getattr(synth, name)) and not (getattr(synth, name).__doc__ or "").strip()
    ]
    assert undocumented == []
