"""Text from a server or a file, made safe to show: control characters escaped before a terminal sees them.

A lead list's name, an entry's text or an error's `detail` is whatever the server says. Shown raw, an
escape sequence (`\\x1b[2J`) drives the terminal, a carriage return overwrites what a line said, and a
newline with tabs forges an extra id/status line in `list`'s tab-separated output. Escaped as Python
writes them (`\\n`, `\\t`, `\\x1b`), the text stays readable and one field stays one field.
"""

from __future__ import annotations

import unicodedata

UNSHOWN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs"))
"""Unicode categories never shown as they are: controls, format characters (bidi overrides),
line and paragraph separators, lone surrogates."""
NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escaped(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control or format character escaped (`\\n`, `\\x1b`, `\\u202e`); other
    characters (letters of any script, spaces) as they are."""
    if text.isprintable():
        return text
    return "".join(
        NAMED.get(char) or (_escaped(char) if unicodedata.category(char) in UNSHOWN else char) for char in text
    )
