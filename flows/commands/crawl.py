"""``sci crawl``: crawl city websites (Scrapy subprocesses), probe open-data portals, write the month's rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.console import console, fail


def crawl(
    city: Annotated[
        list[str] | None,
        typer.Option("--city", help="AGS or name of a city to crawl (repeatable; default: all)."),
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Month YYYY-MM (default: the current month).")
    ] = None,
    max_pages: Annotated[int | None, typer.Option("--max-pages", min=1, help="Page budget per city.")] = None,
    max_depth: Annotated[int | None, typer.Option("--max-depth", min=0, help="Link depth budget.")] = None,
    max_mb: Annotated[
        float | None, typer.Option("--max-mb", min=0.1, help="Response bytes budget (MiB).")
    ] = None,
    max_seconds: Annotated[
        float | None, typer.Option("--max-seconds", min=1, help="Wall-clock budget per city (seconds).")
    ] = None,
    parallel: Annotated[int, typer.Option("--parallel", min=1, max=16, help="Cities crawled at once.")] = 2,
    cities_file: Annotated[
        Path | None,
        typer.Option("--cities-file", help="Another municipality list with the registry's columns."),
    ] = None,
    allow_loopback: Annotated[
        bool, typer.Option("--allow-loopback", help="Allow sites on 127.0.0.0/8 (local test and demo sites).")
    ] = False,
    no_probes: Annotated[bool, typer.Option("--no-probes", help="Skip the open-data portal probes.")] = False,
    renormalise: Annotated[
        bool,
        typer.Option(
            "--renormalise", help="Do not crawl: rebuild the month's rows from the stored raw crawls."
        ),
    ] = False,
    detectors: Annotated[
        str | None,
        typer.Option("--detectors", help="Python module with the detector API (default crawlers.detectors)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Crawl city websites, probe their open-data portals and write the month's crawl/probe parameter rows."""
    from crawlers.detector_api import DetectorsUnavailable
    from crawlers.normalise import normalise_month
    from flows.steps.crawl import current_month, resolve_cities, run_crawl
    from normalize.cities import AmbiguousCity, CityNotFound, CityRegistryError
    from normalize.storage import resolve_data_dir
    from normalize.table import check_month

    try:
        month = check_month(month) if month else current_month()
    except ValueError as exc:
        fail(str(exc))
    data_dir = resolve_data_dir()
    if renormalise:
        try:
            done = normalise_month(data_dir, month, detectors_module=detectors)
        except (DetectorsUnavailable, ValueError) as exc:
            fail(str(exc))
        if not done.cities:
            fail(f"no stored crawl for {month} under {data_dir / 'crawl'}")
        console.print(
            f"renormalised {len(done.cities)} cities of {month}: {done.crawl_rows} crawl rows, "
            f"{done.probe_rows} probe rows",
            soft_wrap=True,
        )
        for problem in done.problems:
            console.print(f"[yellow]warning:[/] {escape(problem)}", soft_wrap=True)
        return
    try:
        cities = resolve_cities(city, cities_file)
    except (CityNotFound, AmbiguousCity, CityRegistryError) as exc:
        fail(str(exc))
    from flows.runs import command_month_lock

    with command_month_lock(month, what="sci crawl", data_dir=data_dir) as run_id:
        result = run_crawl(
            cities,
            month=month,
            data_dir=data_dir,
            max_pages=max_pages,
            run_id=run_id,
            allow_loopback=allow_loopback,
            max_depth=max_depth,
            max_bytes=int(max_mb * 1024 * 1024) if max_mb else None,
            max_seconds=max_seconds,
            parallel=parallel,
            probes=not no_probes,
            detectors_module=detectors,
        )
    if as_json:
        print(json.dumps(result.summary(), ensure_ascii=False, default=str))
    else:
        table = Table(title=f"Crawl {month} ({result.run_id})")
        for col in ("AGS", "city", "status", "pages", "s", "reason"):
            table.add_column(col, justify="right" if col in ("pages", "s") else "left")
        colour = {"completed": "green", "partial": "yellow", "failed": "red"}
        for c in result.cities:
            reason = c.reason + (" (kept the month's previous crawl)" if c.kept_previous else "")
            table.add_row(
                c.ags,
                escape(c.name),
                f"[{colour.get(c.status, 'white')}]{c.status}[/]",
                str(c.pages),
                f"{c.seconds:.1f}",
                escape(reason),
            )
        console.print(table)
        console.print(
            f"{result.parameter_rows} crawl rows and {result.probe_rows} probe rows for {month} "
            f"under {data_dir}",
            soft_wrap=True,
        )
        for problem in result.problems:
            console.print(f"[yellow]warning:[/] {escape(problem)}", soft_wrap=True)
    if not result.ok:
        fail(result.error or "crawl failed")
    if result.cities and all(c.status == "failed" for c in result.cities):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("crawl")(crawl)
