"""What the model compares, and how pairs are proposed (blocking), as Splink objects.

Every level uses Splink's own level library, composed with And/Or, or portable SQL, so the
same model runs on DuckDB and on Spark. Hard rules sit in the blocking rules rather than in
the scores: records with conflicting sex are never paired, and records of the same source
are paired only when within-list duplicates are looked for (they are then linked at a
stricter threshold of their own, see :mod:`uncounted.linkage._clustering`). Training uses
pairs of different sources only.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl

SEX_RULE = "(l.sex is null or r.sex is null or l.sex = r.sex)"
HARD_RULES = f"l.source <> r.source and {SEX_RULE}"


def blocking_rules(
    key_columns: list[str], block_on: tuple[str, ...] = (), within_source: bool = True
) -> list[str]:
    """Blocking rules (SQL): agreement on one key column, with the hard rules attached.

    The keys are built in :mod:`uncounted.linkage._blocking` (typo-tolerant, capped in size).
    *block_on* names extra columns selective enough to propose pairs on their own (an ID
    number, an address line); a column shared by thousands of records must not be one.
    With *within_source*, pairs of one source are proposed too (duplicates inside a list).
    """
    keys = [f"l.{column} = r.{column}" for column in key_columns]
    keys += [f"l.{extra_feature(name)} = r.{extra_feature(name)}" for name in block_on]
    rules = SEX_RULE if within_source else HARD_RULES
    return [f"({key}) and {rules}" for key in keys]


def _with_defaults(levels: list[Any], defaults: list[tuple[float, float]]) -> list[Any]:
    """Attach default (m, u) probabilities to the non-null levels, in order.

    They are the starting point of EM and the whole model when the input is too small to
    train on (a few dozen records): set by judgement, not fitted, and reported as such.
    """
    configured = [levels[0]]
    for level, (m, u) in zip(levels[1:], defaults, strict=True):
        configured.append(level.configure(m_probability=m, u_probability=u))
    return configured


# The label every level of "one part the same, the other a slip away" begins with: EM learns
# their m together (see uncounted.linkage._model.expectation_maximisation, *tied*).
SLIP_LABEL = "one part the same, the other a slip away"


def _slips() -> list[Any]:
    """One part the same, the other one slip away, as four levels: which part is the same,
    and whether one of the two spellings of the other part is held by no other record (a
    typo: Magomed Tagirov / Magomed Tegirov, no other Tegirov) or both are held by others
    (two real names: Isa Baitaev / Isa Baisaev, each with records of their own). On the
    random settings the first were one person in a third of the pairs, the second in 2%;
    one flat level scored both about 0.1-0.4 whoever held the name. A typo is scored by how
    many people hold the part that is the same (term frequency of that part, see
    :func:`uncounted.linkage._model.part_frequencies`); two real names are not: a rare
    part the same would make two families of one. Two more levels take the typos a
    little farther away (Jaro-Winkler 0.8-0.88), scored the same way; and the given name
    two letters apart (:func:`_given_two_apart`).
    """
    typos, names, farther = [], [], []
    for same, near in (("sn", "gn"), ("gn", "sn")):
        slip = cll.And(cll.ExactMatchLevel(same), cll.JaroWinklerLevel(near, 0.88))
        once = cll.CustomLevel(f"({near}_alone_l = 1 or {near}_alone_r = 1)")
        typos.append(
            cll.And(slip, once).configure(
                label_for_charts=f"{SLIP_LABEL}: {same} the same, {near} held once",
                tf_adjustment_column=same,
                tf_adjustment_weight=1.0,
            )
        )
        names.append(
            slip.configure(label_for_charts=f"{SLIP_LABEL}: {same} the same, {near} held by others")
        )
        # A typo that moves the other part further (Khataev / Khetaev, Umdiev / Omdiev:
        # Jaro-Winkler 0.8-0.88) fell to "both parts near" and scored one flat value, under
        # 0.1 with nothing else known, whoever held the part that is the same: scored as the
        # typos above.
        farther.append(
            cll.And(cll.ExactMatchLevel(same), cll.JaroWinklerLevel(near, 0.8), once).configure(
                label_for_charts=f"{SLIP_LABEL}: {same} the same, {near} farther, held once",
                tf_adjustment_column=same,
                tf_adjustment_weight=1.0,
            )
        )
    return [*typos, _vowel_apart(), *names, *farther, _given_two_apart()]


def _given_two_apart() -> Any:
    """The surname the same, the given name two letters apart by Levenshtein, its spelling
    held by no other record: a typo in a short given name's first letters, or two typos in
    it (Khava / Kbava, Issa / Ssa, Islam / Elam, Hamsat / Tsbamsat).

    Jaro-Winkler weighs the first letters most, so these fell to "surname the same" and
    scored as two people of one family, under 0.1 with nothing else known: on the
    independent generator's typos6 worlds (seeds 28-33) a quarter of the true pairs
    proposed and scored under 0.1 had the surname the same, and 83 of those 220 were so.
    Held once, as the typos above: a sister's real name (Khava, Zara) is held by others.
    Scored by how many people hold the surname. Only this way round: the given name the
    same and the surname two letters apart (Basaev / Rusaev Magomed) linked two families
    on the independent worlds and lost precision on the random settings
    (docs/benchmarks/linkage.md, eighteenth pass, linkscore).
    """
    return cll.And(
        cll.ExactMatchLevel("sn"),
        cll.LevenshteinLevel("gn", 2),
        cll.CustomLevel("(gn_alone_l = 1 or gn_alone_r = 1)"),
    ).configure(
        label_for_charts=f"{SLIP_LABEL}: sn the same, gn two letters apart, held once",
        tf_adjustment_column="sn",
        tf_adjustment_weight=1.0,
    )


def _both_typos() -> Any:
    """Neither part the same, the surname one letter apart and the given name at most two
    (Levenshtein), a spelling of each part held by no other record: one person's name with
    a typo in each part (Zubairaev Isa / Zubaraev Ssa, Shanaferova Elena / Shanafrova Ena).

    Such a pair fell to "both parts near" (Jaro-Winkler 0.8 both) or, with a typo in a short
    given name's first letters, to "all other", and was scored as two people, mostly under
    0.1: on the independent generator's tuning worlds (typos6 seeds 34-36, five, siblings
    and common of seed 34; 30,301 true pairs of two lists) a third of the 1,105 true pairs
    scored under 0.5 had both parts apart, 208 of them each part at most 2 apart. Held once
    on both sides, as the slips: a namesake's or a brother's real name is held by others, so
    two men whose names are both near (Dudaev Ali / Dadaev Alvi, each written alike by two
    lists) do not meet here. Among the pairs compared and scored under 0.5 on those worlds
    the level holds 94 of one person and 82 of two; with the surname two apart too, 135
    and 170 (the pairs it adds: 41 of one person, 88 of two), and held once on one side
    only, 198 and 1,236; so neither was taken. Not scored by how
    many hold a part: each spelling is held once. Placed after "both parts within
    Jaro-Winkler 0.92", whose pairs it leaves as they were (docs/benchmarks/linkage.md,
    nineteenth pass, linktypo).
    """
    return cll.And(
        cll.LevenshteinLevel("sn", 1),
        cll.LevenshteinLevel("gn", 2),
        cll.CustomLevel(
            "(sn_alone_l = 1 or sn_alone_r = 1) and (gn_alone_l = 1 or gn_alone_r = 1)"
        ),
    ).configure(label_for_charts=f"{SLIP_LABEL}: both parts a typo apart, each held once")


SWAPPED = "the two parts swapped"
SWAPPED_SLIP = "the two parts swapped, one of them a letter apart"
ONE_PART_ACROSS = "one part the other's other part"


def _swapped() -> list[Any]:
    """The name parts read the other way round on one side, as three levels, each the same
    whichever of the two records is on the left: both parts swapped; swapped with one
    of them a letter apart (Levenshtein); one part only equal to the other's other part.

    A typo can make the parse take a given name for a surname on one side only (Ilin
    Maomed read as surname Maomed, beside Ilin Magomed), and some lists write the given name
    first. Splink's "columns reversed" level (one direction) was ``sn_l = gn_r`` alone: one
    part across, the other part anything, and only when the record read swapped was on
    the right, so the same two records linked or not by the order of the rows (Ilin Magomed
    / Ilin Maomed at 0.98 one way round, "all other" the other). The linktypo reading
    (nineteenth pass, independent generator's typos6 worlds of seeds 34-39, tuning data)
    found 15 true pairs swapped with a letter apart and no false one; one part across
    with the other far is weaker evidence, and EM now weighs the three apart (twentieth
    pass, linkcommon). Portable SQL: DuckDB and Spark both name the function levenshtein.
    """
    exact = "sn_l = gn_r and gn_l = sn_r"
    slip = (
        "(sn_l = gn_r and levenshtein(gn_l, sn_r) <= 1)"
        " or (gn_l = sn_r and levenshtein(sn_l, gn_r) <= 1)"
    )
    return [
        cll.CustomLevel(exact, label_for_charts=SWAPPED),
        cll.CustomLevel(slip, label_for_charts=SWAPPED_SLIP),
        cll.CustomLevel("sn_l = gn_r or gn_l = sn_r", label_for_charts=ONE_PART_ACROSS),
    ]


def _vowel_apart() -> Any:
    """The given name the same, the surname one vowel apart past its first letter
    (Magomedov / Magamedov, Gatasultanov / Gatosultanov, Akhmadov / Akhmedov), both
    spellings held by others.

    The region's lists write a surname by ear: an unstressed о is heard and written а, е
    and и meet, and Chechen vowels have no Russian letter of their own, so one family's
    name is spelt with its vowels moved more often than with a consonant changed. On the
    independent generator's big world (seed 10, 27,151 records) pairs of two lists with
    the given name the same and the surname one vowel apart were one person in 18% of
    pairs, one consonant apart in 5%; both fell to "held by others", scored as two real
    names. A level of its own lets EM weigh them apart. The first letter must agree: the
    first sound is heard, and Isaev, Usaev and Yasaev (Asaev once folded) are three
    families; with them in the level five/10 of that generator linked Akhmed Isayev to
    Akhmed Yasayev. Not weighted by how many hold the name (the commonest, Magomed
    Magomedov / Magamedov, gains as much as a rare one): weighted so, precision fell as much
    as recall rose (docs/benchmarks/linkage.md, tenth pass).
    """
    return cll.And(
        cll.ExactMatchLevel("gn"),
        cll.LevenshteinLevel("sn", 1),
        cll.CustomLevel("sn_consonants_l = sn_consonants_r"),
    ).configure(label_for_charts=f"{SLIP_LABEL}: gn the same, sn a vowel apart")


def _near(level: Any, once: str, label: str) -> list[Any]:
    """*level* split in two: a given name's spelling held by no other record (*once*), and
    the rest; EM floors them with the slips (their labels begin with SLIP_LABEL)."""
    return [
        cll.And(level, cll.CustomLevel(once)).configure(
            label_for_charts=f"{SLIP_LABEL}: {label}, gn held once"
        ),
        level.configure(label_for_charts=f"{SLIP_LABEL}: {label}, gn held by others"),
    ]


def _name() -> cl.CustomComparison:
    levels = [
        cll.Or(cll.NullLevel("sn"), cll.NullLevel("gi")),
        cll.ExactMatchLevel("name_key", term_frequency_adjustments=True),
        # The parts read the other way round on one side (_swapped).
        *_swapped(),
        # One part the same, the other one slip away (a typo, a vowel written differently):
        # true matches are often so, namesakes seldom, so it is not lumped with two near parts.
        *_slips(),
        cll.And(cll.JaroWinklerLevel("sn", 0.92), cll.JaroWinklerLevel("gn", 0.92)),
        # A typo in each part, each spelling held once (_both_typos).
        _both_typos(),
        # The surname and the initial, one side without a given name (Isaev M.): scored by
        # how many people hold that surname with that initial (term frequency of "sgi").
        cll.And(
            cll.ExactMatchLevel("sn"), cll.ExactMatchLevel("gi"), cll.NullLevel("gn")
        ).configure(
            tf_adjustment_column="sgi",
            tf_adjustment_weight=1.0,
            # Adjusted from this level's own u (Splink looks for an exact level on "sgi").
            disable_tf_exact_match_detection=True,
        ),
        # An initial in place of the given name and a slip in the surname (A. Vakhaleav,
        # Vakhalaev Akhmed): fell to "all other" and scored 0 on the tuning settings.
        cll.And(cll.JaroWinklerLevel("sn", 0.88), cll.ExactMatchLevel("gi"), cll.NullLevel("gn")),
        # Both parts near, split as the slips above by the given name: one spelling no other
        # record holds, one person in 12% (11023) and 23% (11025) of the pairs, against 0.1%
        # for the rest (a surname held once: 2-3%, left with the rest; split by it too, the
        # tuning worst 1008 fell 0.9639 -> 0.9624).
        *_near(
            cll.And(cll.JaroWinklerLevel("sn", 0.8), cll.JaroWinklerLevel("gn", 0.8)),
            "(gn_alone_l = 1 or gn_alone_r = 1)",
            "both parts near",
        ),
        cll.ExactMatchLevel("sn"),
        cll.ExactMatchLevel("gn"),
        cll.ElseLevel(),
    ]
    defaults = [
        (0.80, 0.0005),
        (0.05, 0.00002),
        # Swapped with a letter apart: a fifth as likely as swapped exact, as rare by chance;
        # one part across only: as likely, and far more common among two people.
        (0.01, 0.000005),
        (0.01, 0.0002),
        (0.02, 0.00001),
        (0.02, 0.00001),
        # A vowel apart: as likely one person as a slip held by others, four times rarer
        # among two people (18% against 5% one person, see _vowel_apart).
        (0.01, 0.000005),
        (0.01, 0.00002),
        (0.01, 0.00002),
        # A typo a little farther: as likely one person, ten times as common among two.
        (0.01, 0.0002),
        (0.01, 0.0002),
        # The given name two letters apart, held once: rarer in one person's pairs.
        (0.005, 0.0002),
        (0.04, 0.0002),
        # A typo in each part, each held once: rare among two people's pairs.
        (0.01, 0.00005),
        (0.04, 0.0005),
        (0.01, 0.001),
        (0.012, 0.0005),
        (0.008, 0.0015),
        (0.005, 0.01),
        (0.005, 0.03),
        (0.01, 0.9573),
    ]
    return cl.CustomComparison(
        output_column_name="name", comparison_levels=_with_defaults(levels, defaults)
    )


def _patronymic() -> cl.CustomComparison:
    levels = [
        cll.NullLevel("pn"),
        cll.ExactMatchLevel("pn"),
        cll.JaroWinklerLevel("pn", 0.88),
        cll.ElseLevel(),
    ]
    defaults = [(0.9, 0.05), (0.07, 0.02), (0.03, 0.93)]
    return cl.CustomComparison(
        output_column_name="patronymic", comparison_levels=_with_defaults(levels, defaults)
    )


def _overlap(low: str, high: str, slack: int) -> str:
    return f"{low}_l <= {high}_r + {slack} and {low}_r <= {high}_l + {slack}"


# The two levels of full dates of one year that differ, and for each the share of one
# person's pairs of two full dates that differ so (m: an exact date's m is the rest) and
# the share of two people's pairs of one year, dates different, that differ so (u; see
# uncounted.linkage._model._full_dates). Two people's dates of one year are the same
# month in 1/12 of pairs, the same day in about 1/30, swapped almost never: 0.11 a slip
# apart, 0.89 apart in both. One person's: a slip of the pen in the day or the month in
# about 4 pairs of 100 (two records, a slip in about 2% of each), both apart in 1 in 200
# (a wrong date copied, not a slip). Judgement, not fitted: the synthetic worlds have no
# slips in dates, so EM would learn none.
FULL_DATES_SLIP = "full dates of one year, a slip apart"
FULL_DATES_APART = "full dates of one year, apart"
FULL_DATES = {FULL_DATES_SLIP: (0.04, 0.11), FULL_DATES_APART: (0.005, 0.89)}
# bdate is YYYY-MM-DD: the same month, the same day, or the day and the month swapped.
_DATE_SLIP = (
    "substr(bdate_l, 6, 2) = substr(bdate_r, 6, 2)"
    " or substr(bdate_l, 9, 2) = substr(bdate_r, 9, 2)"
    " or (substr(bdate_l, 6, 2) = substr(bdate_r, 9, 2)"
    " and substr(bdate_l, 9, 2) = substr(bdate_r, 6, 2))"
)


UNDATED_AGE_FITS = "an age without a date fits"
UNDATED_AGES_FIT_WIDE = "an age without a date fits, the two windows wide"
_AGE_FITS = (
    "coalesce(by_lo_l, age_lo_l) <= coalesce(by_hi_r, age_hi_r) + 1"
    " and coalesce(by_lo_r, age_lo_r) <= coalesce(by_hi_l, age_hi_l) + 1"
)
# The years from the first birth year either record allows to the last, less one: 5 for an
# age read over events of 2016-2020 against a year inside it, or against the same age read
# over the same years (two records of one list); 8 for 22 and 26 so read.
_WIDTH = (
    "(greatest(coalesce(by_hi_l, age_hi_l), coalesce(by_hi_r, age_hi_r))"
    " - least(coalesce(by_lo_l, age_lo_l), coalesce(by_lo_r, age_lo_r)))"
)
NARROW_AGE_WINDOWS = 6
UNDATED_AGE_APART = "an age without a date, apart"


def _birth() -> cl.CustomComparison:
    levels = [
        cll.CustomLevel(
            "(by_lo_l is null and age_lo_l is null) or (by_lo_r is null and age_lo_r is null)"
        ).configure(is_null_level=True),
        cll.ExactMatchLevel("bdate"),
        # Two full dates of one year that differ: a slip of the pen apart (the day or the
        # month the same, or the two swapped) or apart in both. They were "same birth year"
        # and scored as much as "1956" against "1956-01-26" (on the independent generator's
        # worlds 1956-01-26 and 1956-03-25 linked at 0.66); they are scored by how often one
        # person's dates and two people's differ so (FULL_DATES).
        *(
            cll.CustomLevel(
                f"bdate_l <> bdate_r and by_lo_l = by_lo_r{condition}", label_for_charts=label
            )
            for label, condition in (
                (FULL_DATES_SLIP, f" and ({_DATE_SLIP})"),
                (FULL_DATES_APART, ""),
            )
        ),
        cll.CustomLevel(
            "by_lo_l = by_hi_l and by_lo_r = by_hi_r and by_lo_l = by_lo_r",
            label_for_charts="same birth year",
        ),
        cll.CustomLevel(_overlap("by_lo", "by_hi", 0), label_for_charts="years overlap"),
        cll.CustomLevel(_overlap("by_lo", "by_hi", 2), label_for_charts="within 2 years"),
        # An age given with no date, read at every year the list's events span (wide; see
        # uncounted.linkage._dates): weak agreement when the two fit, give or take a year
        # (an age off by one, an event at the span's edge), disagreement when they cannot.
        # "Dadašev Magomed, 22" beside "Дадашев Магомед, 1995" was scored as if neither
        # knew a birth (setting 33011: 220 of 319 missed true pairs).
        # Split by the years the two allow together (_WIDTH; nineteenth pass, linkns): an
        # age read over five years against a known year inside it, or two records giving
        # one age over the same years, pin the birth to the window; two different ages
        # that only touch (22 and 26) fit many more namesakes, and one level weighed both
        # alike (EM on setting 35019: +3.5 against +0.3 once apart; see _dates).
        cll.CustomLevel(
            f"{_AGE_FITS} and {_WIDTH} <= {NARROW_AGE_WINDOWS}",
            label_for_charts=UNDATED_AGE_FITS,
        ),
        cll.CustomLevel(_AGE_FITS, label_for_charts=UNDATED_AGES_FIT_WIDE),
        cll.CustomLevel(
            "age_lo_l is not null or age_lo_r is not null", label_for_charts=UNDATED_AGE_APART
        ),
        cll.ElseLevel(),
    ]
    defaults = [
        (0.4, 0.0001),
        (0.005, 0.002),
        (0.005, 0.01),
        (0.23, 0.01),
        (0.23, 0.04),
        (0.04, 0.1),
        (0.06, 0.015),
        (0.015, 0.015),
        (0.005, 0.06),
        (0.01, 0.7499),
    ]
    return cl.CustomComparison(
        output_column_name="birth", comparison_levels=_with_defaults(levels, defaults)
    )


def _place() -> cl.CustomComparison:
    levels = [
        cll.NullLevel("place_code"),
        # The same place, scored by how many records name it: two records of the capital
        # (a third of the victims) say less than two of a mountain district (1 in 180). A
        # place fewer than 1 in 1,000 records name counts as 1 in 1,000: a handful of
        # records tell how rare a village is only roughly, and a place that two records
        # alone name must not outweigh the rest of the evidence. Frequencies count only
        # when 1,000 records or more name a place, and the capital never scores below the
        # levels beneath (_model.value_frequencies, most_frequency).
        cll.ExactMatchLevel("place_code").configure(
            tf_adjustment_column="place_code",
            tf_adjustment_weight=1.0,
            tf_minimum_u_value=0.001,
        ),
        # One place inside the other (Shali and its district, a village and its district):
        # lists name a place at different levels, and this fell to "all other" before.
        cll.CustomLevel(
            "place_code_l = place_parent_r or place_parent_l = place_code_r",
            label_for_charts="one place inside the other",
        ),
        # A place outside the gazetteer is compared by its folded spelling: a typo in it
        # ("Ulverstone" / "Ulvertsone") is near agreement, not disagreement.
        cll.JaroWinklerLevel("place_code", 0.88),
        cll.ExactMatchLevel("place_parent"),
        cll.ElseLevel(),
    ]
    defaults = [(0.65, 0.2), (0.05, 0.03), (0.08, 0.05), (0.12, 0.42), (0.1, 0.3)]
    return cl.CustomComparison(
        output_column_name="place", comparison_levels=_with_defaults(levels, defaults)
    )


# Both events on one day, each known to the day (a month or a year is an interval).
_SAME_DAY = "ev_first_l = ev_last_l and ev_first_r = ev_last_r and ev_first_l = ev_first_r"


def _event_date() -> cl.CustomComparison:
    """The events' dates: the same day, then within 7, 31 and 366 days of each other.

    The same day is what tells one person's two records from two namesakes in a large list:
    in the common-name world of 99,827 records (seed 43), of the pairs with the same full
    name and both dates known, one person's were on the same day in 66% (25,249 of 38,236)
    and 1-7 days apart in 29%, two people's on the same day in 0.3% (960 of 350,908) and
    1-7 days apart in 3.8%. "Within 7 days" held both, and at 991,149 records two namesakes
    outnumbered one person in its patterns. Default (m, u), the whole model on a few dozen
    records and when EM's model is not believed (judgement, not fitted): the former "within
    7 days" (0.7, 0.02) split as the same day (0.5, 0.01) and 1-7 days (0.2, 0.02), u taken
    from "within 366 days". Not the synthetic world's 0.3%: a sweep detains a village on one
    day, so two people of a real list share a day more often, and the same day alone must
    not join two names that differ (A. Vakhaleav, Dudaev Akhmed).
    """
    levels: list[Any] = [
        cll.CustomLevel("ev_first_l is null or ev_first_r is null").configure(is_null_level=True),
        cll.CustomLevel(_SAME_DAY, label_for_charts="same day"),
    ]
    for days in (7, 31, 366):
        levels.append(
            cll.CustomLevel(_overlap("ev_first", "ev_last", days), label_for_charts=f"{days} d")
        )
    levels.append(cll.ElseLevel())
    defaults = [(0.5, 0.01), (0.2, 0.02), (0.15, 0.08), (0.1, 0.49), (0.05, 0.4)]
    return cl.CustomComparison(
        output_column_name="event_date", comparison_levels=_with_defaults(levels, defaults)
    )


def _event_type() -> cl.CustomComparison:
    levels = [cll.NullLevel("event_type"), cll.ExactMatchLevel("event_type"), cll.ElseLevel()]
    return cl.CustomComparison(
        output_column_name="event_type",
        comparison_levels=_with_defaults(levels, [(0.8, 0.3), (0.2, 0.7)]),
    )


def extra_feature(name: str) -> str:
    """The feature column (an SQL name) of the extra input column *name*, whatever its header
    ("Номер паспорта", "address 1"): ASCII letters, digits and underscores, told apart by
    a digest when the header had other characters."""
    plain = re.sub(r"[^a-z0-9_]", "_", name.lower())
    if plain == name:
        return f"x_{name}"
    return f"x_{plain[:24]}_{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _extra(name: str) -> cl.CustomComparison:
    column = extra_feature(name)
    levels = [
        cll.NullLevel(column),
        cll.ExactMatchLevel(column),
        cll.JaroWinklerLevel(column, 0.95),
        cll.JaroWinklerLevel(column, 0.88),
        cll.ElseLevel(),
    ]
    defaults = [(0.85, 0.001), (0.08, 0.002), (0.04, 0.01), (0.03, 0.987)]
    return cl.CustomComparison(
        output_column_name=column, comparison_levels=_with_defaults(levels, defaults)
    )


def comparisons(extra_columns: tuple[str, ...]) -> list[Any]:
    """The comparisons of the model, graded from exact agreement to disagreement."""
    found: list[Any] = [_name(), _patronymic(), _birth(), _place(), _event_date()]
    found.append(_event_type())
    found += [_extra(name) for name in extra_columns]
    return found
