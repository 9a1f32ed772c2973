"""``sci evidence CITY``: per parameter of one city what was found, where, when, and how it scores."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.style import Style
from rich.text import Text

from flows.console import console, fail
from flows.report.data import read_scores
from flows.report.terminal import clean, plain, trend_text
from normalize.catalog import Catalog, CatalogError, load_catalog
from normalize.cities import AmbiguousCity, City, CityNotFound, CityRegistryError, find_city, load_cities
from normalize.inspect import CityView, ParameterView, city_view, prepare_month
from normalize.storage import list_months, read_evidence, read_parameters, resolve_data_dir
from normalize.table import check_month

STATE_STYLES = {
    "known": "green",
    "missing": "bold red",
    "not_checkable": "bold yellow",
    "source_missing": "yellow",
    "not_applicable": "dim",
}


def lookup_city(query: str, cities: list[City], known_ags: set[str]) -> tuple[str, str, str | None]:
    """(ags, name, state) for a name or AGS; an AGS only in the data (not the registry) is accepted."""
    try:
        city = find_city(query, cities)
    except AmbiguousCity as exc:
        listed = "\n".join(f"  {c.ags}  {c.name} ({c.state})" for c in exc.candidates)
        fail(f"{query!r} matches {len(exc.candidates)} cities; use one of these names or AGS:\n{listed}")
    except CityNotFound as exc:
        q = query.strip()
        if q.isdigit() and q.zfill(8) in known_ags:
            return q.zfill(8), q.zfill(8), None
        fail(str(exc))
    return city.ags, city.name, city.state


def _evidence_lines(p: ParameterView, indent: str) -> list[Text]:
    lines = []
    for item in p.evidence:
        line = Text(indent)
        if not item.found:
            line.append(f"evidence {item.evidence_id}: record not found", style="red")
            lines.append(line)
            continue
        target = item.final_url or item.url
        line.append(clean(target or item.evidence_id), style=Style(color="cyan", link=item.link))
        meta = [
            f"fetched {item.fetched_at[:10]}" if item.fetched_at else None,
            f"HTTP {item.http_status}" if item.http_status is not None else None,
            item.rule_id,
            f"{len(item.items)} item(s)" if item.items else None,
        ]
        shown = " · ".join(m for m in meta if m)
        if shown:
            line.append_text(plain(f" · {shown}", "dim"))
        lines.append(line)
        if item.snippet:
            lines.append(Text(indent) + plain(f"“{item.snippet}”", "italic"))
    return lines


def _contribution(p: ParameterView) -> str:
    if p.pilot:
        return "bonus —" if p.contribution is None else f"bonus {p.contribution:g}"
    if p.contribution is None:
        return "left out of its indicator"
    return f"s×w {p.score:.2f}×{p.weight:g} = {p.contribution:.2f}"


def parameter_lines(p: ParameterView, indent: str = "    ") -> list[Text]:
    """A parameter as terminal lines: id and name, then value, status, score, source, evidence."""
    head = Text(indent)
    head.append(p.parameter_id.rsplit(".", 1)[1], style="bold")
    head.append_text(plain(f"  {p.name}"))
    if p.state == "missing":
        head.append("  ")
        head.append(p.state_label, style=STATE_STYLES["missing"])
        return [head]
    inner = indent + "  "
    line = Text(inner)
    line.append_text(plain(p.value_text))
    line.append(" · ")
    line.append(p.state_label if p.state != "known" else str(p.status), style=STATE_STYLES.get(p.state, ""))
    line.append(f" · {_contribution(p)}")
    line.append_text(plain(f" · {p.method} · {p.source}"))
    if p.collected_at:
        line.append(f" · collected {p.collected_at[:10]}", style="dim")
    lines = [head, line]
    if p.raw:
        lines.append(Text(inner) + plain(f"raw: {p.raw}", "dim"))
    lines += _evidence_lines(p, inner)
    for o in p.overridden:
        value = "" if o.value is None else f" {o.value:g}"
        lines.append(Text(inner) + plain(f"overrides {o.source} ({o.method}): {o.status}{value}", "dim"))
    return lines


def print_view(view: CityView, catalog: Catalog) -> None:
    cov = view.coverage
    head = plain(view.city_name, "bold")
    head.append(f"  AGS {view.city_ags} · month {view.month} · catalog {view.catalog_version}")
    console.print(head)
    if view.overall is not None and view.overall.score is not None:
        line = Text(f"Overall {view.overall.score:.1f}, rank {view.overall.rank} ")
        line.append_text(trend_text(view.overall.trend, view.overall.prev_rank))
        console.print(line)
    console.print(
        f"Coverage {100 * cov.share:.1f} %: {cov.known} of {cov.applicable} applicable parameters known; "
        f"{cov.missing} missing (no row), {cov.not_checkable} not checkable, {cov.source_missing} source "
        f"missing, {cov.not_applicable} not applicable",
        highlight=False,
    )
    by_indicator: dict[str, list[ParameterView]] = {}
    for p in view.parameters:
        by_indicator.setdefault(p.indicator_id, []).append(p)
    area_lines = {a.id: a for a in view.areas}
    indicator_lines = {i.id: i for i in view.indicators}
    for area in catalog.areas:
        if view.area is not None and area.id != view.area:
            continue
        title = Text("\n")
        title.append(area.name, style="bold underline")
        line = area_lines.get(area.id)
        if line and line.score is not None:
            title.append(f"  {line.score:.1f} (rank {line.rank} ")
            title.append_text(trend_text(line.trend, line.prev_rank))
            title.append(")")
        console.print(title)
        for ind in area.indicators:
            params = by_indicator.get(ind.id, [])
            if not params:
                continue
            iline = indicator_lines.get(ind.id)
            ind_head = Text("  ")
            ind_head.append(ind.name, style="bold")
            if iline and iline.score is not None:
                ind_head.append(f" — {'bonus' if ind.pilot else 'index'} {iline.score:.1f}")
            console.print(ind_head)
            for p in params:
                for text_line in parameter_lines(p):
                    console.print(text_line, soft_wrap=True)


def evidence(
    city: Annotated[str, typer.Argument(help="City name or AGS (case and umlauts do not matter).")],
    month: Annotated[
        str | None, typer.Option(help="YYYY-MM (default: the latest month in the data dir).")
    ] = None,
    area: Annotated[str | None, typer.Option(help="Only this area id.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object: city, month, coverage, parameters.")
    ] = False,
    cities_path: Annotated[Path | None, typer.Option("--cities", help="Another city registry CSV.")] = None,
) -> None:
    """Per parameter of a city: value, status, score contribution, method, source, evidence and coverage."""
    data_dir = resolve_data_dir()
    try:
        catalog = load_catalog()
        registry = load_cities(cities_path)
    except (CatalogError, CityRegistryError) as exc:
        fail(str(exc))
    if month is None:
        months = list_months(data_dir, "parameters")
        if not months:
            fail(f"{data_dir} has no parameter table yet (no parameters/month=…); run the pipeline first")
        month = months[-1]
    try:
        check_month(month)
    except ValueError as exc:
        fail(str(exc))
    if area is not None and area not in {a.id for a in catalog.areas}:
        fail(f"unknown area {area!r}; known: {', '.join(a.id for a in catalog.areas)}")
    try:
        parameters = read_parameters(month, data_dir)
        evidence_df = read_evidence(month, data_dir)
    except Exception as exc:  # a broken parquet file: name it and stop
        fail(f"cannot read the data of {month} in {data_dir}: {exc}")
    known_ags = set(parameters["city_ags"].astype(str)) if not parameters.empty else set()
    ags, name, state = lookup_city(city, registry, known_ags)
    ctx = prepare_month(
        month, parameters, evidence_df, read_scores(data_dir, month), catalog, only_cities={ags}
    )
    view = city_view(ctx, ags, city_name=name, state=state, area=area)
    if as_json:
        print(json.dumps(view.to_dict(), ensure_ascii=False, indent=2))
        return
    if ags not in known_ags:
        console.print(Text(f"note: no parameter rows for {clean(name)} ({ags}) in {month}", style="yellow"))
    print_view(view, catalog)


def register(app: typer.Typer) -> None:
    app.command("evidence")(evidence)
