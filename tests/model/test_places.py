"""The gazetteer: complete, consistent, and finding a place however it is spelled."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from uncounted.model import InvalidValue, places
from uncounted.model.vocabulary import PLACE_KINDS


def _rows() -> list[dict[str, str]]:
    text = resources.files("uncounted.model").joinpath("vocab/places.csv").read_text("utf-8")
    # Lines beginning with "#" are notes (where rows came from), as the loader reads them.
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


def test_columns_codes_parents_and_labels() -> None:
    rows = _rows()
    assert list(rows[0]) == ["code", "kind", "parent", "label_en", "label_ru", "variants"]
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes))
    for row in rows:
        assert row["label_en"].strip() and row["label_ru"].strip()
        assert row["kind"] in PLACE_KINDS
        assert row["parent"] == "" or row["parent"] in codes
        assert (row["parent"] == "") == (row["kind"] == "country")


def test_every_chechen_district_and_main_town_is_there() -> None:
    gazetteer = places()
    districts = [
        code
        for code in gazetteer.codes()
        if gazetteer.place(code).kind == "district" and gazetteer.place(code).parent == "ru-ce"
    ]
    assert len(districts) >= 15
    for town in ("Грозный", "Аргун", "Гудермес", "Шали", "Урус-Мартан", "Курчалой"):
        assert gazetteer.lookup(town) is not None
    for neighbour in ("Ингушетия", "Дагестан", "Северная Осетия", "Ставропольский край"):
        assert gazetteer.lookup(neighbour) is not None


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Грозный", "ru-ce-grozny"),
        ("г. Грозный", "ru-ce-grozny"),
        ("GROZNYY", "ru-ce-grozny"),
        ("Groznyj", "ru-ce-grozny"),
        ("Соьлжа-Г1ала", "ru-ce-grozny"),
        ("с. Центарой", "ru-ce-tsentaroy"),
        ("Tsentaroi", "ru-ce-tsentaroy"),
        ("Khosi-Yurt", "ru-ce-tsentaroy"),
        ("Shali", "ru-ce-shali"),
        ("Shali district", "ru-ce-shalinsky"),
        ("Шалинский р-н", "ru-ce-shalinsky"),
        ("Shalinskiy", "ru-ce-shalinsky"),
        ("Назрань", "ru-in-nazran"),
        ("Nazran'", "ru-in-nazran"),
        ("Червленная", "ru-ce-chervlyonnaya"),
        ("ru-ce-argun", "ru-ce-argun"),
    ],
)
def test_lookup_any_spelling(spelling: str, code: str) -> None:
    assert places().lookup(spelling) == code


def test_ambiguous_names_are_not_guessed() -> None:
    gazetteer = places()
    assert gazetteer.lookup("Сунженский район") is None
    assert set(gazetteer.candidates("Сунженский район")) == {
        "ru-ce-sernovodsky",
        "ru-in-sunzhensky",
    }
    assert gazetteer.lookup("Atlantis") is None


def test_every_label_and_variant_finds_its_place_or_an_honest_ambiguity() -> None:
    gazetteer = places()
    ambiguous = {"ru-ce-sernovodsky", "ru-in-sunzhensky"}
    for code in gazetteer.codes():
        for spelling in gazetteer.place(code).spellings():
            found = gazetteer.candidates(spelling)
            assert code in found
            assert len(found) == 1 or set(found) <= ambiguous


def test_coarsening_to_district() -> None:
    gazetteer = places()
    assert gazetteer.district_of("ru-ce-tsentaroy") == "ru-ce-kurchaloyevsky"
    assert gazetteer.district_of("ru-ce-kurchaloy") == "ru-ce-kurchaloyevsky"
    assert gazetteer.district_of("ru-ce-grozny") == "ru-ce-grozny"
    assert gazetteer.district_of("ru-ce-shalinsky") == "ru-ce-shalinsky"
    assert gazetteer.district_of("ru-ce") == "ru-ce"
    assert gazetteer.republic_of("ru-ce-tsentaroy") == "ru-ce"
    assert gazetteer.ancestors("ru-ce-tsentaroy") == ("ru-ce-kurchaloyevsky", "ru-ce", "ru")


def test_every_place_coarsens_to_a_place_no_finer_than_a_district() -> None:
    gazetteer = places()
    for code in gazetteer.codes():
        coarse = gazetteer.place(gazetteer.district_of(code))
        assert coarse.kind != "village"
        assert coarse.kind != "city" or gazetteer.place(coarse.parent or "").kind != "district"


def test_unknown_code_is_refused() -> None:
    with pytest.raises(InvalidValue):
        places().district_of("ru-ce-atlantis")
