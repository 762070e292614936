"""What a synthetic world looks like: the population, its waves of events, and its sources.

Everything here is a frozen dataclass so that a world is fully described by its config and
seed: the same config always produces the same world, byte for byte. The defaults describe
six sources modelled on the kinds of lists a documentation NGO actually receives (its own
hotline in Cyrillic, English press, a passport-style evacuation list, a French NGO report, a
German list, a scholarly list in ISO 9), each with its own script, fields and error rates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from uncounted.errors import InputError
from uncounted.synth._romanise import available_romanisations

BirthField = Literal["date", "year", "age", "none"]
PlaceField = Literal["label_ru", "label_en", "romanised", "none"]
NameOrder = Literal["given_first", "surname_first"]


class SynthConfigError(InputError):
    """Raised when a synthetic-world configuration is impossible (names the setting)."""


@dataclass(frozen=True)
class NoiseRates:
    """How often a source gets each field wrong or leaves it out (probabilities per record).

    ``typo`` is the share of records whose written name carries one keyboard-style error
    (insertion, deletion, substitution or transposition of a letter). ``birth_year_only`` and
    ``birth_month_only`` apply to sources that record birth dates; ``age_off_by_one`` to those
    that record an age at the event. ``arabic_variant`` is the share of records whose given
    name, when it has an Arabic-origin equivalent (Магомед / Mohammed), is written that way.
    ``typo_head`` is the share of typos that hit the first three letters of a name part (the
    rest fall anywhere). ``spelling_variant`` is the share of records whose surname is written
    with another vowel or a soft sign (Ахмадов / Ахмедов, Мохмад / Мохьмад) before being
    romanised. ``initials_joined`` is the share of records written with initials that run
    them together ("А.М." rather than "А. М.").
    """

    typo: float = 0.03
    missing_patronymic: float = 0.3
    missing_birth: float = 0.2
    birth_year_only: float = 0.2
    birth_month_only: float = 0.05
    age_off_by_one: float = 0.15
    swapped_order: float = 0.03
    initials: float = 0.0
    arabic_variant: float = 0.0
    event_date_shift: float = 0.2
    event_date_shift_days: int = 5
    missing_event_date: float = 0.05
    missing_place: float = 0.1
    missing_sex: float = 0.05
    typo_head: float = 0.0
    spelling_variant: float = 0.0
    initials_joined: float = 0.0

    def scaled(self, factor: float) -> NoiseRates:
        """Every probability multiplied by *factor* (capped at 1): a harder or easier source."""
        changed: dict[str, Any] = {k: min(1.0, v * factor) for k, v in self.rates().items()}
        return replace(self, **changed)

    def rates(self) -> dict[str, float]:
        """The probability knobs by name (everything except the shift size in days)."""
        return {
            name: float(value)
            for name, value in self.__dict__.items()
            if name != "event_date_shift_days"
        }


@dataclass(frozen=True)
class SourceSpec:
    """One list in the world: which fields it records, in which script, and how carefully.

    ``romanisation`` is ``"cyrillic"`` (names kept in Cyrillic), the lower-case name of an
    ``iuliia`` schema (``"wikipedia"``, ``"icao_doc_9303"``, ``"gost_779"``, ...), or one of the
    rule tables shipped here (``"french"``, ``"german"``). ``capture`` holds the probability
    that a person of each visibility class appears on this list; it must have one entry per
    class of the world. ``original_name`` is the share of records that also quote the name
    in Cyrillic (``name_original``). ``duplicates`` is the share of captured people recorded
    a second time in the same list (0 by default: no duplicates within a source).
    ``event_type_factor`` multiplies the capture probability of people whose event is of a
    given kind (the press reports killings more often than threats), capped at 1.
    """

    name: str
    romanisation: str
    capture: tuple[float, ...]
    name_order: NameOrder = "given_first"
    upper_case: bool = False
    patronymic: bool = False
    birth: BirthField = "none"
    sex: bool = True
    place: PlaceField = "none"
    event_date: bool = True
    event_type: bool = True
    original_name: float = 0.0
    duplicates: float = 0.0
    event_type_factor: tuple[tuple[str, float], ...] = ()
    noise: NoiseRates = field(default_factory=NoiseRates)

    @property
    def script(self) -> Literal["cyrillic", "latin"]:
        """The script this source writes names in."""
        return "cyrillic" if self.romanisation == "cyrillic" else "latin"


@dataclass(frozen=True)
class Wave:
    """A period of intensified persecution; events fall uniformly inside it."""

    start: dt.date
    end: dt.date
    weight: float


def default_waves() -> tuple[Wave, ...]:
    """The 2017 campaign, the wave from December 2018, and a low background in between."""
    return (
        Wave(dt.date(2017, 2, 15), dt.date(2017, 5, 31), 0.45),
        Wave(dt.date(2018, 12, 1), dt.date(2019, 4, 30), 0.35),
        Wave(dt.date(2016, 1, 1), dt.date(2020, 12, 31), 0.20),
    )


def default_event_types() -> tuple[tuple[str, float], ...]:
    """Kinds of primary event with their shares among victims."""
    return (
        ("detention", 0.42),
        ("torture", 0.20),
        ("threat", 0.12),
        ("disappearance", 0.08),
        ("killing", 0.06),
        ("extortion", 0.06),
        ("forced_outing", 0.03),
        ("document_seizure", 0.03),
    )


def default_sources(noise_scale: float = 1.0) -> tuple[SourceSpec, ...]:
    """Six sources with distinct scripts, romanisations, fields and error rates.

    Capture probabilities are per visibility class (hidden, known, prominent): the hotline
    hears mostly from people who reached it, the press mostly from the prominent cases.
    ``noise_scale`` multiplies every error rate (2.0 for a harder world, 0.0 for none).
    """
    sources = _default_sources()
    if noise_scale == 1.0:
        return sources
    return tuple(replace(s, noise=s.noise.scaled(noise_scale)) for s in sources)


def _default_sources() -> tuple[SourceSpec, ...]:
    return (
        SourceSpec(
            name="hotline",
            romanisation="cyrillic",
            capture=(0.25, 0.5, 0.7),
            name_order="surname_first",
            patronymic=True,
            birth="date",
            place="label_ru",
            noise=NoiseRates(
                typo=0.04,
                missing_patronymic=0.3,
                missing_birth=0.25,
                birth_year_only=0.25,
                event_date_shift=0.1,
            ),
        ),
        SourceSpec(
            name="press_en",
            romanisation="wikipedia",
            capture=(0.03, 0.15, 0.5),
            event_type_factor=(("killing", 2.0), ("disappearance", 1.5)),
            birth="age",
            sex=False,
            place="label_en",
            noise=NoiseRates(
                typo=0.02,
                missing_birth=0.3,
                arabic_variant=0.35,
                event_date_shift=0.35,
                event_date_shift_days=10,
                missing_place=0.2,
            ),
        ),
        SourceSpec(
            name="passport_list",
            romanisation="icao_doc_9303",
            capture=(0.05, 0.2, 0.35),
            name_order="surname_first",
            upper_case=True,
            birth="date",
            event_type=False,
            event_date=False,
            noise=NoiseRates(
                typo=0.02,
                missing_birth=0.02,
                birth_year_only=0.0,
                birth_month_only=0.0,
                missing_sex=0.0,
            ),
        ),
        SourceSpec(
            name="ngo_fr",
            romanisation="french",
            capture=(0.08, 0.25, 0.45),
            name_order="surname_first",
            patronymic=True,
            birth="year",
            place="romanised",
            noise=NoiseRates(
                typo=0.04,
                missing_patronymic=0.5,
                missing_birth=0.3,
                arabic_variant=0.1,
                swapped_order=0.08,
            ),
        ),
        SourceSpec(
            name="list_de",
            romanisation="german",
            capture=(0.06, 0.2, 0.4),
            birth="age",
            place="romanised",
            noise=NoiseRates(
                typo=0.05,
                missing_birth=0.2,
                arabic_variant=0.15,
                swapped_order=0.05,
                missing_sex=0.3,
            ),
        ),
        SourceSpec(
            name="scholar_iso9",
            romanisation="gost_779",
            capture=(0.04, 0.15, 0.3),
            name_order="surname_first",
            patronymic=True,
            birth="year",
            place="romanised",
            original_name=0.5,
            noise=NoiseRates(
                typo=0.01,
                missing_patronymic=0.2,
                missing_birth=0.4,
                initials=0.3,
                event_date_shift=0.1,
            ),
        ),
    )


@dataclass(frozen=True)
class WorldConfig:
    """A whole synthetic world: population size, sources, seed and population structure.

    ``classes`` are the weights of the latent visibility classes (each source's ``capture``
    has one probability per class). ``family_sizes[k]`` is the share of families with k+1
    siblings, who share a surname, a patronymic and a home district. ``given_name_zipf``,
    when above 0, replaces the given-name table's weights by 1 / rank ** s (rank by the
    table's weight), so a few names are very common, as in some real populations.
    """

    people: int = 3000
    sources: tuple[SourceSpec, ...] = field(default_factory=default_sources)
    seed: int = 0
    classes: tuple[float, ...] = (0.55, 0.3, 0.15)
    male_share: float = 0.85
    family_sizes: tuple[float, ...] = (0.8, 0.14, 0.06)
    waves: tuple[Wave, ...] = field(default_factory=default_waves)
    event_types: tuple[tuple[str, float], ...] = field(default_factory=default_event_types)
    event_in_home_district: float = 0.7
    given_name_zipf: float = 0.0

    @classmethod
    def of_records(cls, records: int, seed: int, given_name_zipf: float = 0.0) -> WorldConfig:
        """The default world sized to yield about *records* records (benchmarks size theirs
        so): people = records over :meth:`expected_records_per_person`."""
        probe = cls(people=1000, seed=seed, given_name_zipf=given_name_zipf)
        return replace(probe, people=int(records / probe.expected_records_per_person()))

    def expected_records_per_person(self) -> float:
        """How many records one person yields on average, over all sources.

        Divide a target number of records by this to size a world (benchmarks do).
        """
        weights = [w / sum(self.classes) for w in self.classes]
        shares = {
            kind: share / sum(s for _, s in self.event_types) for kind, share in self.event_types
        }
        total = 0.0
        for source in self.sources:
            factor = dict(source.event_type_factor)
            caught = sum(
                w * share * min(1.0, p * factor.get(kind, 1.0))
                for w, p in zip(weights, source.capture, strict=True)
                for kind, share in shares.items()
            )
            total += (1.0 + source.duplicates) * caught
        return total

    def validate(self) -> None:
        """Refuse an impossible configuration, naming the setting that is wrong."""
        problems = list(_problems(self))
        if problems:
            raise SynthConfigError("synthetic world settings: " + "; ".join(problems))


def _problems(config: WorldConfig) -> list[str]:
    problems: list[str] = []
    if config.people < 1:
        problems.append("people must be at least 1")
    names = [source.name for source in config.sources]
    if len(set(names)) != len(names):
        problems.append("source names must be distinct")
    if not config.classes or min(config.classes) < 0 or sum(config.classes) <= 0:
        problems.append("classes must be non-negative weights with a positive sum")
    if not 0.0 <= config.male_share <= 1.0:
        problems.append("male_share must be between 0 and 1")
    if not config.family_sizes or sum(config.family_sizes) <= 0:
        problems.append("family_sizes must have a positive sum")
    if config.given_name_zipf < 0:
        problems.append("given_name_zipf must not be negative")
    if not config.waves or not config.event_types:
        problems.append("waves and event_types must not be empty")
    for source in config.sources:
        problems.extend(
            f"source {source.name} {problem}" for problem in _source_problems(source, config)
        )
    return problems


def _source_problems(source: SourceSpec, config: WorldConfig) -> list[str]:
    problems: list[str] = []
    if source.romanisation not in available_romanisations():
        problems.append(f"names an unknown romanisation {source.romanisation!r}")
    if len(source.capture) != len(config.classes):
        problems.append(
            f"has {len(source.capture)} capture probabilities for {len(config.classes)} classes"
        )
    if any(not 0.0 <= p <= 1.0 for p in source.capture):
        problems.append("has a capture probability outside 0..1")
    kinds = {kind for kind, _ in config.event_types}
    if any(kind not in kinds or f < 0 for kind, f in source.event_type_factor):
        problems.append("has an event_type_factor for an unknown kind or below 0")
    if any(not 0.0 <= p <= 1.0 for p in source.noise.rates().values()):
        problems.append("has an error rate outside 0..1")
    if not 0.0 <= source.duplicates <= 1.0 or not 0.0 <= source.original_name <= 1.0:
        problems.append("has duplicates or original_name outside 0..1")
    return problems
