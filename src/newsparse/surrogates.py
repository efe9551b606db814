"""Lone surrogates: code points U+D800-U+DFFF that no encoding can write.

Python strings can hold them (``json.loads('"\\ud83d"')``, ``os.fsdecode`` of a non-UTF-8
byte), and one of them makes a whole Article unwritable. Every place where text enters
the model replaces them by U+FFFD with this one rule.
"""

from __future__ import annotations

import re

__all__ = ["SURROGATES", "replace_surrogates"]

#: One lone surrogate (a pattern other rules can include in a character search).
SURROGATES = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with each lone surrogate replaced by U+FFFD, and how many there were."""
    return SURROGATES.subn("\ufffd", text)
