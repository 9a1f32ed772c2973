"""``sci catalog`` and ``sci cities``: what the index measures and for which municipalities."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.console import console, fail
from normalize.catalog import CatalogError, load_catalog
from normalize.cities import CityRegistryError, load_cities


def catalog(
    how: Annotated[
        str | None,
        typer.Option(
            help="Only parameters collected this way: crawl, probe, research, source, geo, or source:NAME."
        ),
    ] = None,
    area: Annotated[str | None, typer.Option(help="Only this area id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per parameter.")] = False,
    path: Annotated[Path | None, typer.Option("--catalog", help="Another catalog file.")] = None,
) -> None:
    """List areas, indicators and parameters of the catalog, with counts."""
    try:
        cat = load_catalog(path)
    except CatalogError as exc:
        fail(str(exc))
    if area is not None and area not in {a.id for a in cat.areas}:
        fail(f"unknown area {area!r}; known: {', '.join(a.id for a in cat.areas)}")
    params = [
        p
        for p in cat.parameters.values()
        if (area is None or p.area_id == area) and (how is None or p.how == how or p.method == how)
    ]
    if as_json:
        for p in params:
            print(
                json.dumps(
                    {
                        "id": p.id,
                        "name": p.name,
                        "kind": p.kind,
                        "levels": p.levels,
                        "direction": p.direction,
                        "weight": p.weight,
                        "how": p.how,
                        "unit": p.unit,
                        "definition": p.definition,
                    },
                    ensure_ascii=False,
                )
            )
        return
    table = Table(title=f"Catalog {cat.version}", show_lines=False)
    for col in ("parameter", "name", "kind", "weight", "how"):
        table.add_column(col)
    for p in params:
        kind = p.kind + (f"/{p.levels}" if p.levels else "") + (f" ({p.direction})" if p.direction else "")
        table.add_row(p.id, escape(p.name), kind, f"{p.weight:g}", p.how)
    console.print(table)
    areas = {p.area_id for p in params}
    indicators = {p.indicator_id for p in params}
    console.print(f"{len(areas)} areas, {len(indicators)} indicators, {len(params)} parameters")


def cities(
    state: Annotated[str | None, typer.Option(help="Only cities of this Land.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per city.")] = False,
    path: Annotated[Path | None, typer.Option("--cities", help="Another city registry CSV.")] = None,
) -> None:
    """List the municipalities of the city registry (AGS, name, Land, population, website)."""
    try:
        rows = load_cities(path)
    except CityRegistryError as exc:
        fail(str(exc))
    if state:
        rows = [c for c in rows if c.state.casefold() == state.casefold()]
    if as_json:
        for c in rows:
            print(json.dumps(c.__dict__, ensure_ascii=False))
        return
    table = Table(title="Cities")
    for col in ("AGS", "name", "state", "population", "as of", "website"):
        table.add_column(col, justify="right" if col == "population" else "left")
    for c in rows:
        table.add_row(
            c.ags,
            escape(c.name),
            c.state,
            f"{c.population:,}".replace(",", "."),
            c.population_date,
            c.website,
        )
    console.print(table)
    console.print(f"{len(rows)} cities")


def register(app: typer.Typer) -> None:
    app.command("catalog")(catalog)
    app.command("cities")(cities)
