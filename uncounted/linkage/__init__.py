"""uncounted.linkage: link records of the same person across sources, scripts and spellings.

A pure library (no vault, web or CLI imports). The usual path::

    table = uncounted.intake.read_records_file(path)   # validated as an import is
    records = pandas.DataFrame(table.values)
    result = link_records(records, LinkConfig())  # rows + cluster_id + match_probability
    histories = capture_histories(result.records) # for uncounted.estimate
"""

from __future__ import annotations

from uncounted.linkage._backends import Backend, BackendUnavailable
from uncounted.linkage._caches import clear_caches
from uncounted.linkage._clustering import Clusters, ConflictingDecisionsError, ScoredPairs, cluster
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
