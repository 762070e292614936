"""The comparison table: one row of canonical keys per record, what the model compares.

Everything identifying is reduced here to folded keys (surname, given name, initial,
patronymic root, birth-year interval, place code, event-day interval), so the model sees the
same thing whichever script, romanisation, order or precision each source used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

import pandas as pd

from uncounted.linkage._blocking import DEFAULT_CAP, block_keys
from uncounted.linkage._comparisons import extra_feature
from uncounted.linkage._dates import ReferenceYears, birth_years, reference_years
from uncounted.linkage._fold import Style, detect_style, fold, list_style
from uncounted.linkage._names import EMPTY_NAME, NameKeys, parse_name
from uncounted.linkage._places import PlaceKey, place_key
from uncounted.model import PartialDate

_EPOCH = pd.Timestamp("1970-01-01").date()
_SEX = {
    "m": "m",
    "male": "m",
    "man": "m",
    "м": "m",
    "муж": "m",
    "мужской": "m",
    "h": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "ж": "f",
    "жен": "f",
    "женский": "f",
    "w": "f",
}
FEATURE_COLUMNS = (
    "unique_id",
    "source",
    "sex",
    "sn",
    "gn",
    "gi",
    "pn",
    "name_key",
    "sgi",
    "sn_alone",
    "gn_alone",
    "sn_consonants",
    "by_lo",
    "by_hi",
    "age_lo",
    "age_hi",
    "bdate",
    "place_code",
    "place_parent",
    "ev_first",
    "ev_last",
    "event_type",
)

T = TypeVar("T")
_VOWELS = re.compile("[aeiou]")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        return frame[name].fillna("").astype(str).str.strip()
    return pd.Series([""] * len(frame), index=frame.index, dtype=str)


def _map_unique(values: pd.Series, function: Callable[[str], T]) -> list[T]:
    """Apply *function* once per distinct value (names repeat a lot at scale)."""
    cache = {value: function(value) for value in values.unique()}
    return [cache[value] for value in values]


def _name_of(frame: pd.DataFrame) -> pd.Series:
    name = _column(frame, "name")
    original = _column(frame, "name_original")
    return name.where(name != "", original)


def _date_or_none(text: str) -> PartialDate | None:
    return PartialDate.parse(text) if text else None


def _days(date: PartialDate | None, last: bool) -> float | None:
    if date is None:
        return None
    day = date.latest() if last else date.earliest()
    return float((day - _EPOCH).days)


def _nullable(values: Iterable[object]) -> list[object]:
    return [value if value not in ("", None) else None for value in values]


def _list_styles(names: pd.Series, sources: pd.Series) -> dict[str, Style]:
    """Each list's romanisation habit, read from all its names (see list_style)."""
    return {
        str(source): list_style(group.unique())
        for source, group in names.groupby(sources, sort=True)
    }


def _by_list(
    values: pd.Series,
    sources: pd.Series,
    styles: dict[str, Style],
    function: Callable[[str, Style], T],
) -> list[T]:
    """*function* of each value in its list's habit, once per distinct (value, habit)."""
    lookup: dict[tuple[str, Style], T] = {}
    out: list[T] = []
    for text, source in zip(values, sources, strict=True):
        style = styles[source]
        if (text, style) not in lookup:
            lookup[(text, style)] = function(text, style)
        out.append(lookup[(text, style)])
    return out


def _parse_all(names: pd.Series, sources: pd.Series, styles: dict[str, Style]) -> list[NameKeys]:
    """Name keys per row, each distinct name of a list parsed once, in the list's habit."""
    # Worker processes were tried: pickling the keys back cost more than parsing saved.
    return _by_list(
        names, sources, styles, lambda text, style: parse_name(text, style) if text else EMPTY_NAME
    )


def _alone(values: list[str | None]) -> list[object]:
    """1 where no other record has the value, 0 where another has, None where it is empty."""
    held = pd.Series(values, dtype=object)
    counts = held.map(held.value_counts()).tolist()
    return [
        None if not value else int(count == 1) for value, count in zip(values, counts, strict=True)
    ]


def _name_features(frame: pd.DataFrame, styles: dict[str, Style]) -> dict[str, list[object]]:
    keys = _parse_all(_name_of(frame), _column(frame, "source"), styles)
    sn = [key.surname for key in keys]
    gn = [key.given for key in keys]
    return {
        "sn": _nullable(sn),
        "gn": _nullable(gn),
        # Whether no other record spells the part so (a typo, most often; see _comparisons).
        "sn_alone": _alone(sn),
        "gn_alone": _alone(gn),
        # The surname's first letter and the consonants after it: two spellings a vowel
        # apart past the first letter (Magomedov/Magamedov) have the same ones, Isaev and
        # Usaev do not (see _comparisons._vowel_apart).
        "sn_consonants": _nullable(s[0] + _VOWELS.sub("", s[1:]) if s else "" for s in sn),
        "gi": _nullable(key.initial_sound for key in keys),
        "pn": _nullable(key.patronymic for key in keys),
        "name_key": _nullable(f"{s} {g}" if s and g else "" for s, g in zip(sn, gn, strict=True)),
        # The surname with the given name's first sound: how many hold it scores Isaev M.
        "sgi": _nullable(
            f"{key.surname} {key.initial_sound}" if key.surname and key.initial_sound else ""
            for key in keys
        ),
    }


def _birth_features(
    frame: pd.DataFrame, events: list[PartialDate | None]
) -> dict[str, list[object]]:
    """Birth years each record allows: ``by_lo``/``by_hi`` from a birth date or an age at a
    dated event, ``age_lo``/``age_hi`` from an age given with no date (wide; read only by
    the birth comparison, never by blocking or clustering)."""
    births = _map_unique(_column(frame, "birth_date"), _date_or_none)
    ages = [int(text) if text else None for text in _column(frame, "age")]
    sources = _column(frame, "source").to_numpy()
    everywhere = reference_years(events)
    references: dict[str, ReferenceYears | None] = {}
    for source in pd.unique(sources):
        own = reference_years(e for e, s in zip(events, sources, strict=True) if s == source)
        references[source] = own or everywhere
    years = [
        birth_years(birth, age, event, references[source])
        for birth, age, event, source in zip(births, ages, events, sources, strict=True)
    ]
    dated = [y if y and not y.undated else None for y in years]
    undated = [y if y and y.undated else None for y in years]
    return {
        "by_lo": [float(y.low) if y else None for y in dated],
        "by_hi": [float(y.high) if y else None for y in dated],
        "age_lo": [float(y.low) if y else None for y in undated],
        "age_hi": [float(y.high) if y else None for y in undated],
        "bdate": [y.exact if y else None for y in dated],
    }


def _extra_key(text: str) -> str:
    style = detect_style(text)
    return " ".join(fold(token, style) or token.lower() for token in text.split())


def build_features(
    frame: pd.DataFrame, extra_columns: tuple[str, ...] = (), block_cap: int = DEFAULT_CAP
) -> pd.DataFrame:
    """The comparison table of a validated records frame (row order and index kept).

    Blocking keys (``bk_*`` columns, see :mod:`uncounted.linkage._blocking`) are added with
    at most *block_cap* records per key value.
    """
    events = _map_unique(_column(frame, "event_date"), _date_or_none)
    sources = _column(frame, "source")
    styles = _list_styles(_name_of(frame), sources)
    places: list[PlaceKey | None] = _by_list(
        _column(frame, "place"),
        sources,
        styles,
        lambda text, style: place_key(text, style) if text else None,
    )
    sex = _map_unique(_column(frame, "sex"), lambda text: _SEX.get(text.lower()))
    columns: dict[str, list[object]] = {
        "unique_id": list(range(len(frame))),
        "source": list(_column(frame, "source")),
        "sex": list(sex),
        **_name_features(frame, styles),
        **_birth_features(frame, events),
        "place_code": [p.code if p else None for p in places],
        "place_parent": [p.parent if p else None for p in places],
        "ev_first": [_days(e, last=False) for e in events],
        "ev_last": [_days(e, last=True) for e in events],
        "event_type": _nullable(_column(frame, "event_type").str.lower()),
    }
    for name in extra_columns:
        columns[extra_feature(name)] = _nullable(_map_unique(_column(frame, name), _extra_key))
    features = pd.DataFrame(columns)
    return pd.concat([features, block_keys(features, block_cap)], axis=1)
