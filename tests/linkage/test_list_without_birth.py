"""A list that never gives a birth (a French MVD list of names alone, issue 12 sixteenth
pass), linked by the real linker beside a register that gives one.

The birth, place and event the list never fills say nothing about its pairs (a missing
value is the comparison's null level, weight 0): an exact name across scripts with nothing
against it scores what the name alone says and links; the holders of a common name, born
apart, stay apart (how many hold the name, and their births where both give one).
Both held on main 739a24a already: guards of the rule the sixteenth pass was asked to make,
not fixes (docs/benchmarks/linkage.md, sixteenth pass).
"""

from __future__ import annotations

import pytest
from two_lists import EVENT, labels, linked, made_up_people

from uncounted.linkage._model import SAME_PERSON_BOUNDS

_SYLLABLES = ["ba", "ga", "da", "ma", "sa", "ta", "ku", "lu", "mu", "ru", "zu", "hi"]
_GIVEN = ["Adam", "Aslan", "Ruslan", "Said", "Zelimkhan", "Khamzat", "Ibragim", "Movsar"]


def _world(cases: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """*cases* beside 160 other people named by both lists: the MVD list ("mvd") gives the
    name and the sex only, the register ("reg") the year of birth, place and event too."""
    person = made_up_people(_SYLLABLES, _GIVEN, "ev")
    rows = list(cases)
    for i in range(160):
        name, _, born, place = person(i)
        rows.append(("mvd", f"o{i}", name, "", "m", "", ""))
        rows.append(("reg", f"o{i}", name, born, "m", place, EVENT))
    return rows


def test_an_exact_name_across_scripts_links_a_list_without_births_to_one_with_them() -> None:
    # Fails once any field the MVD list lacks weighs against the pair (birth's null level
    # at -3 bits: 0.98 -> 0.86); passes on main 739a24a.
    result = linked(
        _world(
            [
                ("mvd", "1", "Khatouev Islam", "", "m", "", ""),
                ("reg", "1", "ХАТУЕВ ИСЛАМ", "1998", "m", "Shelkovskaya", "2020-03-27"),
            ]
        )
    )
    assert result.summary["model"]["trained"]
    clusters = labels(result)
    assert clusters[("mvd", "1")] == clusters[("reg", "1")]
    # Scored as the name alone says (nobody else holds it: the most a name alone may say),
    # nothing taken off for the birth, place and event the MVD list never gives.
    pairs = result.pairs
    ours = pairs[
        (pairs["source_l"] != pairs["source_r"])
        & pairs["record_id_l"].eq("1")
        & pairs["record_id_r"].eq("1")
    ]
    assert ours["match_probability"].tolist() == pytest.approx([SAME_PERSON_BOUNDS[1]], abs=1e-3)


def test_namesakes_of_a_common_name_born_apart_stay_apart() -> None:
    # Four holders of the commonest name in the register, two in a third list, each born
    # in another decade: a fix that lifted the exact name alone must not join them.
    cases = [
        ("reg", f"m{year}", "МАГОМЕДОВ МАГОМЕД", str(year), "m", "Grozny", EVENT)
        for year in (1950, 1962, 1978, 1995)
    ]
    cases += [
        ("de", f"m{year}", "Magomedow Magomed", str(year), "m", "", "") for year in (1970, 1986)
    ]
    clusters = labels(linked(_world(cases)))
    register = {clusters[("reg", f"m{year}")] for year in (1950, 1962, 1978, 1995)}
    assert len(register) == 4
    assert not register & {clusters[("de", "m1970")], clusters[("de", "m1986")]}
