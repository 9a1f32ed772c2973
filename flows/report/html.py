"""A tiny HTML/SVG builder that escapes by default.

Every string passed as element content or attribute value is escaped; only :class:`Markup` (made by
this module's builders) goes in verbatim. Link targets must be :class:`Href` values, which only
:func:`external_href` (plain absolute http(s) URLs) and :func:`local_href` (relative links between
report pages) create, so crawled text can never become a ``javascript:`` link or inject markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from normalize.inspect import http_link

_LOCAL_HREF_RE = re.compile(
    r"^(\.\./)?([a-z0-9_-]+/)*[A-Za-z0-9_.-]+\.html(#[A-Za-z0-9_.-]+)?$|^#[A-Za-z0-9_.-]+$"
)
_NAME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9:-]*$")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"})
# Control characters other than tab/newline are dropped from text: they have no place in a page and
# some (NUL, the C1 range) confuse parsers.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Markup(str):
    """A trusted HTML fragment (built by this module); inserted without escaping."""


class Href(str):
    """A link target checked to be safe (absolute http(s), or relative inside the report)."""


def external_href(url: str | None) -> Href | None:
    """An :class:`Href` for a plain absolute http(s) URL; None for anything else (show it as text)."""
    link = http_link(url)
    return Href(link) if link else None


def local_href(path: str) -> Href:
    """An :class:`Href` for a relative link between report pages (``cities/05315000.html#x``)."""
    if not _LOCAL_HREF_RE.match(path):
        raise ValueError(f"not a report-local link: {path!r}")
    return Href(path)


def text(value: Any) -> str:
    """Untrusted value -> escaped HTML text (quotes too, so it is also safe inside attributes)."""
    if value is None:
        return ""
    return html.escape(_CONTROL_RE.sub("", str(value)), quote=True)


def _attributes(attrs: dict[str, Any]) -> str:
    parts = []
    for raw_name, value in attrs.items():
        if value is None or value is False:
            continue
        name = raw_name.rstrip("_").replace("_", "-") if raw_name not in ("xlink_href",) else "xlink:href"
        if not _NAME_RE.match(name) or name.lower().startswith("on") or name.lower() == "style":
            # Event handlers and style attributes are never generated (CSP would block them anyway).
            raise ValueError(f"attribute {name!r} is not allowed")
        if name.lower() in URL_ATTRIBUTES and not isinstance(value, Href):
            raise TypeError(f"attribute {name!r} needs an Href (external_href/local_href), got {value!r}")
        if value is True:
            parts.append(f" {name}")
        else:
            parts.append(f' {name}="{text(value)}"')
    return "".join(parts)


VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "wbr"})


def _children(children: Iterable[Any]) -> str:
    out = []
    for child in children:
        if child is None or child is False:
            continue
        if isinstance(child, Markup):
            out.append(child)
        elif isinstance(child, list | tuple):
            out.append(_children(child))
        else:
            out.append(text(child))
    return "".join(out)


def el(tag: str, *children: Any, **attrs: Any) -> Markup:
    """``<tag attrs>children</tag>``; strings escaped, Markup kept, lists flattened, None skipped.

    Attribute names: a trailing ``_`` is dropped (``class_``) and ``_`` becomes ``-`` (``aria_label``).
    """
    if not _NAME_RE.match(tag) or tag.lower() in ("script", "iframe", "object", "embed", "foreignobject"):
        raise ValueError(f"element {tag!r} is not allowed")
    opening = f"<{tag}{_attributes(attrs)}>"
    if tag in VOID:
        return Markup(opening)
    return Markup(f"{opening}{_children(children)}</{tag}>")


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    """Concatenate fragments (strings escaped)."""
    return Markup(text(sep).join(_children([p]) for p in parts))


def link(label: Any, url: str | None, *, external: bool = True, **attrs: Any) -> Markup:
    """An ``<a>`` for a safe http(s) URL; anything else is shown as plain (escaped) text."""
    href = external_href(url)
    if href is None:
        return el("span", label if label is not None else url, class_="unlinked", title=url)
    return el("a", label, href=href, rel="noopener noreferrer nofollow" if external else None, **attrs)
