"""uncounted.linkage: link records of the same person across sources, scripts and spellings.

A pure library (no vault, web or CLI imports). The usual path::

    table = uncounted.intake.read_records_file(path)   # validated as an import is
    records = pandas.DataFrame(table.values)
    result = link_records(records, LinkConfig())  # rows + cluster_id + match_probability
    histories = capture_histories(result.records) # for uncounted.estimate

Every name is loaded when first asked for (PEP 562): ``from uncounted.linkage import
place_code`` reads only the place rules, so the intake and the testimony form import it at
module top without loading Splink, DuckDB and pandas, which the command line must not wait
for at start (tests/test_cli_contract.py). Only what needs linking itself loads them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what mypy reads; at run time __getattr__ below loads each name
    from uncounted.linkage._backends import Backend, BackendUnavailable
    from uncounted.linkage._caches import clear_caches
    from uncounted.linkage._clustering import (
        Clusters,
        ConflictingDecisionsError,
        ScoredPairs,
        cluster,
    )
    from uncounted.linkage._dates import BirthYears, birth_years
    from uncounted.linkage._features import build_features
    from uncounted.linkage._fold import detect_style, fold, list_style, transliterate
    from uncounted.linkage._histories import capture_histories, capture_table
    from uncounted.linkage._link import LinkConfig, LinkResult, link_records, relink
    from uncounted.linkage._names import NameKeys, canonical_given, parse_name, search_keys
    from uncounted.linkage._places import PlaceKey, place_code, place_key
    from uncounted.linkage._review import (
        Decision,
        Decisions,
        DecisionsError,
        read_decisions,
        review_pairs,
        write_review,
    )
    from uncounted.linkage._script import detect_script

# Each public name and the module that holds it: what __getattr__ loads
# (tests/linkage/test_lazy_package.py checks it against __all__ and the imports above).
_HOME = {
    "Backend": "_backends",
    "BackendUnavailable": "_backends",
    "clear_caches": "_caches",
    "Clusters": "_clustering",
    "ConflictingDecisionsError": "_clustering",
    "ScoredPairs": "_clustering",
    "cluster": "_clustering",
    "BirthYears": "_dates",
    "birth_years": "_dates",
    "build_features": "_features",
    "detect_style": "_fold",
    "fold": "_fold",
    "list_style": "_fold",
    "transliterate": "_fold",
    "capture_histories": "_histories",
    "capture_table": "_histories",
    "LinkConfig": "_link",
    "LinkResult": "_link",
    "link_records": "_link",
    "relink": "_link",
    "NameKeys": "_names",
    "canonical_given": "_names",
    "parse_name": "_names",
    "search_keys": "_names",
    "PlaceKey": "_places",
    "place_code": "_places",
    "place_key": "_places",
    "Decision": "_review",
    "Decisions": "_review",
    "DecisionsError": "_review",
    "read_decisions": "_review",
    "review_pairs": "_review",
    "write_review": "_review",
    "detect_script": "_script",
}

__all__ = [
    "Backend",
    "BackendUnavailable",
    "BirthYears",
    "Clusters",
    "ConflictingDecisionsError",
    "Decision",
    "Decisions",
    "DecisionsError",
    "LinkConfig",
    "LinkResult",
    "NameKeys",
    "PlaceKey",
    "ScoredPairs",
    "birth_years",
    "build_features",
    "canonical_given",
    "capture_histories",
    "capture_table",
    "clear_caches",
    "cluster",
    "detect_script",
    "detect_style",
    "fold",
    "link_records",
    "list_style",
    "parse_name",
    "place_code",
    "place_key",
    "read_decisions",
    "relink",
    "review_pairs",
    "search_keys",
    "transliterate",
    "write_review",
]


def __getattr__(name: str) -> object:
    """Load *name*'s module on first use and keep the name here (later reads skip this)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
