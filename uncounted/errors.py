"""The root of uncounted's exception hierarchy.

Every error a user can cause derives from :class:`UncountedError`. Its message is written for a
caseworker, fits on one line, names the file, row, field or command that was wrong, and NEVER
contains an identifying datum (a name, a birth date, a testimony). The shells print
``str(error)`` and exit with ``error.exit_code``; anything that is not an ``UncountedError`` is a
bug and is reported as such, without its arguments.

The message is a template marked with :func:`uncounted.messages.N_` and the values that fill
it, ``raise NotFound(N_("there is no case {case!r} in this vault"), case=name)``: ``str(error)``
is the English sentence, and the web application shows ``error.translated(gettext)`` in the
user's language. Values are names, numbers and paths, never translated and never a person's
data.

Tree (each package defines its own subclasses next to the code that raises them)::

    UncountedError                 any failure the user can act on (exit 1)
    ├── InputError                 a file, row or field given to uncounted is malformed
    ├── AccessDenied               wrong passphrase, no grant, wrong role
    ├── IntegrityError             something stored or received was altered or truncated
    └── NotFound                   a vault, record, case, user or evidence item does not exist
"""

from __future__ import annotations

from typing import Any

from uncounted.messages import Catalogue, Gettext, Message


def _rebuilt(cls: type[UncountedError], args: tuple[object, ...], state: dict[str, Any]) -> Any:
    """An error as it was pickled, without calling its ``__init__`` again (see ``__reduce__``)."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UncountedError(Exception):
    """A failure the user can understand and act on; the message is safe to print."""

    exit_code: int = 1
    #: The form field the error is about (``name``, ``passphrase``, ``recovery_secret``...):
    #: a form that comes back refused shows the message next to that field; None: the form
    #: as a whole.
    form_field: str | None = None

    def __init__(self, message: str = "", /, **params: object) -> None:
        self.message = (
            message if isinstance(message, Message) and not params else Message(message, **params)
        )
        super().__init__(str(self.message))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by state, so an error crosses a process pool as itself.

        Python re-creates an exception by calling its class with ``args``; subclasses whose
        ``__init__`` takes other arguments (``ImportRejected(file, errors)``) then failed to
        unpickle, and a bad file read in a worker process surfaced as ``BrokenProcessPool``
        instead of its one-line message.
        """
        return (_rebuilt, (type(self), self.args, dict(self.__dict__)))

    def translated(self, words: Gettext | Catalogue, *, sentence: bool = True) -> str:
        """The message in *words*' language (``str(error)`` is the English one), as a
        sentence (*sentence* False: after the command line's ``error: ``); a
        :class:`~uncounted.messages.Catalogue` also gives a count in words its plural form."""
        return self.message.translated(words, sentence=sentence)


class InputError(UncountedError):
    """Raised when a file, row, field or option given to uncounted is malformed."""


class AccessDenied(UncountedError):
    """Raised when a passphrase is wrong or a user lacks the role or grant for an action."""


class IntegrityError(UncountedError):
    """Raised when stored or received data fails an authenticity or consistency check."""


class NotFound(UncountedError):
    """Raised when a vault, record, case, user or evidence item named by the user is absent."""
