"""The one-line form of a URL, as a browser reads it (the WHATWG URL standard's first steps).

Before parsing a URL a browser strips leading and trailing C0 control characters and
spaces and removes every tab, line feed and carriage return anywhere in it; the control
characters left inside are percent-encoded. Doing the same wherever a URL enters the
model keeps the URL the same one to a browser while making it one line in every output
format: a line break in a URL can end a Markdown link destination or start a link
reference definition, and splits a JSON Lines or text record for line-based tools.
Unicode line and paragraph separators (U+0085, U+2028, U+2029), which some tools read as
line breaks, are percent-encoded too, as a browser would encode them in a path.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsparse.surrogates import replace_surrogates

__all__ = ["browser_form"]

_ENDS = "".join(chr(code) for code in range(0x21))  # C0 controls and space
_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_ENCODED = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


@lru_cache(maxsize=4096)
def browser_form(url: str) -> str:
    """``url`` trimmed of C0 controls and spaces, without tab/LF/CR, other controls encoded
    (and a lone surrogate, which no encoding can write, replaced by U+FFFD).

    Cached: a URL is read when an extractor makes it absolute and again when the model
    stores it, and pages repeat their URLs (a string's hash is computed once and kept).
    """
    if url.isprintable() and url[:1] != " " and url[-1:] != " ":
        return url  # the common case: nothing a browser would drop or encode
    url = _TAB_OR_NEWLINE.sub("", url.strip(_ENDS))
    return _ENCODED.sub(_percent, replace_surrogates(url)[0])
