"""The sentence said before the figure of an estimate its author left lists out of.

One rule for every place that shows such a figure: the organisation's pages and the command
line (``uncounted.vault.StoredResult.left_out_said``, naming the lists and who left them
out), the published report (``uncounted.report.document.left_out_caution``) and its
package's ``histories-README.txt``, which name neither. It was worded three ways (review of
stop 26: the pages', the report's, and the README's own English); the pages' and the
report's wording won, and the README now prints the report's sentence.
"""

from __future__ import annotations

from uncounted.messages import N_, Counted, Message

_LEFT_OUT = N_(
    "a list was left out on purpose: {counted} counted among the documented, not estimated"
)
_LISTS_LEFT_OUT = N_(
    "%(num)d list was left out on purpose: its people on no list of the estimate are counted"
    " among the documented, not estimated"
)
_LISTS_LEFT_OUT_PLURAL = N_(
    "%(num)d lists were left out on purpose: their people on no list of the estimate are"
    " counted among the documented, not estimated"
)


def over_lists(used: int, total: int, left: Message) -> Message:
    """ "an estimate over 3 of 4 lists; *left*", *left* saying which lists were left out
    and that their people are counted among the documented, not estimated."""
    return Message(
        N_("an estimate over {used} of {total} lists; {left}"), used=used, total=total, left=left
    )


def their_people(number: int | None, all_alone: bool) -> Message:
    """A left-out list's people as the sentence counts them: all of them (*all_alone*: none
    is on a list of the estimate), or those on no other list; with their number, or without
    it (*number* None: records no linkage run placed, or a number the report must hide)."""
    if all_alone:
        if number is None:
            return N_("its people are")
        return Counted(N_("its %(num)d person is"), N_("its %(num)d people are"), number)
    if number is None:
        return N_("those of its people on no other list are")
    return Counted(
        N_("%(num)d of its people, on no other list, is"),
        N_("%(num)d of its people, on no other list, are"),
        number,
    )


def lists_left_out_said(
    used: int, total: int, left: int, counted: Message | None = None
) -> Message:
    """An estimate over *used* of *total* lists, *left* of them left out on purpose, as the
    published report and its package say it, naming neither the lists nor who left them out.
    One list left out with *counted* (:func:`their_people`): said of it; otherwise one clause
    for all of them (walkday7: the clause printed once per list, word for word), without a
    number: a person on two of them would be counted twice by adding each list's own, and
    the report keeps no count of the lists together."""
    clause: Message
    if left == 1 and counted is not None:
        clause = Message(_LEFT_OUT, counted=counted)
    else:
        clause = Counted(_LISTS_LEFT_OUT, _LISTS_LEFT_OUT_PLURAL, left)
    return over_lists(used, total, clause)
