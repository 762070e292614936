"""What was done to each person of a synthetic world and what became of them.

The acts (codes of ``act_types``), the status now (``victim_statuses``: some released with a
release date, some dead, some whereabouts unknown...), the detention's dates and, for a few,
the help given (``intervention_types``). They are drawn after the world is made, from a random
stream of their own (``SeedSequence([seed, 11])``), so a world's people, lists and capture,
and every estimate made from them, are the same with or without them. One story is drawn per
person, by their true event type, and every list that records them tells it (or, one record in
five, tells nothing of it, as many lists do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from uncounted.synth._world import World

#: Per true event type, the acts a person suffered: (act, chance); the first is always done.
_ACTS: dict[str, tuple[tuple[str, float], ...]] = {
    "detention": (
        ("arrest", 1.0),
        ("beating", 0.55),
        ("phone_seizure", 0.3),
        ("electric_shock", 0.2),
        ("document_seizure", 0.2),
        ("extortion", 0.15),
        ("outing_to_relatives", 0.08),
    ),
    "torture": (
        ("beating", 1.0),
        ("arrest", 0.7),
        ("electric_shock", 0.35),
        ("humiliation", 0.3),
        ("forced_confession", 0.25),
    ),
    "threat": (("death_threat", 1.0), ("threat_to_family", 0.3)),
    "disappearance": (("enforced_disappearance", 1.0), ("arrest", 0.6)),
    "killing": (("extrajudicial_execution", 1.0),),
    "extortion": (("extortion", 1.0), ("arrest", 0.4)),
    "forced_outing": (("outing_to_relatives", 1.0), ("threat_to_family", 0.3)),
    "document_seizure": (("document_seizure", 1.0), ("phone_seizure", 0.3)),
}
#: Per true event type, what became of the person: (status, share); shares sum to 1.
_STATUSES: dict[str, tuple[tuple[str, float], ...]] = {
    "detention": (
        ("released", 0.62),
        ("detained", 0.1),
        ("whereabouts_unknown", 0.1),
        ("dead", 0.06),
        ("left_region", 0.12),
    ),
    "torture": (("released", 0.75), ("dead", 0.05), ("left_region", 0.2)),
    "disappearance": (("whereabouts_unknown", 0.75), ("dead", 0.1), ("released", 0.15)),
    "killing": (("dead", 1.0),),
}
#: Acts that hold a person: their detention starts on the event's date.
_HELD = frozenset({"arrest", "enforced_disappearance"})
_HELP = ("complaint_to_authorities", "evacuation", "legal_aid", "shelter", "medical_aid")
#: The share of people helped, and of records that tell nothing of what was done.
HELPED, SILENT = 0.04, 0.2


def event_details(world: World) -> pd.DataFrame:
    """One row per record of *world* (its ``source`` and ``record_id``): ``act_types`` (codes
    joined by ``|``), ``status``, ``detained_from``, ``detained_until`` (the release date) as
    the list format's columns (``""`` where not told), and ``interventions`` (the help given
    the person, ``[date ]code`` a line; not a list column: the demo records it as help given
    after the import)."""
    rng = np.random.default_rng(np.random.SeedSequence([world.config.seed, 11]))
    people = world.people
    stories = [
        _story(kind, date, rng)
        for kind, date in zip(people["event_type"], people["event_date"], strict=True)
    ]
    truth = world.truth
    silent = rng.random(len(truth)) < SILENT
    columns = ("act_types", "status", "detained_from", "detained_until", "interventions")
    told = {
        name: [
            "" if quiet else stories[person][k]
            for person, quiet in zip(truth["person_id"], silent, strict=True)
        ]
        for k, name in enumerate(columns)
    }
    return pd.DataFrame(
        {"source": truth["source"], "record_id": truth["record_id"], **told}, dtype=object
    )


def _story(kind: str, date: str, rng: np.random.Generator) -> tuple[str, str, str, str, str]:
    acts = [act for act, chance in _ACTS.get(kind, ()) if rng.random() < chance]
    statuses = _STATUSES.get(kind)
    status = ""
    if statuses:
        codes, shares = zip(*statuses, strict=True)
        status = str(rng.choice(codes, p=shares))
    start = np.datetime64(date, "D")
    held = bool(_HELD & set(acts))
    released = ""
    if held and status == "released":
        released = str(start + int(rng.geometric(1 / 20)))
    helped = ""
    if rng.random() < HELPED:
        helped = f"{start + int(rng.integers(20, 200))} {_HELP[int(rng.integers(len(_HELP)))]}"
    return "|".join(acts), status, date if held else "", released, helped
