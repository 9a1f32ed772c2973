"""``sci diff MONTH_A MONTH_B``: what changed per city between two months, and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from flows.commands.evidence import lookup_city
from flows.console import console, fail
from flows.report.data import Problems, read_run_records, read_scores
from flows.report.terminal import clean, plain, trend_text
from normalize.catalog import CatalogError, load_catalog
from normalize.cities import CityRegistryError, load_cities
from normalize.diff import CAUSES, CityDiff, MonthDiff, Side, diff_months
from normalize.inspect import prepare_month
from normalize.storage import list_months, read_evidence, read_parameters, resolve_data_dir
from normalize.table import check_month

CAUSE_STYLES = {
    "site_change": "magenta",
    "new_source_data": "blue",
    "detector_change": "yellow",
    "catalog_change": "yellow",
    "collection_failure": "red",
    "manual_entry": "cyan",
}


def _side_text(label: str, side: Side | None) -> Text:
    out = Text(f"    {label}: ", style="dim")
    if side is None:
        out.append("no row", style="dim")
        return out
    out.append_text(plain(f"{side.value_text} [{side.status}] via {side.method} · {side.source}"))
    for item in side.evidence:
        out.append("\n      ")
        if not item.found:
            out.append(f"{item.evidence_id}: record not found", style="red")
            continue
        parts = [
            item.final_url or item.url or item.evidence_id,
            item.fetched_at[:10] if item.fetched_at else None,
            f"sha256 {item.sha256[:12]}" if item.sha256 else None,
            f"version {item.version}" if item.version else None,
        ]
        out.append_text(plain(" · ".join(p for p in parts if p), "dim"))
        if item.snippet:
            out.append("\n        ")
            out.append_text(plain(f"“{item.snippet}”", "italic dim"))
    return out


def _score_line(change) -> Text:
    out = Text(f"  {change.name}: ")
    old = "—" if change.old_score is None else f"{change.old_score:.1f}"
    new = "—" if change.new_score is None else f"{change.new_score:.1f}"
    out.append(f"{old} -> {new}")
    if change.delta is not None:
        out.append(f" ({change.delta:+.1f})")
    if change.old_rank != change.new_rank or change.old_rank is not None:
        out.append(f", rank {change.old_rank or '—'} -> {change.new_rank or '—'} ")
        places = change.places
        out.append_text(trend_text(places, change.old_rank if places is not None else None))
    return out


def print_city(city: CityDiff) -> None:
    head = plain(city.city_name, "bold")
    head.append(f" ({city.city_ags})")
    console.print(head)
    for change in city.scores:
        if change.level in ("overall", "area"):
            console.print(_score_line(change))
    for change in city.changes:
        line = Text("  ")
        line.append_text(plain(change.name, "bold"))
        line.append(f" ({change.parameter_id}) ")
        line.append(change.cause, style=CAUSE_STYLES.get(change.cause, ""))
        line.append_text(plain(f": {change.reason}", "dim"))
        console.print(line)
        console.print(_side_text("old", change.old))
        console.print(_side_text("new", change.new))


def print_diff(result: MonthDiff, *, show_unchanged: bool) -> None:
    changed = [c for c in result.cities if not c.empty]
    console.print(f"Changes {result.month_a} -> {result.month_b}", style="bold", highlight=False)
    for city in result.cities:
        if city.empty:
            if show_unchanged:
                console.print(plain(f"{city.city_name} ({city.city_ags}): no changes", "dim"))
            continue
        print_city(city)
    counts = result.cause_counts()
    total = sum(counts.values())
    summary = ", ".join(f"{cause} {n}" for cause, n in counts.items()) or "none"
    console.print(
        f"{total} parameter change(s) in {len(changed)} of {len(result.cities)} cities; causes: {summary}",
        highlight=False,
    )
    if counts:
        for cause in counts:
            console.print(f"  {cause}: {CAUSES[cause]}", style="dim", highlight=False)


def diff(
    month_a: Annotated[str, typer.Argument(help="The earlier month, YYYY-MM.")],
    month_b: Annotated[str, typer.Argument(help="The later month, YYYY-MM.")],
    city: Annotated[str | None, typer.Option(help="Only this city (name or AGS).")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object with every city's changes.")
    ] = False,
    show_unchanged: Annotated[bool, typer.Option("--all", help="Also list cities without changes.")] = False,
    cities_path: Annotated[Path | None, typer.Option("--cities", help="Another city registry CSV.")] = None,
) -> None:
    """Per city: parameters that changed (old -> new, evidence of both, cause), score and rank changes."""
    data_dir = resolve_data_dir()
    try:
        check_month(month_a)
        check_month(month_b)
        catalog = load_catalog()
        registry = load_cities(cities_path)
    except (ValueError, CatalogError, CityRegistryError) as exc:
        fail(str(exc))
    available = set(list_months(data_dir, "parameters")) | set(list_months(data_dir, "scores"))
    for m in (month_a, month_b):
        if m not in available:
            listed = ", ".join(sorted(available)) or "none"
            fail(f"{data_dir} has no data for {m} (months with data: {listed})")
    problems = Problems()
    try:
        inputs = {
            m: (read_parameters(m, data_dir), read_evidence(m, data_dir), read_scores(data_dir, m, problems))
            for m in (month_a, month_b)
        }
    except Exception as exc:  # a broken parquet file: name it and stop
        fail(f"cannot read the data in {data_dir}: {exc}")
    names = {c.ags: c.name for c in registry}
    wanted = None
    if city is not None:
        known = {str(a) for params, _, _ in inputs.values() for a in params["city_ags"]}
        ags, name, _ = lookup_city(city, registry, known)
        names[ags] = name
        wanted = [ags]
    ctx_a, ctx_b = (
        prepare_month(m, *inputs[m], catalog, only_cities=set(wanted) if wanted else None)
        for m in (month_a, month_b)
    )
    result = diff_months(
        ctx_a, ctx_b, runs=read_run_records(data_dir, problems), city_names=names, cities=wanted
    )
    if as_json:
        print(json.dumps({**result.to_dict(), "warnings": problems.messages}, ensure_ascii=False, indent=2))
        return
    for problem in problems.messages:
        console.print(Text(f"warning: {clean(problem)}", style="yellow"))
    print_diff(result, show_unchanged=show_unchanged or city is not None)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)
