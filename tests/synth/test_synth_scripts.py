"""Every source writes names in its own script and romanisation, as real lists do."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from synth_helpers import without_errors

from uncounted.synth import (
    UnknownRomanisation,
    World,
    WorldConfig,
    available_romanisations,
    default_sources,
    generate_world,
    romaniser,
)

CYRILLIC_NAME = re.compile(r"^[А-ЯЁа-яё .\-]+$")
ASCII_UPPER = re.compile(r"^[A-Z \-]+$")
HAS_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")


@pytest.fixture(scope="module")
def quiet() -> World:
    """A world whose sources make no errors, so each name is exactly the source's rendering."""
    sources = tuple(without_errors(spec) for spec in default_sources())
    return generate_world(WorldConfig(people=1500, seed=8, sources=sources))


def _with_people(world: World, source: str) -> pd.DataFrame:
    records = world.records.assign(person_id=world.truth["person_id"].to_numpy())
    mine = records[records["source"] == source]
    return mine.merge(world.people, on="person_id", suffixes=("", "_true"))


def test_hotline_writes_cyrillic_surname_first_with_patronymic(quiet: World) -> None:
    rows = _with_people(quiet, "hotline")
    assert rows["name"].str.match(CYRILLIC_NAME).all()
    expected = rows["surname"] + " " + rows["given_name"] + " " + rows["patronymic"]
    assert (rows["name"] == expected).all()


def test_passport_list_is_icao_upper_case_surname_first(quiet: World) -> None:
    rows = _with_people(quiet, "passport_list")
    icao = romaniser("icao_doc_9303")
    pairs = zip(rows["surname"], rows["given_name"], strict=True)
    expected = [f"{icao(s)} {icao(g)}".upper() for s, g in pairs]
    assert rows["name"].tolist() == expected
    assert rows["name"].str.match(ASCII_UPPER).all()


def test_english_press_uses_yev_forms_and_ages(quiet: World) -> None:
    rows = _with_people(quiet, "press_en")
    assert not rows["name"].str.contains(HAS_CYRILLIC).any()
    vowel_ev = rows[rows["surname"].str.contains(r"[аеиоуыэюя]ева?$")]
    assert len(vowel_ev) > 10
    assert vowel_ev["name"].str.contains(r"yeva?$").all()
    assert rows["age"].notna().all() and (rows["birth_date"] == "").all()


def test_french_report_doubles_intervocalic_s_and_writes_vitch(quiet: World) -> None:
    rows = _with_people(quiet, "ngo_fr")
    assert not rows["name"].str.contains(HAS_CYRILLIC).any()
    assert rows["name"].str.contains(r"ovitch\b|evitch\b").any()
    assert rows["name"].str.contains(r"ou").any()
    french = romaniser("french")
    assert french("Исаев") == "Issaev"
    assert french("Ахмедович") == "Akhmedovitch"


def test_german_list_writes_w_endings_and_sch(quiet: World) -> None:
    rows = _with_people(quiet, "list_de")
    surnames = rows["name"].str.split(" ").str[-1]
    assert surnames.str.contains(r"(?:ow|ew|owa|ewa|in|ina)$").all()
    german = romaniser("german")
    assert german("Магомед Исаев") == "Magomed Issajew"
    assert german("Шамиль") == "Schamil"


def test_scholarly_list_is_iso9_and_sometimes_quotes_the_original(quiet: World) -> None:
    rows = _with_people(quiet, "scholar_iso9")
    assert rows["name"].str.contains(r"[čšžʹ]").any()
    quoted = rows[rows["name_original"] != ""]
    assert 0.35 < len(quoted) / len(rows) < 0.65
    expected = quoted["surname"] + " " + quoted["given_name"] + " " + quoted["patronymic"]
    assert (quoted["name_original"] == expected).all()


def test_female_people_carry_female_surname_and_patronymic_forms(quiet: World) -> None:
    women = quiet.people[quiet.people["sex"] == "F"]
    men = quiet.people[quiet.people["sex"] == "M"]
    assert women["surname"].str.contains(r"(?:ова|ева|ина)$").all()
    assert women["patronymic"].str.endswith("на").all()
    assert men["surname"].str.contains(r"(?:ов|ев|ин)$").all()
    assert men["patronymic"].str.endswith("ич").all()


def test_some_patronymics_are_of_arabic_origin(quiet: World) -> None:
    assert quiet.people["patronymic"].isin(["Магомедович", "Ибрагимович", "Юсупович"]).any()


@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ -"))
def test_table_romanisations_never_leave_cyrillic_behind(text: str) -> None:
    for scheme in ("french", "german"):
        assert not HAS_CYRILLIC.search(romaniser(scheme)(text))


def test_unknown_romanisation_is_refused_with_the_choices() -> None:
    assert {"cyrillic", "french", "german", "wikipedia", "icao_doc_9303"} <= set(
        available_romanisations()
    )
    with pytest.raises(UnknownRomanisation, match="wikipedia"):
        romaniser("klingon")
