"""Which pairs are scored at all (blocking): several independent keys, each with a size cap.

A pair is proposed when the two records agree exactly on at least one key. The keys are
built so that one typo anywhere in a name, in the first letters too, a vowel written
differently (Ахмадов / Ахмедов), swapped name order, a missing given name or initials in
place of it still leave some key on which the two records agree:

- the two name parts, in either order; each part alone (rare names make small blocks, common
  ones are refined or dropped by the cap below);
- the first four and the last four letters of the surname, each with the given name;
- the surname with the given name's first four letters, and with its last three; the first
  four letters of both parts in either order (a typo that makes a given name read as a
  surname, Magomew, swaps the parts and changes one);
- a consonant code of both parts (vowels, glides and h dropped, voiced and voiceless
  consonants merged), which vowel variants and most vowel typos leave alone, and of the
  surname alone (a typo in the given name's first letter that also changes how the whole
  name is read, WMagomed Elmurzaev);
- the surname or given name with the patronymic, or with the event's day; the given initial
  with the event's day, and the given name with the birth-year bucket (below), which a
  surname with typos in several letters still shares;
- the surname with the given initial (initials in place of names), and with the birth year
  in two-year buckets too (offset by one, so two years one apart always share a bucket);
- the surname's consonant code, its first four and its last four letters, each with the
  given initial (an initial-only record whose surname has a typo or a vowel variant); the
  initial is a sound class (:func:`uncounted.linkage._names.initial_class`), since lists
  write one Cyrillic initial with different Latin letters;
- a surname of four to seven letters by its first two and last two, with the given
  initial: in a short surname the first four and the last four letters overlap, so one
  slip in its middle changes both and its consonant code too (Muaev A. beside Mutaev
  Alikhan, Umaev beside Umsaev), and an initial-only record has no given name for any
  other key to meet on (at a quarter of the cap; longer surnames' first and last four
  are apart, one of them always left whole);
- the letters of a surname of up to seven letters, sorted, with the given initial (at a
  quarter of the cap): two letters of a short surname swapped (Eksev A. beside Eskev Abdul)
  change all four surname keys with the initial above, and an initial-only record has no
  other key to meet on;
- the given name, the patronymic's consonant code and the birth-year bucket;
- the surname's first four letters with the given name's last three, and its last four with
  the given name's first four (a slip in each part, one at each end: Ferorov Evgenik,
  Fedorov Evgeni);
- the full date of birth alone (at most a quarter of the cap a block): two records born
  the same day, whatever typos both names carry (Usupov Ismail, Usufov Kmail);
- a surname of seven letters or more without its first letter, with the given name: a
  slip in the surname's first letter (Misultanov for Bisultanov) leaves it the last four
  letters with the given name, a block a common ending and a common given name put over
  the cap, where a record with no birth date is dropped; without its first letter only,
  the block is about the person's own (shorter surnames' tails are shared: Musaev,
  Yusaev);
- either name part alone, whichever of the two the parse took for the surname (the two
  parts in alphabetical order, each a key, at a quarter of the cap): a typo that makes a
  given name no longer read as one swaps the parse of one record only (Ilin Maomed read
  as surname Maomed, beside Ilin Magomed), and every key above pairs a surname with a
  surname;
- the surname's consonant code with the given name's without its first letter (a slip in
  the given name's first letters, one letter put in, dropped or changed, beside a vowel
  slip in the surname: Motaev Usup, Mutaev Kusup; Sutaev Eni, Sotaev Deni), and the
  surname's last four letters with the given name's last three (the same slip beside one
  in the surname's first letters: Gairbekov Ahmed, Airbekov Tshmed), both at a quarter of
  the cap: every key above that holds the given name holds its first letters, or the
  surname whole or by its first letters;
- six min-hash keys of the letter triples of both parts (:func:`_gram_bands`, at an
  eighth of the cap): a typo in each part, or two in one, in the middle of short parts
  where every key above holds a changed letter (Bataev Ismail, Batlaev Ismaol), still
  leaves most triples, and a key agrees with the chance that the two names' least
  triples under two orders are the same.
- a consonant code of both parts, in either order, blind to OCR slips (rn for m, cl for d),
  to c, ch and tch against ts (ч and ц both read c once a plain list strips ISO 9's
  hacek) and to v/f (:func:`loose_phonetic`; Chumaev Islam beside Tsumaeu Islarn, whose
  slip in the given name made the parse take it for the surname), at a quarter of the cap;
- a surname made of a given name and -ov/-ev with that name spelled canonically, by the
  same code, with the given initial (:func:`given_stem`; Mohmadov M. beside Magomedov
  Magomed, Мохьмадов beside Магомедов: every letter key and the consonant code differ), at
  a quarter of the cap. On the independent generator's typos6 worlds of seeds 28-33
  (tuning data) these two proposed 45 of the 427 true pairs no key proposed before, for 2%
  more pairs there and 0.9% more at 100,000 records (docs/benchmarks/linkage.md,
  seventeenth pass, linkrecall9);
- sorted neighbourhoods (:func:`_neighbours`): within the given name's block an undated
  record, within the given initial's an initial-only record, with the two records nearest
  its surname's spelling on each side, read forward and backward: the capped keys below
  refine a common block by a date such a record lacks, or hold the surname it misspells.

Common names would make quadratic blocks (a million records, 4% of men named Magomed). So
every key is *frequency-aware*: a key value held by more than ``cap`` records is refined by
the birth year (or, lacking it, the event's month; a birth range by its even year on half
the keys and its odd year on the others, :func:`_refinements`), and a value still above the
cap is cut into windows along the event's date (:func:`_windows`) instead of being dropped,
so no record loses a key however common its name: ``cap`` records a window for the full name
and the surname with the initial, a quarter of the key's cap for the keys made for typos (a
record's match, sorted by the event's date, is among its nearest few). Those two strongest
keys are also cut into windows along the event's date without the birth year, twice,
offset by half a window, so a record without a birth year still meets its match in a
common-name block; those windows shrink as the block grows (:func:`_shrinking`), down to a
quarter of the cap. The cost of blocking is then at most about ``cap`` candidates per record
and key, whatever the input size.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections.abc import Iterator, Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.linkage._names import canonical_given

DEFAULT_CAP = 80

_PHONETIC = (
    (re.compile(r"ts"), "s"),  # z of the German habit, ц of most: Elmurzaev, Elmurtsaev
    (re.compile(r"[aeiouyhj]"), ""),
    (re.compile(r"b"), "p"),
    (re.compile(r"[vw]"), "f"),
    (re.compile(r"[gq]"), "k"),
    (re.compile(r"d"), "t"),
    (re.compile(r"z"), "s"),
    (re.compile(r"(.)\1+"), r"\1"),
)


def phonetic(key: str) -> str:
    """A consonant code of a folded name part (ahmadov, ahmedov -> mtf; isaev -> sf)."""
    for pattern, replacement in _PHONETIC:
        key = pattern.sub(replacement, key)
    return key


# Slips a consonant code should read as the letter meant: letters an OCR reading splits or
# joins (rn for m: Islarn, Adarn; cl for d), and c, ch and tch for the sibilant a plain
# transliteration leaves (ч and ц both read c once ISO 9's hacek is stripped: Chanev,
# Tsanev); the labial v/f, which typos and endings (-ov, -ou, -ob) blur, is left out.
_LOOSE = (
    (re.compile(r"rn"), "m"),
    (re.compile(r"cl"), "d"),
    (re.compile(r"tch|ch|c"), "s"),
)


def loose_phonetic(key: str) -> str:
    """A consonant code blind to OCR and plain-transliteration slips and to v/f
    (islarn, islam -> slm; chanev, tsanev -> sn)."""
    for pattern, replacement in _LOOSE:
        key = pattern.sub(replacement, key)
    return phonetic(key).replace("f", "")


def given_stem(surname: str) -> str:
    """A surname made of a given name and -ov/-ev with that name spelled canonically
    (mohmadov, magomedev -> magomedov; ahmadov -> ahmedov), else the surname itself."""
    if surname.endswith(("ov", "ev")) and len(surname) > 4:
        return canonical_given(surname[:-2]) + "ov"
    return surname


def _part(values: pd.Series, function: object) -> pd.Series:
    cache: dict[object, object] = {}
    out: list[object] = []
    for value in values:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append(None)
            continue
        if value not in cache:
            cache[value] = function(value)  # type: ignore[operator]
        out.append(cache[value])
    return pd.Series(out, index=values.index, dtype=object)


# Key values as whole numbers, -1 where missing: joining, counting and cutting a million
# records' keys as text took most of the time of building the comparison table.
Codes = npt.NDArray[np.int64]


def _factor(values: pd.Series) -> Codes:
    """Whole-number codes of *values* (text or numbers), -1 where missing or empty."""
    values = values.astype(object)
    values = values.where(values != "", None)
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64)


def _factor_together(first: pd.Series, second: pd.Series) -> tuple[Codes, Codes]:
    """Codes of two series of one vocabulary (a surname is compared with a given name)."""
    codes = _factor(pd.concat([first, second], ignore_index=True))
    return codes[: len(first)], codes[len(first) :]


def _numbers(values: npt.NDArray[np.float64]) -> Codes:
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64)


def _compact(values: Codes, missing: npt.NDArray[np.bool_]) -> Codes:
    """*values* renumbered 0, 1, ... in order of first appearance; -1 where *missing*."""
    codes, _ = pd.factorize(values)
    codes = codes.astype(np.int64)
    codes[missing] = -1
    return codes


def _join(*parts: Codes) -> Codes:
    """One code per combination of the parts' codes, -1 where any part is missing."""
    joined = parts[0].copy()
    missing = joined < 0
    for part in parts[1:]:
        missing = missing | (part < 0)
        joined = _compact(joined * (int(part.max(initial=0)) + 2) + (part + 1), missing)
    joined[missing] = -1
    return joined


def _either_order(first: Codes, second: Codes) -> Codes:
    """The two codes (of one vocabulary) as an unordered pair: (a, b) and (b, a) agree."""
    return _join(np.minimum(first, second), np.maximum(first, second))


def _ordered(sn: pd.Series, gn: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The two name parts of each record in alphabetical order (None where either is
    missing), whichever of the two the parse took for the surname."""
    first, second = sn.fillna("").astype(object), gn.fillna("").astype(object)
    swap, both = second < first, sn.notna() & gn.notna()
    lower = first.where(~swap, second).where(both, None)
    higher = second.where(~swap, first).where(both, None)
    return lower, higher


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 64-bit hash of each value (MurmurHash3's finaliser): the orders of the grams."""
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> np.uint64(33))
    values = values * np.uint64(0xC4CEB9FE1A85EC53)
    result: npt.NDArray[np.uint64] = values ^ (values >> np.uint64(33))
    return result


def _gram_bands(sn: pd.Series, gn: pd.Series, bands: int, rows: int) -> list[Codes]:
    """*bands* min-hash keys of the letter triples of both name parts (-1 where either
    part is missing), each the least triple of the two parts under *rows* orders of all
    triples.

    Two records agree on one order's least triple with the probability that a triple of
    either is in both (the Jaccard index), whatever the parts' order: a typo in each part
    or two in one leave most triples in place, and a band agrees where all its *rows*
    orders do (J squared), so names far apart seldom share one. The orders are hashes of
    the triples' text, so a name's keys do not depend on the other records. The least
    triple of a name is the lesser of its parts' (a part's triples are listed once per
    distinct part: a million records hold far fewer parts than full names)."""
    parts = pd.concat([sn, gn], ignore_index=True).astype(object)
    codes, vocabulary = pd.factorize(parts.where(parts != "", None), use_na_sentinel=True)
    owners: list[int] = []
    grams: list[str] = []
    for n, part in enumerate(vocabulary):
        marked = f"^{part}$"
        found = {marked[i : i + _GRAM] for i in range(max(len(marked) - _GRAM + 1, 1))}
        owners.extend([n] * len(found))
        grams.extend(found)
    first, second = codes[: len(sn)], codes[len(sn) :]
    both = (first >= 0) & (second >= 0)
    if not both.any():
        return [np.full(len(sn), -1, dtype=np.int64) for _ in range(bands)]
    owner = np.asarray(owners, dtype=np.int64)
    gram, texts = pd.factorize(pd.Series(grams, dtype=object))
    base = np.array([zlib.crc32(str(text).encode()) for text in texts], dtype=np.uint64)
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    keys: list[Codes] = []
    for band in range(bands):
        orders: list[Codes] = []
        for row in range(rows):
            salt = np.uint64((band * rows + row + 1) * 0x9E3779B97F4A7C15 % 2**64)
            least = np.minimum.reduceat(_mix(base ^ salt)[gram], starts)
            of_name = np.minimum(least[np.maximum(first, 0)], least[np.maximum(second, 0)])
            order, _ = pd.factorize(of_name)
            orders.append(np.where(both, order, -1).astype(np.int64))
        keys.append(_join(*orders))
    return keys


def _number(features: pd.DataFrame, column: str) -> npt.NDArray[np.float64]:
    return pd.to_numeric(features[column], errors="coerce").to_numpy(dtype=np.float64)


def _year_buckets(features: pd.DataFrame) -> tuple[Codes, Codes]:
    low, high = _number(features, "by_lo"), _number(features, "by_hi")
    middle = np.floor((low + high) / 2)
    return _numbers(middle // 2), _numbers((middle + 1) // 2)


def _refinements(features: pd.DataFrame) -> tuple[Codes, Codes]:
    """What a key value held by more than the cap is refined by, two ways: the birth year
    of each parity, or lacking it the event's month (as 31-day spans), -1 lacking both
    (even numbers are years, odd ones months, so the two never agree).

    A birth range (an age at the event: 1988-1989) is refined by its year of the given
    parity, an exact year by itself: any two records whose ranges share a year share the
    refinement of that year's parity (1988-1989 and 1989-1990 meet by 1989, 1989 and
    1988-1989 too), while each record stays in one year's block, as small as before.
    Refined by the first year of the range alone, they never met in a capped block."""
    low, high = _number(features, "by_lo"), _number(features, "by_hi")
    month = _number(features, "ev_first") // 31
    middle = np.floor((low + high) / 2)
    found: list[Codes] = []
    for parity in (0, 1):
        year = np.where(
            middle % 2 == parity,
            middle,
            np.where(
                middle + 1 <= high, middle + 1, np.where(middle - 1 >= low, middle - 1, middle)
            ),
        )
        found.append(_numbers(np.where(np.isnan(year), month * 2 + 1, year * 2)))
    return found[0], found[1]


def _counts(key: Codes) -> npt.NDArray[np.int64]:
    """How many records hold each record's key value (0 where it is missing)."""
    present = key >= 0
    if not present.any():
        return np.zeros(len(key), dtype=np.int64)
    per_value = np.bincount(key[present])
    return np.where(present, per_value[np.maximum(key, 0)], 0)


Sizes = int | npt.NDArray[np.int64]


def _windows(
    key: Codes,
    order: npt.NDArray[np.float64],
    size: Sizes,
    offset: Sizes = 0,
    over: int | None = None,
) -> Codes:
    """*key* cut into windows of *size* records along *order* (missing last), by value.

    Each value held by *over* records or fewer (default *size*) is kept whole; a bigger one
    is sorted by *order* (ties by position) and its i-th record gets window (i + *offset*)
    // *size*, so records near each other in that order share a window, and no window
    holds more than *size* records. Two windowings offset by half a window put every two
    records less than half a window apart together in one of them. *size* and *offset*
    may be given per record (the same for every record of a value; see :func:`_shrinking`).
    """
    big = _counts(key) > (int(np.max(size)) if over is None else over)
    if not big.any():
        return key
    positions = np.flatnonzero(big)
    values = key[positions]
    sort = np.lexsort((positions, np.nan_to_num(order[positions], nan=np.inf), values))
    ordered = values[sort]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    rank = np.arange(len(ordered)) - np.repeat(starts, np.diff(np.r_[starts, len(ordered)]))
    at = positions[sort]
    sizes = size[at] if isinstance(size, np.ndarray) else size
    offsets = offset[at] if isinstance(offset, np.ndarray) else offset
    window = np.zeros(len(key), dtype=np.int64)
    window[at] = (rank + offsets) // sizes + 1
    return _compact(key * (int(window.max()) + 1) + window, key < 0)


def _capped(
    key: Codes, refinement: Codes, cap: int, order: npt.NDArray[np.float64], window: int
) -> Codes:
    """*key* where no value holds more than *cap* records: a bigger value is refined by
    *refinement* (lost where the record has none); one still bigger is cut into windows of
    *window* records along *order* (never dropped: every record keeps its key)."""
    big = _counts(key) > cap
    if not big.any():
        return key
    refined = key * (int(refinement.max(initial=0)) + 2) + np.where(big, refinement + 1, 0)
    key = _compact(refined, (key < 0) | (big & (refinement < 0)))
    return _windows(key, order, window, over=cap)


def block_keys(features: pd.DataFrame, cap: int = DEFAULT_CAP) -> pd.DataFrame:
    """One column per blocking key (``bk_*``), each capped at *cap* records per value."""
    sn, gn = features["sn"], features["gn"]
    names, givens = _factor_together(sn, gn)
    patronymic, initial = _factor(features["pn"]), _factor(features["gi"])
    even, odd = _year_buckets(features)
    event = _number(features, "ev_first")
    day = _numbers(event)
    pre4, g_pre4 = _factor_together(_part(sn, lambda s: s[:4]), _part(gn, lambda g: g[:4]))
    suf4 = _factor(_part(sn, lambda s: s[-4:] if len(s) > 4 else None))
    g_suf3 = _factor(_part(gn, lambda g: g[-3:] if len(g) > 3 else None))
    tail = _factor(_part(sn, lambda s: s[1:] if len(s) > 6 else None))
    g_rest = _factor(_part(gn, lambda g: phonetic(g[1:]) if len(g) > 1 else None))
    ends = _factor(_part(sn, lambda s: f"{s[:2]}-{s[-2:]}" if 4 <= len(s) <= 7 else None))
    letters = _factor(_part(sn, lambda s: "".join(sorted(s)) if len(s) <= 7 else None))
    sn_code, gn_code = _factor_together(_part(sn, phonetic), _part(gn, phonetic))
    pn_code = _factor(_part(features["pn"], phonetic))
    lower, higher = _factor_together(*_ordered(sn, gn))
    sn_loose, gn_loose = _factor_together(_part(sn, loose_phonetic), _part(gn, loose_phonetic))
    stem_loose = _factor(_part(sn, lambda s: loose_phonetic(given_stem(s))))
    bands = _gram_bands(sn, gn, _BANDS, _ROWS)
    keys = {
        "bk_name": _either_order(names, givens),
        "bk_sn": names,
        "bk_gn": givens,
        "bk_pre4": _join(pre4, givens),
        "bk_suf4": _join(suf4, givens),
        "bk_gpre4": _join(names, g_pre4),
        "bk_gsuf3": _join(names, g_suf3),
        "bk_pre4_gsuf3": _join(pre4, g_suf3),
        "bk_suf4_gpre4": _join(suf4, g_pre4),
        "bk_code": _either_order(sn_code, gn_code),
        "bk_pre_pair": _either_order(pre4, g_pre4),
        "bk_sn_code": sn_code,
        "bk_sn_pn": _join(names, patronymic),
        "bk_gn_pn": _join(givens, patronymic),
        "bk_sn_day": _join(names, day),
        "bk_gn_day": _join(givens, day),
        "bk_gi_day": _join(initial, day),
        "bk_gn_even": _join(givens, even),
        "bk_gn_odd": _join(givens, odd),
        "bk_sgi": _join(names, initial),
        "bk_code_gi": _join(sn_code, initial),
        "bk_pre4_gi": _join(pre4, initial),
        "bk_suf4_gi": _join(suf4, initial),
        "bk_ends_gi": _join(ends, initial),
        "bk_sgi_even": _join(names, initial, even),
        "bk_sgi_odd": _join(names, initial, odd),
        "bk_gpn_even": _join(givens, pn_code, even),
        "bk_gpn_odd": _join(givens, pn_code, odd),
        "bk_bdate": _factor(features["bdate"]),
        "bk_tail": _join(tail, givens),
        "bk_code_grest": _join(sn_code, g_rest),
        "bk_suf4_gsuf3": _join(suf4, g_suf3),
        "bk_lower": lower,
        "bk_higher": higher,
        **{f"bk_grams{band}": key for band, key in enumerate(bands)},
        "bk_letters_gi": _join(letters, initial),
        "bk_loose": _either_order(sn_loose, gn_loose),
        "bk_stem_gi": _join(stem_loose, initial),
    }
    # The keys take the two refinements in turn, so two records whose birth ranges share a
    # year are refined alike on half the keys (a slip leaves several keys agreeing).
    refinements = _refinements(features)
    columns = {
        name: _codes(
            _capped(key, refinements[n % 2], _cap(name, cap), event, _window(name, cap)),
            features.index,
        )
        for n, (name, key) in enumerate(keys.items())
    }
    for name in _ALSO_BY_EVENT:
        counts = _counts(keys[name])
        big = np.where(counts > cap, keys[name], -1)
        size = _shrinking(counts, cap)
        for half, offset in (("ev", np.zeros_like(size)), ("ev2", size // 2)):
            windows = _windows(big, event, size, offset, over=cap)
            columns[f"{name}_{half}"] = _codes(windows, features.index)
    undated = np.isnan(_number(features, "by_lo")) & np.isnan(event)
    initial_only = (givens < 0) & (initial >= 0)
    columns.update(
        _neighbours(features, {"gn": (givens, undated), "gi": (initial, initial_only)}, cap)
    )
    return pd.DataFrame(columns, index=features.index)


def _spelling_orders(sn: pd.Series) -> dict[str, npt.NDArray[np.float64]]:
    """Each record's place among the surnames in alphabetical order, read forward and read
    backward (nan where the surname is missing): two spellings of one surname with a slip
    past their first letters sort near each other forward, one with a slip in the first
    letters backward."""
    orders: dict[str, npt.NDArray[np.float64]] = {}
    for name, spell in (("sn", lambda s: s), ("ns", lambda s: s[::-1])):
        text = _part(sn, spell)
        known = text.dropna().unique()
        rank = {value: float(n) for n, value in enumerate(sorted(known))}
        orders[name] = np.array([rank.get(v, np.nan) for v in text], dtype=np.float64)
    return orders


def _nearest(
    key: Codes, order: npt.NDArray[np.float64], needy: npt.NDArray[np.bool_], nth: int, run: int
) -> Codes:
    """Each *needy* record with the *nth* record not needy before it (nth > 0) or after it
    (nth < 0) in its block of *key*, sorted by *order* (ties by position): one code per
    record not needy (its own), and a needy record takes that neighbour's.

    A record not needy is the nth before (or after) one run of needy records at most, so
    each record holds one code. Of a run of needy records (500 undated records of one
    name), only the *run* nearest that neighbour take its code; the next *run* share one
    of their own, and so on, so no code is held by more than *run* + 1 records."""
    held = (key >= 0) & ~np.isnan(order)
    positions = np.flatnonzero(held)
    result = np.full(len(key), -1, dtype=np.int64)
    if not len(positions):
        return result
    sort = np.lexsort((positions, order[positions], key[positions]))
    at, blocks, wanting = positions[sort], key[positions][sort], needy[positions][sort]
    starts = np.r_[True, blocks[1:] != blocks[:-1]]
    block = np.cumsum(starts) - 1
    plain = ~wanting
    counted = plain.astype(np.int64)
    before: Codes = (
        np.cumsum(counted) - counted
    )  # plain records before each, counted from the start
    first: Codes = before[np.flatnonzero(starts)][block]  # plain records before each block
    total = np.bincount(block, weights=plain).astype(np.int64)[block]
    rank = before - first + (-nth if nth > 0 else -nth - 1)  # among its block's plain ones
    valid = wanting & (rank >= 0) & (rank < total)
    index = np.arange(len(at))
    opens = wanting & (starts | ~np.r_[False, wanting[:-1]])
    closes = wanting & (np.r_[starts[1:], True] | ~np.r_[wanting[1:], False])
    opened = np.maximum.accumulate(np.where(opens, index, 0))
    closed = np.minimum.accumulate(np.where(closes, index, len(at))[::-1])[::-1]
    chunk: Codes = (index - opened if nth > 0 else closed - index) // run
    plain_at = at[plain]
    result[at[plain]] = at[plain]
    result[at[valid]] = (plain_at[(first + rank)[valid]] + len(key) * chunk[valid]).astype(np.int64)
    return result


def _neighbours(
    features: pd.DataFrame, keys: dict[str, tuple[Codes, npt.NDArray[np.bool_]]], cap: int
) -> dict[str, pd.Series]:
    """Sorted neighbourhoods for the records the capped keys leave out: within the given
    name's block an undated record (no birth year, no event date), within the given
    initial's block a record with an initial in place of its given name, each with the
    records whose surnames are spelled nearest its own (:func:`_spelling_orders`), the
    nearest two on each side read forward and read backward.

    Every other key over the cap is refined by the birth year or the event's month, so an
    undated record is dropped from every common block (Dadjev Magomed, undated, beside
    Dadshev Magomed), and an initial-only record has only the surname keys, which a slip
    in the surname breaks (Mutaev M. beside Motaev Magomed). Here no date is needed, and
    each such record has about four records a key and spelling to compare, whatever the
    block's size."""
    orders = _spelling_orders(features["sn"])
    columns: dict[str, pd.Series] = {}
    for part, (key, needy) in keys.items():
        for spelling, order in orders.items():
            for nth in _NEAREST:
                near = _nearest(key, order, needy, nth, max(cap // 4, 1))
                columns[f"bk_{part}_{spelling}_{'b' if nth > 0 else 'a'}{abs(nth)}"] = _codes(
                    near, features.index
                )
    return columns


_NEAREST = (1, 2, -1, -2)


# A capped block is refined by the birth year where a record has one, so a record with a
# birth year and one without never met again: at 100,000 records with common given names
# the cap dropped 1.5% of the true pairs, most such pairs of the exact same name. The
# strongest keys are also cut into windows along the event's date alone (refining them by
# the event's month, capped again, still dropped 1.1% at 100,000 records, more as records
# grow); and where their blocks stay over the cap after the birth year, they are cut into
# windows along the event's date rather than dropped.
_ALSO_BY_EVENT = ("bk_name", "bk_sgi")


def _shrinking(counts: npt.NDArray[np.int64], cap: int) -> npt.NDArray[np.int64]:
    """Records per window along the event's date alone, per record, for a block of *counts*
    records: cap x cap / count, between a quarter of the cap and the cap, so a block over
    the cap costs about the pairs of one at the cap until it is four times the cap.

    Most of these windows' pairs are namesakes. Sorted by the event's date, a record's
    match is among its nearest few or not there at all: at 100,000 records of the common-name
    world, 99% of the true pairs (both dated) in blocks over the cap were 10 records apart
    or fewer, none more than 25 (docs/benchmarks/linkage.md, sixth pass)."""
    sizes: npt.NDArray[np.int64] = np.clip(
        (cap * cap) // np.maximum(counts, 1), max(cap // 4, 2), cap
    )
    return sizes


def _cap(name: str, cap: int) -> int:
    if name.startswith("bk_grams"):
        return cap // 8
    return cap // 4 if name in _NARROW else cap


def _window(name: str, cap: int) -> int:
    """Records per window of a key's blocks still over its cap after the birth year: the
    cap itself for the full name and the surname with the initial, which hold most true
    pairs; a quarter of the key's cap for the keys made for typos (sorted by the event's
    date, a record's match is among its nearest few, and the pairs compared stay near
    linear)."""
    return _cap(name, cap) if name in _ALSO_BY_EVENT else max(_cap(name, cap) // 4, 2)


# Keys for the rare pairs the others miss (several typos, a swapped parse): each proposes
# few true pairs, so their blocks are held to a quarter of the cap (at 100,000 records with
# common given names they otherwise made half as many pairs again to compare).
_NARROW = frozenset(
    {
        "bk_sn_code",
        "bk_pre_pair",
        "bk_gi_day",
        "bk_gn_even",
        "bk_gn_odd",
        "bk_bdate",
        "bk_lower",
        "bk_higher",
        "bk_ends_gi",
        "bk_letters_gi",
        "bk_code_grest",
        "bk_suf4_gsuf3",
        "bk_loose",
        "bk_stem_gi",
    }
)

# The min-hash keys of the names' letter triples (:func:`_gram_bands`): six bands of two
# orders each, at an eighth of the cap. The variants were weighed once, by a scratch script
# no benchmark keeps (linkrecall4, on main cfb7fa9 with these keys added; blocking alone on
# the independent generator's typos6 worlds of seeds 10-12, read through the intake: 17,427
# true pairs, 528 never proposed before): these six bands and the two either-part keys left
# 357 unproposed for 6% more pairs; eight bands 348 for 8%, four 393 for 4.5%; six bands at
# a quarter of the cap 332 for 15%; letter pairs, four bands at a quarter of the cap, 365
# for 18% (docs/benchmarks/linkage.md, tenth pass, linkrecall4). The landed keys' own
# figure is reproduced by `python benchmarks/linkage_unproposed.py --settings 0 --kinds
# typos6 --seeds 3 --first-seed 10`; the variants' are not.
_GRAM, _BANDS, _ROWS = 3, 6, 2


def _codes(key: Codes, index: pd.Index) -> pd.Series:
    """Key values as whole-number codes (missing stays missing): a million records hold 20
    keys each, and numbers take a fraction of the memory of text and join faster."""
    return pd.Series(pd.arrays.IntegerArray(key, key < 0), index=index)


def key_columns(features: pd.DataFrame) -> list[str]:
    """The blocking-key columns present in *features*."""
    return [column for column in features.columns if column.startswith("bk_")]


def proposed(
    features: pd.DataFrame,
    left: npt.NDArray[np.int64],
    right: npt.NDArray[np.int64],
    same_source: bool = True,
) -> npt.NDArray[np.bool_]:
    """Whether blocking proposes each pair (positions *left*, *right*) for scoring.

    The same test as the blocking rules: agreement on one key or more, sex not conflicting,
    and different sources unless *same_source* pairs (within-list duplicates) are proposed.
    """
    found = np.zeros(len(left), dtype=bool)
    for column in key_columns(features):
        values = features[column].to_numpy(dtype=np.float64, na_value=np.nan)
        a, b = values[left], values[right]
        found |= (a == b) & ~np.isnan(a)
    sex = features["sex"].to_numpy(dtype=object)
    conflict = pd.notna(sex[left]) & pd.notna(sex[right]) & (sex[left] != sex[right])
    found &= ~conflict
    if not same_source:
        sources = features["source"].to_numpy(dtype=object)
        found &= sources[left] != sources[right]
    return found


def _pairs_of(codes: Codes) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every pair of positions (left < right) whose *codes* agree (-1 agrees with nothing)."""
    return _pairs_from(_by_code(codes), 0, len(codes))


Sorted = tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]


def _by_code(codes: Codes) -> Sorted:
    """The positions holding a code another record holds too (-1 is none), sorted by code
    then position, and their codes in that order.

    A code held once makes no pair: of the 16 sorted-neighbourhood keys (:func:`_neighbours`)
    every record holds its own, and most are nobody's neighbour; all keys' positions are held
    at once while the pairs are listed."""
    positions = np.flatnonzero(_counts(codes) > 1)
    values = codes[positions]
    order = np.lexsort((positions, values))
    return positions[order].astype(np.int32), values[order].astype(np.int32)


def _pairs_from(
    by_code: Sorted, low: int, high: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The pairs of positions (left < right) whose codes agree, left in [*low*, *high*),
    from the records sorted by code (:func:`_by_code`).

    The pairs d places apart in that order with the same code are the pairs of blocks of
    more than d records, so d runs up to the largest block (about the cap: a key's blocks
    are capped); within a code the positions ascend, so the earlier of the two is the left.
    A record with no partner d places on has none further on either."""
    positions, values = by_code
    starts = np.flatnonzero((positions >= low) & (positions < high))
    lefts: list[npt.NDArray[np.int64]] = []
    rights: list[npt.NDArray[np.int64]] = []
    apart = 1
    while len(starts):
        starts = starts[starts + apart < len(values)]
        starts = starts[values[starts + apart] == values[starts]]
        lefts.append(positions[starts].astype(np.int64))
        rights.append(positions[starts + apart].astype(np.int64))
        apart += 1
    if not lefts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy()
    return np.concatenate(lefts), np.concatenate(rights)


def _kinds(values: pd.Series) -> Codes:
    """Codes of *values* (a key's numbers, text) as SQL compares them: equal values one
    code, a missing value -1, equal to nothing."""
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64)


def blocked_pairs(
    features: pd.DataFrame, block_on: Sequence[str] = (), within_source: bool = True
) -> npt.NDArray[np.int64]:
    """Every pair the blocking rules propose, once, as sorted codes ``left * records +
    right`` (positions, left < right): the pairs Splink's blocking gives for the rules of
    :func:`uncounted.linkage._comparisons.blocking_rules` (a test holds them equal).

    A pair is proposed when the two records agree on a key column or more (or on one of the
    *block_on* feature columns), their sex does not conflict, and, unless *within_source*,
    their lists differ. The database joined the records once per rule, each rule excluding
    the pairs of the rules before it (28 conditions for the last of 29 keys); here each
    key's pairs are listed from the records sorted by that key, and the pairs of all keys
    sorted once (99,995 records: comparing 16.1 CPU s with the database's blocking, 9.5
    with this)."""
    return next(blocked_slices(features, block_on, within_source, 1))


def _even_bounds(keys: list[Sorted], records: int, slices: int) -> npt.NDArray[np.int64]:
    """*slices* + 1 positions cutting the records into runs whose pairs (as left record,
    every key counted) are about even: a record is the left of the records after it in its
    block, so runs of equal length hold far more pairs at the start than at the end, and
    the largest slice is what DuckDB holds at once (two runs of 299,461 records: 2.33 ->
    2.86 GiB peak before the runs were evened)."""
    weight = np.zeros(records, dtype=np.int64)
    for positions, values in keys:
        if not len(values):
            continue
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        ends = np.repeat(np.r_[starts[1:], len(values)], np.diff(np.r_[starts, len(values)]))
        weight[positions] += ends - np.arange(len(values)) - 1
    total = np.cumsum(weight)
    wanted = (total[-1] if records else 0) * np.arange(1, slices) / slices
    inner = np.minimum(np.searchsorted(total, wanted, side="left") + 1, records)
    bounds: npt.NDArray[np.int64] = np.r_[0, inner, records].astype(np.int64)
    return bounds


def blocked_slices(
    features: pd.DataFrame,
    block_on: Sequence[str] = (),
    within_source: bool = True,
    slices: int = 1,
) -> Iterator[npt.NDArray[np.int64]]:
    """The pairs of :func:`blocked_pairs`, listed one slice of left-hand records at a time:
    *slices* arrays of sorted codes, each the pairs whose left record is in one of
    *slices* runs of positions with about as many pairs each (end to end,
    :func:`blocked_pairs`). Every key's pairs
    at once, before repeats are dropped, are 1.5 times the distinct pairs (a million
    records: 142 pairs a record, 1.1 GB as codes, held twice while joined); a slice's are
    a slice's share."""
    records = len(features)
    sex = _kinds(features["sex"])
    source = _kinds(features["source"])
    keys = [_by_code(_kinds(features[column])) for column in [*key_columns(features), *block_on]]
    bounds = _even_bounds(keys, records, slices)
    for low, high in itertools.pairwise(bounds):
        found: list[npt.NDArray[np.int64]] = []
        for key in keys:
            left, right = _pairs_from(key, int(low), int(high))
            allowed = (sex[left] < 0) | (sex[right] < 0) | (sex[left] == sex[right])
            if not within_source:
                allowed &= (
                    (source[left] >= 0) & (source[right] >= 0) & (source[left] != source[right])
                )
            found.append(left[allowed] * records + right[allowed])
            del left, right, allowed
        pairs = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        found.clear()
        pairs.sort()
        distinct = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs
        del pairs  # not held while the slice is compared
        yield distinct
        del distinct
