"""An error raised in a worker process reaches the caller as itself, message and all."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

from uncounted.errors import InputError, NotFound
from uncounted.intake import ImportRejected, RowProblem
from uncounted.messages import N_


def _reject_a_file(name: str) -> None:
    raise ImportRejected(name, [RowProblem(name, 3, "birth_date", "not a date")], total=4)


def test_a_rejected_file_in_a_worker_process_is_reported_as_the_file_it_is() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_reject_a_file, "list_a.csv")
        with pytest.raises(ImportRejected) as raised:
            future.result()
    error = raised.value
    assert error.file == "list_a.csv" and error.total == 4
    assert [problem.row for problem in error.errors] == [3]
    assert str(error) == str(ImportRejected("list_a.csv", error.errors, total=4))


@pytest.mark.parametrize(
    "error",
    [
        InputError(N_("column {column!r} is missing"), column="name"),
        NotFound(N_("there is no case {case!r} in this vault"), case="c-7"),
        ImportRejected("b.csv", [RowProblem("b.csv", None, None, "the file is empty")]),
    ],
)
def test_errors_keep_their_message_and_translation_through_pickle(error: Exception) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == str(error)
    assert copy.translated(lambda text: text.upper()) == error.translated(  # type: ignore[attr-defined]
        lambda text: text.upper()
    )


def test_a_count_in_words_keeps_its_plural_forms_through_pickle() -> None:
    """Rows already in the vault counted past the 20 named ("and 3 more rows"): Russian's
    form for the count after a trip through a process pool."""
    from uncounted.services.imports import RowsAlreadyStored, named_rows
    from uncounted.web.i18n import Translator

    error = RowsAlreadyStored(N_("{file}: {rows}"), file="c.csv", rows=named_rows(range(2, 27)))
    copy = pickle.loads(pickle.dumps(error))
    assert str(copy) == str(error) and str(copy).endswith(", 21 and 5 more rows")
    assert copy.translated(Translator("ru")).endswith(", 21 и ещё 5 строк.")  # a sentence
