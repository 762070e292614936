"""Further identifier columns (a passport number, a postcode) are read without a mapping file,
sealed with the identity on import (never in the vault file in plaintext), and offered by the
import's mapping step. Real vault; synthetic people only."""

from __future__ import annotations

from pathlib import Path

from vault_helpers import Vault

from uncounted.intake import IDENTIFIER, ColumnMapping
from uncounted.services import imports, records

PASSPORT = "XZ-90417-SYNTH"
POSTCODE = "SYN-366021"


def _listing(path: Path) -> Path:
    path.write_text(
        "record_id,name,birth_date,номер паспорта,postcode\n"
        f"1,Synthetik Testovich,1980,{PASSPORT},{POSTCODE}\n"
        "2,Fiktiv Primerov,1975,,\n",
        encoding="utf-8",
    )
    return path


def test_identifier_columns_are_sealed_and_read_back(vault: Vault, tmp_path: Path) -> None:
    listing = _listing(tmp_path / "list.csv")
    with vault.unlock() as session:
        summary = imports.import_file(session, listing, source="ngo")
        assert summary.imported == 2
        shown = {v.source_record_id: v for v in records.list_records(session)}
    identity = shown["1"].identity
    assert identity is not None
    assert identity["identifier:номер паспорта"] == PASSPORT
    assert identity["identifier:postcode"] == POSTCODE
    assert shown["2"].identity is not None
    assert not any(key.startswith("identifier:") for key in shown["2"].identity)
    stored = [path for path in vault.path.rglob("*") if path.is_file()]
    assert stored
    for path in stored:
        content = path.read_bytes()
        assert PASSPORT.encode() not in content, path
        assert POSTCODE.encode() not in content, path


def test_the_mapping_step_offers_identifier_columns(vault: Vault, tmp_path: Path) -> None:
    listing = _listing(tmp_path / "list.csv")
    headers = ["record_id", "name", "birth_date", "номер паспорта", "postcode"]
    with vault.unlock() as session:
        guess = imports.guess_mapping(session, "ngo", headers)
        assert guess == ["record_id", "name", "birth_date", IDENTIFIER, IDENTIFIER]
        assert imports.mapping_problems(headers, guess) == []
        imports.import_mapped(session, listing, source="ngo", headers=headers, choices=guess)
        view = next(v for v in records.list_records(session) if v.source_record_id == "1")
    assert view.identity is not None
    assert view.identity["identifier:postcode"] == POSTCODE


def test_a_column_mapped_to_identifier_is_kept(vault: Vault, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(
        "record_id,name,Военный билет\n1,Synthetik Testovich,AB 1234567\n", encoding="utf-8"
    )
    mapping = ColumnMapping({"Военный билет": IDENTIFIER})
    with vault.unlock() as session:
        imports.import_file(session, listing, source="ngo", mapping=mapping)
        view = records.list_records(session)[0]
    assert view.identity is not None
    assert view.identity["identifier:Военный билет"] == "AB 1234567"
