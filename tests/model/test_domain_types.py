"""Domain types: valid objects are built, invalid ones refused without echoing the value, and
every type says which fields identify someone."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from uncounted.model import (
    COARSENED_FIELDS,
    ENTITY_TYPES,
    IDENTITY_FIELDS,
    Act,
    Case,
    Claim,
    Event,
    EvidenceItem,
    Intervention,
    InvalidValue,
    PartialDate,
    PerpetratorUnit,
    Person,
    Record,
    Source,
    StatusChangeRefused,
)

SECRET = "Секретова Зарема Тестовна"  # a synthetic identity planted to catch leaks


def _record(**changes: object) -> Record:
    values: dict[str, object] = {
        "source": "hotline",
        "record_id": "r1",
        "case": "c1",
        "event_type": "detention",
        "event_date": PartialDate(2017, 3, 4),
        "place": "ru-ce-tsentaroy",
        "sex": "female",
        "name": "Zarema Sekretova",
        "name_original": SECRET,
        "birth_date": PartialDate(1994, 5),
        "age": 22,
        "contact": "+7 900 000 00 00",
        "address": "ул. Тестовая, 1",
        "testimony": "Synthetic testimony text.",
    }
    values.update(changes)
    return Record(**values)  # type: ignore[arg-type]


def test_record_identity_fields_are_exactly_the_identifying_ones() -> None:
    assert IDENTITY_FIELDS[Record] == {
        "name",
        "name_original",
        "birth_date",
        "age",
        "contact",
        "address",
        "testimony",
        "place_text",
    }
    assert Record.identity_fields() == IDENTITY_FIELDS[Record]
    assert {
        "event_type",
        "event_date",
        "place",
        "sex",
        "role",
        "source",
    } <= Record.analytic_fields()


@pytest.mark.parametrize("kind", ENTITY_TYPES)
def test_every_field_is_either_identity_or_analytic(kind: type) -> None:
    names = {f.name for f in dataclasses.fields(kind)}
    identity, analytic = kind.identity_fields(), kind.analytic_fields()  # type: ignore[attr-defined]
    assert identity | analytic == names
    assert not identity & analytic


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        (Person, "names"),
        (Person, "birth_date"),
        (Person, "contact"),
        (Person, "address"),
        (Person, "document_numbers"),
        (Event, "description"),
        (Act, "victim_age"),
        (EvidenceItem, "original_name"),
        (Case, "summary"),
    ],
)
def test_identifying_fields_of_other_types_are_marked(kind: type, field: str) -> None:
    assert field in IDENTITY_FIELDS[kind]


def test_identity_and_analytic_values_separate_the_data() -> None:
    record = _record()
    analytic = record.analytic_values()
    identity = record.identity_values()
    assert SECRET not in " ".join(analytic.values())
    assert identity["name_original"] == SECRET
    assert identity["birth_date"] == "1994-05"
    assert analytic["event_date"] == "2017-03-04"
    assert "place_text" not in identity  # unset fields are left out


def test_coarse_view_shows_month_and_district_only() -> None:
    coarse = _record().coarse()
    assert coarse.event_month == "2017-03"
    assert coarse.district == "ru-ce-kurchaloyevsky"
    assert SECRET not in repr(coarse)
    assert not {"name", "birth_date", "testimony"} & {f.name for f in dataclasses.fields(coarse)}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"record_id": ""}, "record_id"),
        ({"record_id": " r1"}, "record_id"),
        ({"event_type": "no_such_type"}, "event_type"),
        ({"sex": "Секрет"}, "sex"),
        ({"place": "Секретное село"}, "place"),
        ({"age": 121}, "age"),
        ({"age": True}, "age"),
        ({"name": SECRET + "\x07"}, "name"),
        ({"name": "  "}, "name"),
        ({"testimony": SECRET * 2000}, "testimony"),
        ({"birth_date": "1994-05"}, "birth_date"),
        ({"birth_date": PartialDate(2018)}, "birth_date"),
        ({"role": "suspect"}, "role"),
    ],
)
def test_invalid_record_names_field_and_not_value(changes: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        _record(**changes)
    assert caught.value.field == field
    message = str(caught.value)
    assert message.startswith(f"Record field {field}:")
    assert "Секрет" not in message and "\n" not in message


def test_objects_are_immutable() -> None:
    record = _record()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.name = "other"  # type: ignore[misc]


def test_person_and_unit() -> None:
    person = Person("p1", "victim", "male", names=("Тест Тестов", "Test Testov"))
    assert person.identity_values()["names"] == "Тест Тестов|Test Testov"
    with pytest.raises(InvalidValue):
        Person("p1", "suspected")
    unit = PerpetratorUnit("u1", "police_unit", "Synthetic patrol regiment", place="ru-ce-grozny")
    assert unit.identity_fields() == frozenset()
    with pytest.raises(InvalidValue):
        PerpetratorUnit("u1", "police_unit", "Loop", parent_unit="u1")
    with pytest.raises(InvalidValue):
        PerpetratorUnit("u1", "aliens", "Unit")


def test_event_and_act() -> None:
    event = Event("e1", "detention", PartialDate(2017, 3), PartialDate(2017, 4), "ru-ce-argun")
    assert event.place == "ru-ce-argun"
    with pytest.raises(InvalidValue) as caught:
        Event("e1", "detention", PartialDate(2017, 4), PartialDate(2017, 3))
    assert caught.value.field == "end_date"
    act = Act("a1", "e1", "beating", "p1", ("p2",), ("u1",), victim_age=30)
    assert "victim_age" in act.identity_values()
    with pytest.raises(InvalidValue):
        Act("a1", "e1", "beating", "p1", perpetrator_ids=("p1",))
    with pytest.raises(InvalidValue):
        Act("a1", "e1", "beating", "p1", perpetrator_ids=["p2"])  # type: ignore[arg-type]


def test_source_evidence_claim_intervention() -> None:
    Source("s1", "media", "Synthetic Gazette", reliability="high", received=PartialDate(2017, 4))
    with pytest.raises(InvalidValue):
        Source("s1", "rumour", "X")
    EvidenceItem("ev1", "photo", "ab" * 32, 1024, received=dt.date(2019, 1, 5), record_ids=("r1",))
    with pytest.raises(InvalidValue) as caught:
        EvidenceItem("ev1", "photo", "not-a-hash", 10)
    assert caught.value.field == "sha256"
    with pytest.raises(InvalidValue):
        EvidenceItem("ev1", "photo", "ab" * 32, -1)
    claim = Claim(
        "cl1",
        "denial",
        "A synthetic spokesman",
        PartialDate(2017, 4, 1),
        "There is nothing of the kind.",
        event_types=frozenset({"detention", "killing"}),
    )
    assert claim.identity_fields() == frozenset()
    with pytest.raises(InvalidValue):
        Claim("cl1", "denial", "X", PartialDate(2017), "S", event_types=frozenset({"rumour"}))
    Intervention("i1", "echr_application", "Synthetic NGO", PartialDate(2018), event_id="e1")
    with pytest.raises(InvalidValue):
        Intervention("i1", "prayer", "Synthetic NGO")


def test_case_workflow() -> None:
    case = Case("c1", frozenset({"evacuation", "shelter"}), opened=dt.date(2019, 1, 10))
    assert case.status == "request" and case.is_open
    case = case.advance("assessed").advance("in_progress").advance("relocated")
    assert not case.is_open
    assert case.advance("closed").status == "closed"
    with pytest.raises(StatusChangeRefused):
        Case("c2").advance("relocated")
    with pytest.raises(StatusChangeRefused):
        Case("c2", status="closed").advance("request")
    assert Case("c3").advance("closed").status == "closed"
    with pytest.raises(InvalidValue):
        Case("c4", frozenset({"spaceship"}))
    with pytest.raises(InvalidValue):
        Case("c5", opened=dt.date(2019, 2, 1), follow_up=dt.date(2019, 1, 1))


def test_follow_up_due() -> None:
    case = Case("c1", follow_up=dt.date(2019, 3, 1))
    assert case.follow_up_due(dt.date(2019, 3, 1))
    assert not case.follow_up_due(dt.date(2019, 2, 28))
    assert not case.advance("closed").follow_up_due(dt.date(2020, 1, 1))


def test_nothing_records_orientation_or_gender_identity() -> None:
    words = ("orientation", "gender_identity", "sexuality", "lgbt")
    for kind in ENTITY_TYPES:
        for f in dataclasses.fields(kind):
            assert not any(word in f.name for word in words)


def test_exact_dates_and_places_are_marked_for_coarsening() -> None:
    assert COARSENED_FIELDS[Record] == {"event_date", "place"}
    assert COARSENED_FIELDS[Event] == {"start_date", "end_date", "place"}
    assert COARSENED_FIELDS[Act] == {"start_date", "end_date", "place"}
    for kind in ENTITY_TYPES:
        assert COARSENED_FIELDS[kind] <= kind.analytic_fields()
    coarse = _record().coarse()
    assert "2017-03-04" not in repr(coarse) and "tsentaroy" not in repr(coarse)


def test_act_location_type() -> None:
    act = Act("a1", "e1", "incommunicado_detention", "p1", location_type="secret_facility")
    assert act.location_type == "secret_facility"
    with pytest.raises(InvalidValue):
        Act("a1", "e1", "beating", "p1", location_type="moon")


def test_public_names_are_exactly_the_exported_ones() -> None:
    import uncounted.model as model

    public = {name for name in vars(model) if not name.startswith("_")} - {"annotations"}
    public -= {"MappingProxyType", "vocabulary"}
    assert set(model.__all__) == public


def test_case_workflow_matches_the_status_vocabulary() -> None:
    from uncounted.model import CASE_TRANSITIONS, load

    assert set(CASE_TRANSITIONS) == set(load("case_statuses").codes())
    for targets in CASE_TRANSITIONS.values():
        assert targets <= set(CASE_TRANSITIONS)
