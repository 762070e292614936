"""The sentences shown next to a form field, written once for every form (testimony, claim).

Each is an ``N_`` template, so a shell shows it as it shows any other message, with
:meth:`uncounted.messages.Message.translated`; where the model refuses a value, the form shows
the model's own reason (also a template) rather than a sentence guessed from its English text.
"""

from __future__ import annotations

from uncounted.messages import N_, Message
from uncounted.model import MAX_AGE, InvalidValue

MISSING = N_("Fill in this field.")
NOT_A_DATE = N_("Give a date as YYYY, YYYY-MM or YYYY-MM-DD (or DD.MM.YYYY).")
NOT_AN_AGE = Message(
    N_("Give the age as a whole number of years from 0 to {limit}."), limit=MAX_AGE
)
UNKNOWN_CHOICE = N_("Choose one of the listed options.")
TOO_LONG = N_("This text is too long.")
CONTROL_CHARACTERS = N_("This text contains invisible control characters.")


def reason_of(error: InvalidValue) -> Message:
    """The model's reason for refusing a value, as the template it was raised with."""
    reason = error.reason
    return reason if isinstance(reason, Message) else Message(reason)
