"""The JSON shapes of the API: Pydantic models built from the services' domain objects.

Each ``of`` constructor takes the service's dataclass; nothing here reads the vault.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from uncounted.services.analysis_review import Headline, StoredResult
from uncounted.services.analytics import CountTable
from uncounted.services.audit import AuditEntry
from uncounted.services.cases import CaseDetails
from uncounted.services.claims import ClaimRow
from uncounted.services.evidence import EvidenceItem
from uncounted.services.grants import CaseInfo
from uncounted.services.people import SourceRow
from uncounted.services.records import RecordView
from uncounted.services.users import Role, UserRow

SHORT = 200
PASSPHRASE = 1024
CODE = 16


class SignIn(BaseModel):
    """Who signs in, with what passphrase and, if they turned it on, what sign-in code."""

    user: str = Field(min_length=1, max_length=SHORT)
    passphrase: str = Field(min_length=1, max_length=PASSPHRASE)
    totp: str | None = Field(
        default=None,
        max_length=CODE,
        description="The 6-digit code from the user's authenticator app; needed only by users "
        "who turned the second factor on (others may leave it out).",
    )


class SessionInfo(BaseModel):
    """The signed-in user, and the token every mutating request must send as X-CSRF-Token."""

    user: str
    role: str
    language: str
    csrf_token: str


class Done(BaseModel):
    """The answer to an action that returns nothing else."""

    done: bool = True


class RecordOut(BaseModel):
    """A record as this user may see it: ``identity`` is null without a grant of its case."""

    id: str
    pseudonym: str
    case: str
    source: str
    source_record_id: str | None
    event_type: str | None
    event_month: str | None
    district: str | None
    analytic: dict[str, str]
    identity: dict[str, str] | None
    created_at: str

    @classmethod
    def of(cls, view: RecordView) -> RecordOut:
        return cls(**view.to_json(), created_at=view.created_at)


class RecordPage(BaseModel):
    """One page of records; ``more`` says whether a next page exists."""

    records: list[RecordOut]
    offset: int
    limit: int
    more: bool


class Counts(BaseModel):
    """People counted as victims (each once) over the analytic fields (no identities).

    Two kinds of number, said in each field's description (the schema is what an API user
    reads): ``total``, ``people`` and the ``by_*`` tables count people; ``records``,
    ``unreviewed_links`` and ``unplaced_records`` count records (mentions on lists), which
    are more than the people they name.
    """

    total: int = Field(description="People counted as victims, each once: a count of people.")
    people: int = Field(description="The same number of people as total.")
    records: int = Field(
        description="Records in the vault (mentions on lists and testimonies, every role):"
        " a count of records, not of people; one person can have several."
    )
    unreviewed_links: int = Field(
        title="Unreviewed links between records",
        description="Records joined to a person by linkage that no reviewer has looked at yet"
        " (a person's records less one, over the people not yet reviewed): a count of records,"
        " not of people.",
    )
    unplaced_records: int = Field(
        title="Records not yet linked",
        description="Victims' records that no linkage run has placed in the register yet, each"
        " counted meanwhile as one person: a count of records, not of people.",
    )
    by_month: dict[str, int] = Field(description="People by the month of their records.")
    by_event_type: dict[str, int] = Field(
        description="People by violation (a person once under each violation they suffered)."
    )
    by_district: dict[str, int] = Field(description="People by the district of their records.")
    by_source: dict[str, int] = Field(description="People named by each source (list).")

    @classmethod
    def of(cls, table: CountTable) -> Counts:
        return cls(
            total=table.total,
            people=table.total,
            records=table.records,
            unreviewed_links=table.unreviewed_links,
            unplaced_records=table.unplaced_records,
            by_month=table.by_month,
            by_event_type=table.by_event_type,
            by_district=table.by_district,
            by_source=table.by_source,
        )


class CaseOut(BaseModel):
    """An assistance case: its workflow fields, who holds its key, how many records."""

    name: str
    status: str
    needs: list[str]
    opened: str | None
    follow_up: str | None
    granted: list[str]
    records: int
    holds_key: bool

    @classmethod
    def of(cls, case: CaseDetails) -> CaseOut:
        return cls(
            name=case.name,
            status=case.fields.status,
            needs=list(case.fields.needs),
            opened=case.fields.opened,
            follow_up=case.fields.follow_up,
            granted=list(case.granted),
            records=case.records,
            holds_key=case.holds_key,
        )


class CaseAccess(BaseModel):
    """Who holds the key of a case (its grants) and the key's version."""

    case: str
    key_version: int
    granted: list[str]
    records: int

    @classmethod
    def of(cls, info: CaseInfo) -> CaseAccess:
        return cls(
            case=info.name,
            key_version=info.key_version,
            granted=list(info.granted),
            records=info.records,
        )


class GrantChange(BaseModel):
    """A case and the user to grant it to or revoke it from."""

    case: str = Field(min_length=1, max_length=SHORT)
    user: str = Field(min_length=1, max_length=SHORT)


class Revocation(GrantChange):
    """A case to take back from a user; from its last holder only with the recovery secret
    (the proof that ``grant --with-recovery`` can give it back), as on the Take back page."""

    recovery_secret: str | None = Field(default=None, min_length=1, max_length=PASSPHRASE)


class Revoked(BaseModel):
    """How many records were re-sealed under the case's new key."""

    resealed: int


class UserOut(BaseModel):
    """A user of the vault."""

    name: str
    role: str

    @classmethod
    def of(cls, user: UserRow) -> UserOut:
        return cls(name=user.name, role=user.role.value)


class NewUser(BaseModel):
    """A user to add: name, role and first passphrase."""

    name: str = Field(min_length=1, max_length=SHORT)
    role: Role
    passphrase: str = Field(min_length=1, max_length=PASSPHRASE)


class SourceOut(BaseModel):
    """A source with its number of records, the people (victims) they name, and their months."""

    name: str
    source_type: str | None
    records: int
    people: int
    first_month: str | None
    last_month: str | None

    @classmethod
    def of(cls, row: SourceRow) -> SourceOut:
        return cls(
            name=row.name,
            source_type=row.source_type,
            records=row.records,
            people=row.people,
            first_month=row.first_month,
            last_month=row.last_month,
        )


class ClaimOut(BaseModel):
    """An official claim and how many people (victims, each once) are documented for what it is
    about (``documented``)."""

    id: str
    claim_type: str
    speaker: str
    speaker_office: str | None
    date: str
    statement: str
    reference: str | None
    event_types: list[str]
    documented: int

    @classmethod
    def of(cls, row: ClaimRow) -> ClaimOut:
        claim = row.claim
        return cls(
            id=claim.claim_id,
            claim_type=claim.claim_type,
            speaker=claim.speaker,
            speaker_office=claim.speaker_office,
            date=str(claim.date),
            statement=claim.statement,
            reference=claim.reference,
            event_types=sorted(claim.event_types),
            documented=row.documented,
        )


class EvidenceOut(BaseModel):
    """An evidence item's metadata: hashes, sizes, type; never its sealed file metadata."""

    id: str
    record_id: str | None
    media_type: str
    extension: str
    size: int
    sha256: str
    working_size: int | None
    working_sha256: str | None
    created_at: str

    @classmethod
    def of(cls, item: EvidenceItem) -> EvidenceOut:
        return cls(
            id=item.id,
            record_id=item.record_id,
            media_type=item.media_type,
            extension=item.extension,
            size=item.size,
            sha256=item.sha256.hex(),
            working_size=item.working_size,
            working_sha256=None if item.working_sha256 is None else item.working_sha256.hex(),
            created_at=item.created_at,
        )


class AuditOut(BaseModel):
    """One audited action: who did what to which target, with identity-free details."""

    at: str
    user: str
    action: str
    target: str
    detail: dict[str, Any]

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditOut:
        return cls(
            at=entry.at,
            user=entry.user,
            action=entry.action,
            target=entry.target,
            detail=dict(entry.detail),
        )


class EstimateOut(BaseModel):
    """A saved estimate run of the total (documented and undocumented): figures, who ran it,
    whether it covered part of the data, and the estimate at other linkage settings."""

    id: int
    created_at: str
    method: str
    linked_records: int
    left_out: int
    people: int
    lists: list[str]
    observed: int
    point: float | None
    median: float | None
    q025: float | None
    q975: float | None
    warnings: list[str]
    cautions: list[str]
    """The warnings that refuse or caution against the figure (show them before it)."""
    author: str
    partial: bool
    scope: dict[str, Any]
    sensitivity: list[dict[str, Any]]
    chosen_by: str | None = None
    chosen_at: str | None = None
    left_out_said: str | None = None
    """When its author left lists out on purpose: the sentence to show before the figure
    ("an estimate over 3 of 4 lists; the list ... was left out by ...: ...")."""

    @classmethod
    def of(cls, result: StoredResult, headline: Headline | None = None) -> EstimateOut:
        return cls(
            author=result.author,
            partial=result.partial,
            scope=dict(result.scope),
            sensitivity=[dict(band) for band in result.sensitivity],
            chosen_by=headline.chosen_by if headline else None,
            chosen_at=headline.chosen_at if headline else None,
            id=result.id,
            created_at=result.created_at,
            method=result.method,
            linked_records=result.linked_records,
            left_out=result.left_out,
            people=result.people,
            lists=list(result.lists),
            observed=result.observed,
            point=result.point,
            median=result.median,
            q025=result.q025,
            q975=result.q975,
            warnings=[str(w) for w in result.warnings],
            cautions=[str(c) for c in result.cautions],
            left_out_said=str(said) if (said := result.left_out_said()) else None,
        )


class LatestEstimate(BaseModel):
    """The headline estimate (the run a user allowed to publish chose, with who and when), or
    ``estimate: null`` until one is chosen. A partial run is never the headline."""

    estimate: EstimateOut | None
