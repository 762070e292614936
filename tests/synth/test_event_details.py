"""The synthetic world's detention stories (acts, statuses, release dates, help given) are
drawn from a stream of their own: the world's people, lists and capture do not move."""

from __future__ import annotations

import pandas as pd

from uncounted.model import PartialDate, load, parse_dated_codes
from uncounted.synth import WorldConfig, event_details, generate_world


def test_details_leave_the_world_as_it_was_and_are_the_same_for_the_same_seed() -> None:
    before = generate_world(WorldConfig(people=400, seed=5))
    details = event_details(before)
    after = generate_world(WorldConfig(people=400, seed=5))
    pd.testing.assert_frame_equal(before.records, after.records)
    pd.testing.assert_frame_equal(before.capture_histories(), after.capture_histories())
    pd.testing.assert_frame_equal(details, event_details(after))
    assert list(details["record_id"]) == list(before.records["record_id"])


def test_the_stories_have_releases_deaths_the_missing_and_help() -> None:
    world = generate_world(WorldConfig(people=1200, seed=2017))
    details = event_details(world)
    statuses = set(details["status"])
    assert {"released", "dead", "whereabouts_unknown"} <= statuses
    assert statuses - {""} <= set(load("victim_statuses"))
    acts = {act for told in details["act_types"] for act in told.split("|") if act}
    assert {"arrest", "beating", "electric_shock"} <= acts <= set(load("act_types"))
    released = details[details["detained_until"] != ""]
    assert len(released) > 50 and set(released["status"]) == {"released"}
    for start, end in zip(released["detained_from"], released["detained_until"], strict=True):
        assert not PartialDate.parse(end).surely_before(PartialDate.parse(start))
    helped = [h for h in details["interventions"] if h]
    assert 5 <= len(helped) <= 0.05 * len(details)
    for told in helped:
        assert parse_dated_codes(told, "intervention_types")
    merged = details.merge(world.truth, on=["source", "record_id"]).merge(
        world.people[["person_id", "event_type"]], on="person_id"
    )
    killed = merged[(merged["event_type"] == "killing") & (merged["status"] != "")]
    assert len(killed) and set(killed["status"]) == {"dead"}
