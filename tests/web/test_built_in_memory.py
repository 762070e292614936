"""A download built in memory when the memory is full: ``built_in_memory`` (the case package,
the evidence export and a published report all build their ZIP through it) raises the route's
own "too large" error, releases the session's lock and keeps nothing.

The memory is made "full" for real, not by a mock: the process's file size limit
(``RLIMIT_FSIZE``, which Linux applies to a memfd as to any file) is lowered below what the
build writes, so the kernel refuses the write (EFBIG) as it refuses one with no memory left.
"""

from __future__ import annotations

import resource
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

import pytest
from fastapi.testclient import TestClient
from web_helpers import ADMIN, ADMIN_PASS, index_read, sign_in

from uncounted.messages import N_
from uncounted.web.routes.evidence import PackageTooLarge, built_in_memory
from uncounted.web.shell import Shell, SignedIn, vault_of

LIMIT = 1 << 20  # what the process may write into one file while the limit holds
BUILT = 2 * LIMIT  # what the build writes


@contextmanager
def file_size_limit(limit: int) -> Iterator[None]:
    """No file of this process grows past *limit* bytes in the block (the soft limit; the
    hard one, and so the way back, is untouched)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def _signed(client: TestClient) -> SignedIn:
    """The admin's signed-in session as a route receives it."""
    sign_in(client, ADMIN, ADMIN_PASS)
    shell: Shell = client.app.state.shell  # type: ignore[attr-defined]
    (session,) = shell.sessions.live()
    index_read(session)  # else its reader may hold the vault when the test says it is free
    return SignedIn(shell, session, vault_of(session), session.lock)


def _write(handle: BinaryIO) -> str:
    handle.write(b"\0" * BUILT)
    return "written"


TOO_LARGE = PackageTooLarge(N_("the package is too large to build in this server's memory"))


def test_a_full_memory_is_the_routes_too_large_error(client: TestClient) -> None:
    signed = _signed(client)
    assert client.portal is not None
    with file_size_limit(LIMIT), pytest.raises(PackageTooLarge) as refused:
        client.portal.call(built_in_memory, signed, "test-package", _write, TOO_LARGE)
    assert refused.value is TOO_LARGE
    assert refused.value.__cause__ is None and refused.value.__suppress_context__
    assert not signed.lock.locked()  # the session goes on: its next page is not held up
    assert client.get("/").status_code == 200


def test_the_same_build_fits_without_the_limit(client: TestClient) -> None:
    signed = _signed(client)
    assert client.portal is not None
    result, built = client.portal.call(built_in_memory, signed, "test-package", _write, TOO_LARGE)
    assert (result, len(built)) == ("written", BUILT)
