"""``sci report``: build the static HTML site (rankings, city pages with maps, charts and evidence)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from flows.console import console, fail
from flows.report import ReportError, build_report
from flows.report.terminal import clean
from normalize.catalog import CatalogError
from normalize.cities import CityRegistryError, load_cities
from normalize.table import check_month


def report(
    month: Annotated[
        str | None, typer.Option(help="YYYY-MM (default: the latest month in the data dir).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output directory (default: <data-dir>/report/month=M/).")
    ] = None,
    cities_path: Annotated[Path | None, typer.Option("--cities", help="Another city registry CSV.")] = None,
) -> None:
    """Write the static HTML report: overview with rankings and one page per city (opens from disk)."""
    try:
        if month is not None:
            check_month(month)
        cities = load_cities(cities_path)
        result = build_report(month=month, out_dir=out, cities=cities)
    except (ValueError, ReportError, CatalogError, CityRegistryError) as exc:
        fail(str(exc))
    for problem in result.problems:
        console.print(Text(f"warning: {clean(problem)}", style="yellow"))
    console.print(
        f"Report for {result.month}: {len(result.cities)} city pages, {result.maps} maps, "
        f"{result.charts} charts",
        highlight=False,
    )
    console.print(Text(f"Open {clean(result.out_dir / 'index.html')}"))


def register(app: typer.Typer) -> None:
    app.command("report")(report)
