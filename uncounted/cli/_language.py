"""The language of the user's terminal: what the command line says in words, said in it.

Russian when the POSIX locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, the first one
set) is Russian, English otherwise. Babel is loaded only for a message to translate (the
command line's start-up stays light).
"""

from __future__ import annotations

import os

from uncounted.messages import Message

_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")


def said(message: Message, *, sentence: bool = True) -> str:
    """*message* in the terminal's language, with each count in that language's plural form
    (the web's catalogue, ``uncounted.web.i18n``); as written in English. *sentence* False:
    a part of a line the caller begins ("error: ...")."""
    locale = next((os.environ[name] for name in _LOCALE if os.environ.get(name)), "")
    if not locale.startswith("ru"):
        return str(message)
    from uncounted.web.i18n import Translator

    return message.translated(Translator("ru"), sentence=sentence)
