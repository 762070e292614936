"""The name parser on the forms lists in the region actually use (issue 12, item 2)."""

from __future__ import annotations

import pytest

from uncounted.linkage import parse_name


@pytest.mark.parametrize(
    ("written", "surname", "given"),
    [
        ("Ковалев Иван", "kovalev", "ivan"),
        ("Иван Ковалев", "kovalev", "ivan"),
        ("Магомедов Султан", "magomedov", "sultan"),
        ("Смирнова Марина", "smirnov", "marina"),
        ("Damaev Rakhman", "damaev", "rahman"),
        ("Rakhman Damaev", "damaev", "rahman"),
        ("ISAEV MAGOMED", "isaev", "magomed"),
    ],
)
def test_surname_and_given_name_are_told_apart_in_either_order(
    written: str, surname: str, given: str
) -> None:
    keys = parse_name(written)
    assert (keys.surname, keys.given) == (surname, given)


@pytest.mark.parametrize("written", ["Исаев А.М.", "А.М. Исаев", "Isaev A.M.", "Исаев А. М."])
def test_joined_initials_are_initials_not_a_given_name(written: str) -> None:
    keys = parse_name(written)
    assert keys.surname == "isaev"
    assert keys.given is None
    assert keys.given_initial == "a"


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Fyodorov", "Фёдоров"),
        ("Fjodorow", "Фёдоров"),
        ("Fiodorov", "Фёдоров"),
        ("Semyonov", "Семёнов"),
        ("Semjonow", "Семёнов"),
    ],
)
def test_yo_written_yo_jo_or_io_meets_the_cyrillic_form(latin: str, cyrillic: str) -> None:
    assert parse_name(f"Ivan {latin}").surname == parse_name(f"Иван {cyrillic}").surname


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Alexander Petrov", "Александр Петров"),
        ("Alexei Petrov", "Алексей Петров"),
        ("Ibraguim Issaev", "Ибрагим Исаев"),
        ("Mohammed Isayev", "Магомед Исаев"),
    ],
)
def test_given_names_in_other_spellings_meet_the_cyrillic_form(latin: str, cyrillic: str) -> None:
    assert parse_name(latin) == parse_name(cyrillic)


def test_an_initial_is_compared_as_the_sound_it_is_written_with() -> None:
    # Якуб is Iakub, Yakub or Jakub, folded to 'akub'; his initial is I., Y. or J.
    sounds = {parse_name(name).initial_sound for name in ("Якуб Хизриев", "Iakub Khizriev")}
    sounds |= {parse_name(name).initial_sound for name in ("JAKUB XIZRIEV", "I. Khizriev")}
    assert sounds == {"i"}
    # Хазмат is K. in one list (Khazmat) and XAZMAT in another.
    assert parse_name("K. Zhesuev").initial_sound == parse_name("XAZMAT ŽESUEV").initial_sound
    # А. and И. stay different people.
    assert parse_name("Ali Saipudinov").initial_sound != parse_name("SAIPUDINOV I.").initial_sound


def test_an_initial_is_read_in_its_lists_habit() -> None:
    # A German list writes Хеда as Cheda and abbreviates her C.: х, not ц or ч.
    heda = parse_name("Хеда Тумуева").initial_sound
    assert parse_name("TUMUJEWA C.", "german").initial_sound == heda
    assert parse_name("Tumujewa Cheda", "german").initial_sound == heda
    assert parse_name("Heda Tumueva", "generic").initial_sound == heda
    # The same letters in an English-like list are ч: Chingiz is not Khingiz.
    assert parse_name("Chingiz Tumuev", "generic").initial_sound != heda
    assert parse_name("TSCHINGIS TUMUJEW", "german").initial_sound == (
        parse_name("Чингиз Тумуев").initial_sound
    )
    # Ц is Ts in ICAO 9303 and C in GOST 7.79; French ou is у.
    assert parse_name("Caca Tumueva").initial_sound == parse_name("Цаца Тумуева").initial_sound
    assert parse_name("Tsatsa Tumueva").initial_sound == parse_name("Цаца Тумуева").initial_sound
    assert parse_name("Oumar Toumouev", "french").initial_sound == (
        parse_name("Умар Тумуев").initial_sound
    )
    # ... so his French initial is O.; French j is ж (Janna, J.); GOST 7.79 writes Юсуп Ûsup.
    assert (
        parse_name("TOUMOUEV O.", "french").initial_sound == parse_name("Умар Тумуев").initial_sound
    )
    assert parse_name("TOUMOUEVA J.", "french").initial_sound == (
        parse_name("Жанна Тумуева").initial_sound
    )
    assert parse_name("ÛSUP TUMUEV").initial_sound == parse_name("Юсуп Тумуев").initial_sound


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("Isaev Magomed Dzhamalovihc", None),  # two letters swapped
        ("Magomed Dzhamalovch Isaev", None),  # a letter dropped
        ("Isajew Magomed Dschamalowitsh", "german"),
        ("Issaev Magomed Djamalovtich", "french"),
        ("Исаев Магомед Джамаловичь", None),  # a letter added
    ],
)
def test_a_patronymic_with_a_slip_in_its_suffix_is_still_a_patronymic(
    written: str, listed: str | None
) -> None:
    keys = parse_name(written, listed)  # type: ignore[arg-type]
    assert keys == parse_name("Исаев Магомед Джамалович")


@pytest.mark.parametrize("written", ["Luiza Ibragimova", "Ibragimovic Ahmed", "Ahmedov Ruslan"])
def test_a_surname_made_of_a_given_name_is_not_read_as_a_patronymic(written: str) -> None:
    # Ibragimova is one letter from Ibragimovna, and Ibragimovic one from Ibragimovich:
    # with no third part beside them, or a surname's own suffix, they stay surnames.
    assert parse_name(written).patronymic is None
