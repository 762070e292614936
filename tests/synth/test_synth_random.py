"""Random world settings and the error kinds they draw on (issue 12, item 6)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from uncounted.synth import (
    NoiseRates,
    SourceSpec,
    WorldConfig,
    describe_setting,
    generate_world,
    random_world_config,
)
from uncounted.synth._typos import spelling_variant, typo


def test_the_same_seed_gives_the_same_setting_and_others_differ() -> None:
    assert random_world_config(5) == random_world_config(5)
    settings = {describe_setting(random_world_config(seed)) for seed in range(20)}
    assert len(settings) == 20
    assert {len(random_world_config(seed).sources) for seed in range(20)} <= {3, 4, 5, 6}


def test_a_random_setting_makes_a_world() -> None:
    world = generate_world(random_world_config(11, people=300))
    assert len(world.records) > 0
    assert set(world.truth["source"]) <= {s.name for s in world.config.sources}


def test_a_head_typo_hits_the_first_three_letters_of_a_word() -> None:
    for draw in np.linspace(0, 0.999, 25):
        written = typo(
            "Magomed Khasukhanov",
            "abcdefghijklmnopqrstuvwxyz",
            np.array([0.6, draw, 0.3]),
            head=True,
        )
        first, second = written.split(" ")
        assert first[3:] == "omed" or (second[3:] == "ukhanov" and first == "Magomed")


def test_spelling_variants_change_a_stem_vowel_or_a_soft_sign_never_the_ending() -> None:
    assert spelling_variant("Ахмадов", 0.1, 0.9) == "Ахмедов"
    assert spelling_variant("Мохьмадов", 0.9, 0.0) == "Мохмадов"
    assert spelling_variant("Мохмадов", 0.9, 0.0) == "Мохьмадов"
    for place in np.linspace(0, 0.999, 10):
        assert spelling_variant("Исаев", 0.1, place).endswith("ев")


def test_joined_initials_and_zipf_given_names() -> None:
    source = SourceSpec(
        name="iso",
        romanisation="cyrillic",
        capture=(1.0,),
        patronymic=True,
        noise=replace(
            NoiseRates(),
            initials=1.0,
            initials_joined=1.0,
            missing_patronymic=0.0,
            typo=0.0,
            swapped_order=0.0,
        ),
    )
    world = generate_world(WorldConfig(people=200, sources=(source,), classes=(1.0,), seed=3))
    assert world.records["name"].str.match(r"^\w\.\w\. ").all()
    flat = generate_world(
        WorldConfig(
            people=3000, seed=3, classes=(1.0,), sources=(replace(source, noise=NoiseRates()),)
        )
    )
    skewed = generate_world(
        WorldConfig(
            people=3000,
            seed=3,
            classes=(1.0,),
            sources=(replace(source, noise=NoiseRates()),),
            given_name_zipf=1.5,
        )
    )
    top = [w.people["given_name"].value_counts(normalize=True).iloc[0] for w in (flat, skewed)]
    assert top[1] > 1.5 * top[0]
