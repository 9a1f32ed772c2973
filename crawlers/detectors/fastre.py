"""Regex patterns with a literal prefilter: the rules' patterns, made cheap on text that cannot match.

Python's ``re`` scans fast only for patterns that begin with literal characters; nearly every rule pattern
begins with ``\\b`` (a word boundary), so a search tries every position of the text (~45 ns per character
even for ``\\bhomepage``). Most sentences a rule looks at contain none of its words.

:func:`necessary_literals` reads a pattern's parse tree and derives a set of literal strings of which every
match must contain at least one (``\\bonline-?termin\\w*|\\bterminbuch\\w*`` -> ``{"online", "terminbuch"}``).
:class:`FastPattern` first searches a plain alternation of those literals (which ``re`` scans with its
fast literal/charset prefix) and runs the full pattern only where it can match. A pattern without a usable
literal set (``\\w+bot``, ``[a-z]+``) is searched directly. Results are the ordinary ``re.Match`` objects.

The derivation is conservative: anything it does not understand (backreferences, character classes with
ranges, flag groups that switch case-insensitivity on) makes that part "no literal known", never a wrong
literal; ``tests/detectors/test_fastre.py`` checks the prefilter never hides a match on the corpora.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_MAX_EXACT = 64  # largest set of exact strings kept for one element (cross products grow fast)
_MAX_LITERALS = 300  # a prefilter with more alternatives than this is not worth it
_MIN_USEFUL = 2  # literal sets whose shortest string is shorter than this give no prefilter

# An element of a sequence: the exact strings it can match (finite and small), or the literals one of which
# every match of it contains; None where nothing is known.
_Exact = frozenset[str] | None
_Needs = frozenset[str] | None


def _best(candidates: list[frozenset[str]]) -> _Needs:
    """The most selective literal set: longest shortest string, then longest on average (short strings such
    as "in" or "ab" occur in most sentences), then fewest strings."""
    usable = [c for c in candidates if c and "" not in c and len(c) <= _MAX_LITERALS]
    if not usable:
        return None
    return max(usable, key=lambda c: (min(map(len, c)), sum(map(len, c)) / len(c), -len(c)))


def _cross(a: frozenset[str], b: frozenset[str]) -> _Exact:
    if len(a) * len(b) > _MAX_EXACT:
        return None
    return frozenset(x + y for x in a for y in b)


def _analyse(items, ignorecase: bool) -> tuple[_Exact, _Needs]:
    """(exact strings, necessary literals) of a parsed sequence."""
    runs: list[frozenset[str]] = []  # exact runs of consecutive elements
    needs: list[frozenset[str]] = []
    current: _Exact = frozenset({""})
    all_exact = True
    for op, av in items:
        exact, need = _element(op, av, ignorecase)
        if exact is not None:
            joined = _cross(current, exact) if current is not None else None
            if joined is None:  # too many combinations: close the run, start a new one
                if current is not None:
                    runs.append(current)
                joined = exact
            current = joined
            continue
        all_exact = False
        if current is not None:
            runs.append(current)
        current = frozenset({""})
        if need is not None:
            needs.append(need)
    if current is not None:
        runs.append(current)
    whole = runs[0] if all_exact and len(runs) == 1 else None
    return whole, _best(runs + needs)


def _element(op, av, ignorecase: bool) -> tuple[_Exact, _Needs]:
    if op is _c.LITERAL:
        ch = chr(av)
        return frozenset({ch}), frozenset({ch})
    if op is _c.IN:
        chars = []
        for sub_op, sub_av in av:
            if sub_op is not _c.LITERAL:
                return None, None
            chars.append(chr(sub_av))
        if 0 < len(chars) <= 4:
            exact = frozenset(chars)
            return exact, exact
        return None, None
    if op is _c.SUBPATTERN:
        add_flags, sub = av[1], av[3]  # (?-i:...) inside a folded pattern: its lowered literal still fits
        if add_flags & re.IGNORECASE and not ignorecase:
            return None, None  # (?i:...) inside a case-sensitive pattern: literals would be too strict
        return _analyse(sub, ignorecase)
    if op is _c.BRANCH:
        exacts, needs = [], []
        for alt in av[1]:
            exact, need = _analyse(alt, ignorecase)
            exacts.append(exact)
            needs.append(exact if exact is not None else need)
        exact_union: _Exact = None
        if all(e is not None for e in exacts):
            union = frozenset().union(*exacts)
            exact_union = union if len(union) <= _MAX_EXACT else None
        if any(n is None for n in needs):
            return exact_union, None
        return exact_union, frozenset().union(*needs)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, hi, sub = av
        exact, need = _analyse(sub, ignorecase)
        if lo == 0:
            return None, None
        if lo == hi == 1:
            return exact, need
        return None, exact if exact is not None else need
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _analyse(av, ignorecase)
    # AT (\b, ^, $), lookarounds, ANY, CATEGORY, NOT_LITERAL, GROUPREF ...: nothing known, breaks a run
    return None, None


def necessary_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Literal strings one of which every match of ``pattern`` contains, or None when none are known."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - an unparsable pattern simply gets no prefilter
        return None
    ignorecase = bool((flags | parsed.state.flags) & re.IGNORECASE)
    _, needs = _analyse(list(parsed), ignorecase)
    if needs is None or min(map(len, needs)) < _MIN_USEFUL:
        return None
    return needs


def trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` as a trie (common prefixes factored out): one cheap pass over a text."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


class FastPattern:
    """A compiled pattern with a literal prefilter; the methods the rules use, with ``re`` semantics.

    The prefilter is a case-sensitive trie of the necessary literals (``re`` scans it with its fast charset
    prefix); for a case-insensitive pattern it reads the lower-cased text, since ``re`` has no fast scan for
    case-insensitive literals.
    """

    __slots__ = ("regex", "prefilter", "pattern", "flags", "literals", "_fold")

    def __init__(self, pattern: str, flags: int = 0):
        self.regex = re.compile(pattern, flags)
        self.pattern = pattern
        self.flags = self.regex.flags
        self._fold = bool(self.flags & re.IGNORECASE)
        literals = necessary_literals(pattern, flags)
        if literals is not None and self._fold:
            # matched case-insensitively; the text is lower-cased for the prefilter ("ẞ" -> "ß", "ÄMTER" -> "ämter")
            literals = frozenset(s.lower() for s in literals)
        self.literals = literals
        self.prefilter = re.compile(trie_pattern(sorted(literals))) if literals else None

    def _possible(self, string: str, pos: int, endpos: int) -> bool:
        pre = self.prefilter
        if pre is None:
            return True
        if self._fold:
            string = string[pos:endpos].lower() if pos or endpos < len(string) else string.lower()
            return pre.search(string) is not None
        return pre.search(string, pos, endpos) is not None

    def search(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize, *, lower: str | None = None
    ) -> re.Match[str] | None:
        """``re.Pattern.search``; ``lower``: ``string[pos:endpos].lower()`` when the caller has it already
        (spares a case-insensitive pattern's prefilter the lower-casing)."""
        pre = self.prefilter
        if pre is not None:
            if self._fold:
                if lower is not None:
                    if pre.search(lower) is None:
                        return None
                elif not self._possible(string, pos, endpos):
                    return None
            elif pre.search(string, pos, endpos) is None:
                return None
        return self.regex.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.fullmatch(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        if not self._possible(string, pos, endpos):
            return iter(())
        return self.regex.finditer(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        if not self._possible(string, pos, endpos):
            return []
        return self.regex.findall(string, pos, endpos)

    def sub(self, repl, string: str, count: int = 0) -> str:
        if not self._possible(string, 0, sys.maxsize):
            return string
        return self.regex.sub(repl, string, count)

    def __repr__(self) -> str:
        return f"FastPattern({self.pattern[:60]!r}, literals={len(self.literals or ())})"
