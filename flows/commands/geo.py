"""``sci geo``: match a point source to the city boundaries, or list the matched points of one city."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from flows.console import console, fail
from flows.steps.geo import (
    DEFAULT_SNAP_M,
    GeoResult,
    GeoStepError,
    filter_as_of,
    parse_as_of,
    read_matched,
    run_geo,
    source_months,
)
from normalize.catalog import load_catalog
from normalize.cities import AmbiguousCity, City, CityNotFound, CityRegistryError, find_city, load_cities
from normalize.geo import GeoError
from normalize.storage import resolve_data_dir
from normalize.table import ParameterTableError, check_month

# Columns the per-city listing leaves out: the same for every row of one city.
_LISTING_HIDDEN = ("municipality_ags", "city_ags")
_NO_WRAP = ("lat", "lon", "geo_status")


def _default_month(data_dir: Path, source: str, filename: str, what: str) -> str:
    months = source_months(data_dir, source, filename)
    if not months:
        fail(f"no {what} of {source} under {data_dir / 'sources' / source}; {_hint(source, what)}")
    return months[-1]


def _hint(source: str, what: str) -> str:
    return f"run `sci geo {source}` first" if what == "matched table" else f"run `sci source {source}` first"


def _fmt_value(value: float) -> str:
    return "–" if pd.isna(value) else f"{value:,.3f}".rstrip("0").rstrip(".")


def _print_run(result: GeoResult) -> None:
    catalog = load_catalog()
    params = result.parameters
    parameter_ids = list(dict.fromkeys(params["parameter_id"]))
    values = params.pivot_table(
        index="city_ags", columns="parameter_id", values="value", aggfunc="first", dropna=False
    )
    table = Table(title=f"{result.source} {result.month}: points per city")
    for col in ("city", "AGS", "points"):
        table.add_column(col, justify="right" if col == "points" else "left")
    for pid in parameter_ids:
        par = catalog.parameters.get(pid)
        table.add_column(par.key if par else pid, justify="right")
    for city in result.cities:
        row = [escape(city.name), city.ags, str(result.report.per_city.get(city.ags, 0))]
        for pid in parameter_ids:
            value = (
                values.at[city.ags, pid]
                if city.ags in values.index and pid in values.columns
                else float("nan")
            )
            row.append(_fmt_value(value))
        table.add_row(*row)
    console.print(table)
    for line in result.report.lines():
        console.print(escape(line))
    console.print(
        f"boundaries: month {result.boundaries_month}, vintage {result.boundaries_vintage or 'unknown'}; "
        f"population: {'month ' + result.population_month if result.population_month else 'city registry'}"
        + (f"; as of {result.as_of}" if result.as_of else "")
    )
    console.print(f"matched points: {escape(str(result.matched_path))}")
    console.print(f"{len(params)} parameter rows: {escape(str(result.parameters_path))}")


def _print_city(source: str, month: str, city: City, points: pd.DataFrame, as_json: bool) -> None:
    if as_json:
        for record in json.loads(points.to_json(orient="records", date_format="iso", force_ascii=False)):
            print(json.dumps(record, ensure_ascii=False))
        return
    if points.empty:
        console.print(f"no points of {source} in {escape(city.name)} ({city.ags}) in {month}")
        return
    table = Table(title=f"{source} {month}: {len(points)} points in {escape(city.name)} ({city.ags})")
    columns = [c for c in points.columns if c not in _LISTING_HIDDEN]
    id_column = next((c for c in columns if c == "id" or str(c).endswith("_id")), None)
    for col in columns:
        if col == id_column or col in _NO_WRAP:
            # Ids and coordinates must stay whole even in a narrow terminal; text columns fold.
            longest = max([len(str(col)), *(len(_cell(v)) for v in points[col])])
            table.add_column(str(col), no_wrap=True, min_width=longest)
        else:
            table.add_column(str(col), overflow="fold")
    for record in points[columns].itertuples(index=False):
        table.add_row(*(escape(_cell(v)) for v in record))
    console.print(table)
    statuses = points["geo_status"].value_counts()
    console.print(
        f"{len(points)} points in {escape(city.name)} ({city.ags}): "
        + ", ".join(f"{s} {n}" for s, n in statuses.items())
    )


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    return str(value)


def _lookup_city(query: str) -> City:
    try:
        return find_city(query, load_cities())
    except AmbiguousCity as exc:
        candidates = "\n".join(f"  {c.ags}  {c.name}" for c in exc.candidates)
        fail(f"{query!r} matches {len(exc.candidates)} cities; use a longer name or the AGS:\n{candidates}")
    except CityNotFound as exc:
        fail(f"{exc}; see `sci cities`")
    except CityRegistryError as exc:
        fail(str(exc))


def geo(
    source: Annotated[str, typer.Argument(help="A point source, e.g. bnetza_ladesaeulen or lorawan.")],
    month: Annotated[
        str | None,
        typer.Option(
            help="YYYY-MM. Default: the latest month with a parsed (or, with --city, matched) table."
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Count only points commissioned on or before this date (YYYY-MM-DD); needs a commissioned column.",
        ),
    ] = None,
    city: Annotated[
        str | None,
        typer.Option("--city", help="List the matched points of one city (name or AGS) instead of matching."),
    ] = None,
    snap_m: Annotated[
        float,
        typer.Option(
            "--snap-m",
            help="Assign points outside every boundary but within this many metres of one to the nearest "
            "municipality (status snapped); 0 = containment only.",
        ),
    ] = DEFAULT_SNAP_M,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output (JSON).")] = False,
) -> None:
    """Geo-match the points of SOURCE to the city boundaries and write its parameters (method geo).

    Prints points and values per city and the match report (statuses: matched, outside_cities,
    swapped, snapped, outside_germany, missing_coords, invalid_coords). With --city, lists the matched
    points of one city from the stored matched table instead.
    """
    data_dir = resolve_data_dir()
    try:
        if month is not None:
            check_month(month)
        as_of_date = parse_as_of(as_of)
    except (ValueError, GeoStepError) as exc:
        fail(str(exc))

    if city is not None:
        target = _lookup_city(city)
        month = month or _default_month(data_dir, source, f"{source}_matched.parquet", "matched table")
        try:
            points = read_matched(source, month=month, data_dir=data_dir)
            if as_of_date is not None:
                points = filter_as_of(points, as_of_date, source)[0]
        except GeoStepError as exc:
            fail(str(exc))
        in_city = points[points["city_ags"] == target.ags].reset_index(drop=True)
        _print_city(source, month, target, in_city, as_json)
        return

    month = month or _default_month(data_dir, source, f"{source}.parquet", "parsed table")
    from flows.runs import command_month_lock

    try:
        with command_month_lock(month, what=f"sci geo {source}", data_dir=data_dir) as run_id:
            result = run_geo(
                source, month=month, data_dir=data_dir, as_of=as_of_date, snap_m=snap_m, run_id=run_id
            )
    except (GeoStepError, GeoError, ParameterTableError, OSError, ValueError) as exc:
        fail(f"{type(exc).__name__}: {exc}" if not isinstance(exc, GeoStepError) else str(exc))
    if as_json:
        print(json.dumps(result.summary(), ensure_ascii=False, indent=2, default=str))
        return
    _print_run(result)


def register(app: typer.Typer) -> None:
    app.command("geo")(geo)
