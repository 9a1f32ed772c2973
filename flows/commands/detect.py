"""``sci detect``: run the crawl detectors on saved pages (HTML or plain text) and show what they decide."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from crawlers.detectors import DETECTOR_VERSION, Page, decide, detect
from crawlers.detectors.decision import Decision
from crawlers.detectors.text import looks_like_html
from flows.console import console, err_console

_HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx", ".jsp"}
_ENCODINGS = ("utf-8", "cp1252")


class PageFileError(ValueError):
    """A saved page cannot be read; the message names the file."""


def read_page_file(path: Path) -> tuple[str, bool]:
    """(content, is_html) of a saved page; HTML by extension or content, else plain text."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError as exc:
        raise PageFileError(f"{path}: is a directory, not a page") from exc
    except OSError as exc:
        raise PageFileError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if b"\x00" in raw[:8192]:
        raise PageFileError(f"{path}: binary content, not an HTML or text page")
    for encoding in _ENCODINGS:
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything; latin-1 is the last resort
        content = raw.decode("latin-1")
    content = content.lstrip("\ufeff")
    is_html = path.suffix.lower() in _HTML_SUFFIXES or looks_like_html(content)
    return content, is_html


def detect_file(path: Path, *, url: str | None = None, reference: date | None = None) -> dict[str, Decision]:
    content, is_html = read_page_file(path)
    page_url = url or path.resolve().as_uri()
    page = Page(url=page_url, html=content if is_html else None, text=None if is_html else content)
    return decide(detect(page, reference=reference))


def result_json(decisions: dict[str, Decision]) -> dict:
    return {
        pid: {
            "value": d.value,
            "status": d.status,
            "evidence": [{"rule": e.rule_id, "snippet": e.snippet} for e in d.evidence],
        }
        for pid, d in decisions.items()
    }


def _table(path: Path, decisions: dict[str, Decision]) -> Table:
    table = Table(title=f"{escape(str(path))}", show_lines=False, title_justify="left")
    for col in ("parameter", "status", "value", "rule", "snippet"):
        table.add_column(col, overflow="fold")
    for pid, d in decisions.items():
        first = d.evidence[0] if d.evidence else None
        style = "green" if d.status == "present" else "yellow"
        table.add_row(
            escape(pid),
            f"[{style}]{d.status}[/]",
            f"{d.value:g}",
            escape(", ".join(sorted({e.rule_id for e in d.evidence}))),
            escape(first.snippet if first else ""),
        )
    return table


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        parts = [int(p) for p in value.split("-")]
        return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError) as exc:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM or YYYY-MM-DD)") from exc


def detect_command(
    files: Annotated[
        list[Path], typer.Argument(help="Saved pages: HTML (by extension or content) or plain text.")
    ],
    url: Annotated[
        str | None,
        typer.Option(
            "--url", help="The URL the page(s) came from (vendor signatures, headline slug, URL date)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per file.")] = False,
    reference: Annotated[
        str | None,
        typer.Option(
            "--date", help="Read the page as of this date (YYYY-MM[-DD]) when it carries no date itself."
        ),
    ] = None,
) -> None:
    """Run all detectors on saved pages; print per parameter the value, status and evidence."""
    ref = _parse_date(reference)
    failed = 0
    for path in files:
        try:
            decisions = detect_file(path, url=url, reference=ref)
        except PageFileError as exc:
            failed += 1
            err_console.print(f"[bold red]error:[/] {escape(str(exc))}")
            continue
        if as_json:
            print(json.dumps({"file": str(path), "result": result_json(decisions)}, ensure_ascii=False))
        elif decisions:
            console.print(_table(path, decisions))
        else:
            console.print(f"{escape(str(path))}: no parameter detected")
    if not as_json:
        console.print(f"detectors {DETECTOR_VERSION}: {len(files) - failed} page(s) read, {failed} failed")
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("detect")(detect_command)
