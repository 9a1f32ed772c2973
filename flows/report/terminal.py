"""Showing untrusted text (crawled snippets, URLs) in a terminal safely, with rich.

Rich markup in the text is never interpreted (values become :class:`rich.text.Text`, not markup
strings), and control characters are replaced: an ESC from a crawled page could otherwise recolour
the terminal, move the cursor or set the window title.
"""

from __future__ import annotations

import re
from typing import Any

from rich.text import Text

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: Any) -> str:
    """Text with every control character (but newline and tab) shown as ``\\xNN``."""
    if value is None:
        return ""
    return _CONTROL_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def plain(value: Any, style: str = "") -> Text:
    """A rich Text of untrusted ``value``: no markup interpretation, no control characters."""
    return Text(clean(value), style=style)


def trend_text(trend: int | None, prev_rank: int | None) -> Text:
    if trend is None or prev_rank is None:
        return Text("new", style="dim")
    if trend > 0:
        return Text(f"▲ {trend}", style="green")
    if trend < 0:
        return Text(f"▼ {-trend}", style="red")
    return Text("= 0", style="dim")
