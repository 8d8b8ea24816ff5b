"""`printable` escapes a control or format character the way Python writes it, at the width its code
point needs: two hex digits up to U+00FF, four up to U+FFFF, eight beyond (a tag character). Text shown
this way can be read back and searched for; letters of any script and plain text are left as they are."""

from __future__ import annotations

import pytest

from amplemarket_lead_lists.cli.terminal import printable


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1bb", "a\\x1bb"),  # ESC: a C0 control
        ("\x85", "\\x85"),  # NEL: the last width-2 code point class, a C1 control
        ("\xad", "\\xad"),  # soft hyphen: a format character under U+00FF
        ("left\u202eright", "left\\u202eright"),  # bidi override: four digits
        ("\ufeff", "\\ufeff"),  # byte-order mark: a format character near the top of the BMP
        ("flag\U000e0067", "flag\\U000e0067"),  # a tag character: eight digits
        ("\t\n\r", "\\t\\n\\r"),  # the named escapes
        ("Müller ÿ Ā 日本 \U00010000", "Müller ÿ Ā 日本 \U00010000"),  # letters of any width, untouched
    ],
)
def test_each_control_is_escaped_at_the_width_of_its_code_point(text: str, shown: str) -> None:
    assert printable(text) == shown
