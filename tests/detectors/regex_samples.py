"""Strings generated from a regex's parse tree: for checking that anchors and prefilters cover a pattern.

:func:`samples` walks the pattern and writes out concrete strings: every alternative of every branch, each
optional part once absent and once present, small character classes with each member, wide classes and
``\\w``/``\\s``/``\\d`` with a representative character. The result is a (bounded) set of strings that cover
the pattern's alternatives; only those the pattern really matches are kept.
"""

from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

LIMIT = 5000
_CATEGORY_CHAR = {
    _c.CATEGORY_WORD: "x",
    _c.CATEGORY_SPACE: " ",
    _c.CATEGORY_DIGIT: "1",
    _c.CATEGORY_NOT_WORD: " ",
    _c.CATEGORY_NOT_SPACE: "x",
    _c.CATEGORY_NOT_DIGIT: "x",
}


def _class_chars(items) -> list[str]:
    if any(op is _c.NEGATE for op, _ in items):
        return [" "]
    chars: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            chars.append(chr(av))
        elif op is _c.RANGE:
            chars.append(chr(av[0]))
        elif op is _c.CATEGORY:
            chars.append(_CATEGORY_CHAR.get(av, "x"))
    return chars[:6] or ["x"]


def _walk(items) -> list[str]:
    out = [""]
    for op, av in items:
        if op is _c.LITERAL:
            options = [chr(av)]
        elif op is _c.NOT_LITERAL or op is _c.ANY:
            options = [" " if op is _c.ANY else "x"]
        elif op is _c.IN:
            options = _class_chars(av)
        elif op is _c.SUBPATTERN:
            options = _walk(av[3])
        elif op is _c.BRANCH:
            options = [s for alt in av[1] for s in _walk(alt)]
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            body = _walk(sub)
            if lo == 0:
                options = [""] + (body if hi == 1 or len(body) <= 3 else [body[0]])
            else:
                options = [s * lo for s in body] if lo <= 3 else [body[0] * lo]
        elif op is _c.CATEGORY:
            options = [_CATEGORY_CHAR.get(av, "x")]
        else:  # AT, lookarounds, group references: zero width here
            options = [""]
        out = [a + b for a in out for b in options][:LIMIT]
    return out


def samples(pattern: re.Pattern[str] | object) -> list[str]:
    """Concrete strings matching ``pattern`` (a compiled pattern or a FastPattern), one per path."""
    source, flags = pattern.pattern, pattern.flags  # type: ignore[attr-defined]
    regex = re.compile(source, flags)
    parsed = _sre_parse.parse(source, flags)
    found = []
    for raw in dict.fromkeys(_walk(list(parsed))):
        text = " ".join(raw.split())
        for candidate in (f" {text} ", f" {raw} "):
            if regex.search(candidate):
                found.append(candidate)
                break
    return found
