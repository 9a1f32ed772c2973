"""``sci source``: run one source adapter for one month, or list the adapters."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape

from flows.console import console, err_console, fail
from sources.registry import adapter_names, get_adapter


def _current_month() -> str:
    return f"{datetime.now(ZoneInfo('Europe/Berlin')):%Y-%m}"


def _say(text: str) -> None:
    # soft_wrap: long paths and URLs stay on one line (copy-pasteable).
    console.print(text, soft_wrap=True)


def _list_adapters() -> None:
    for name in adapter_names():
        adapter = get_adapter(name)
        _say(f"[bold]{name}[/] ({adapter.KIND}): {escape(adapter.TITLE)}")
        _say(f"  live URL  {escape(adapter.URL)}")
        _say(f"  feeds     {', '.join(adapter.PARAMETERS) or '- (used by other steps)'}")
    _say(f"{len(adapter_names())} adapters")


def source(
    name: Annotated[str | None, typer.Argument(help="Adapter name (see --list).")] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Use this local file (or directory / .shp set) instead of downloading."),
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Month YYYY-MM (default: the current month).")
    ] = None,
    url: Annotated[
        str | None, typer.Option("--url", help="Download from this URL instead of the live one.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Reference date for files that do not state it (e.g. 2019-12-31)."),
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the adapters and exit.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Fetch (or snapshot --file), parse and write one source for one month."""
    from flows.steps.source import run_source

    if list_:
        _list_adapters()
        return
    if not name:
        fail("name a source (see `sci source --list`)")
    if name not in adapter_names():
        fail(f"unknown source {name!r}; known: {', '.join(adapter_names())}")
    if file is not None and not file.exists():
        fail(f"{file}: no such file or directory")
    from flows.runs import command_month_lock

    month = month or _current_month()
    with command_month_lock(month, what=f"sci source {name}") as run_id:
        result = run_source(name, month=month, file=file, url=url, as_of=as_of, run_id=run_id)
    if as_json:
        print(json.dumps(result.summary(), ensure_ascii=False, default=str))
        if not result.ok:
            raise typer.Exit(1)
        return
    if not result.ok:
        where = f" (snapshot {result.snapshot_sha256[:12]} kept)" if result.snapshot_sha256 else ""
        # Printed unwrapped (not via fail()): the message carries paths and URLs to copy.
        err_console.print(
            f"[bold red]error:[/] {escape(f'{name} {result.month}: {result.error_type}: {result.error}{where}')}; "
            "previous data left unchanged",
            soft_wrap=True,
        )
        raise typer.Exit(1)
    snap_state = "reused" if result.snapshot_reused else "new"
    _say(
        f"[bold]{escape(name)}[/] {result.month}: snapshot {snap_state} "
        f"{result.snapshot_sha256[:12]} ({escape(result.snapshot_origin or 'download')})"
    )
    _say(f"  source      {escape(result.snapshot_url or '')}")
    _say(
        f"  edition     {escape(result.edition or 'unknown')}"
        + (f", as of {result.as_of}" if result.as_of else "")
    )
    _say(f"  rows parsed {result.rows_parsed:,} -> {escape(result.table_path or '')}")
    if result.parameters_path:
        _say(f"  parameters  {result.parameter_rows:,} rows -> {escape(result.parameters_path)}")
        _say(f"  evidence    {result.evidence_rows:,} rows -> {escape(result.evidence_path or '')}")
        _say(f"  population  {escape(result.population_origin or '')}")
    elif get_adapter(name).KIND == "points":
        _say(
            f"  parameters  none yet: run the geo step for {escape(name)} (points are matched to boundaries)"
        )
    for warning in result.warnings:
        _say(f"  [yellow]warning[/] {escape(warning)}")
    _say(f"  took {result.seconds:.2f} s")


def register(app: typer.Typer) -> None:
    app.command("source")(source)
