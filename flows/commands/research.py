"""``sci research``: validate research entries, write templates, import filled ones, apply a month."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from flows.console import cities_or_fail, city_or_fail, console, fail, say
from normalize.catalog import load_catalog
from normalize.research import (
    ResearchError,
    apply_research,
    build_template,
    display_path,
    effective_entries,
    import_entries,
    read_research,
    resolve_research_dir,
    rows_to_csv,
    template_month,
)
from normalize.storage import atomic_write_text, resolve_data_dir
from normalize.table import check_month

research_app = typer.Typer(
    help="Research entries: values with an evidence URL for what no source or crawler gives.",
    no_args_is_help=True,
)

DirOption = Annotated[
    Path | None,
    typer.Option("--dir", help="The research directory (default data/research or $SCI_RESEARCH_DIR)."),
]
CitiesOption = Annotated[
    Path | None, typer.Option("--cities", help="Another city registry CSV (default data/cities.csv).")
]


def _month(month: str | None) -> str:
    try:
        return check_month(month) if month else template_month(resolve_data_dir())
    except ValueError as exc:
        fail(str(exc))


@research_app.command("validate")
def validate(
    research_dir: DirOption = None,
    cities_path: CitiesOption = None,
    files: Annotated[
        list[Path] | None,
        typer.Option("--file", help="Check these entry files (e.g. a filled template) instead of the dir."),
    ] = None,
) -> None:
    """Check every entry; list every problem with file and line (exit 1 if there is any)."""
    cities = cities_or_fail(cities_path)
    found = read_research(research_dir, files=files or None, cities=cities)
    for problem in found.problems:
        say(escape(str(problem)))
    where = ", ".join(found.files) if files else f"under {display_path(resolve_research_dir(research_dir))}"
    summary = f"{len(found.entries)} valid entries in {len(found.files)} file(s) {where}"
    if found.placeholders:
        summary += f", {found.placeholders} open template line(s) skipped"
    if found.problems:
        say(f"[bold red]{len(found.problems)} problem(s)[/]; {escape(summary)}")
        raise typer.Exit(1)
    say(f"[green]ok[/]: {escape(summary)}")


@research_app.command("template")
def template(
    area: Annotated[str, typer.Option("--area", help="Area id (see `sci catalog`).")],
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    city: Annotated[str | None, typer.Option("--city", help="Only this city (AGS or name).")] = None,
    month: Annotated[
        str | None, typer.Option(help="Month whose table decides what is missing (default: latest).")
    ] = None,
    only_research: Annotated[
        bool, typer.Option("--only-research", help="Only parameters with how: research.")
    ] = False,
    research_dir: DirOption = None,
    cities_path: CitiesOption = None,
) -> None:
    """Write a CSV of the (parameter, city) pairs of an area that still lack a value, ready to fill."""
    catalog = load_catalog()
    if area not in {a.id for a in catalog.areas}:
        fail(f"unknown area {area!r}; known: {', '.join(a.id for a in catalog.areas)}")
    cities = cities_or_fail(cities_path)
    chosen = city_or_fail(city, cities) if city else None
    the_month = _month(month)
    rows = build_template(
        area,
        month=the_month,
        research_dir=research_dir,
        city=chosen,
        only_research=only_research,
        catalog=catalog,
        cities=cities,
    )
    atomic_write_text(out, rows_to_csv(rows))
    params = len({r["parameter_id"] for r in rows})
    say(
        f"wrote {escape(str(out))}: {len(rows)} open line(s), {params} parameter(s), "
        f"{len({r['city_ags'] for r in rows})} city(ies), month {the_month}"
    )


@research_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A filled template or entry CSV.")],
    research_dir: DirOption = None,
    cities_path: CitiesOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; change no file.")] = False,
) -> None:
    """Append the filled lines of a template to the area files (all or nothing)."""
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        added = import_entries(file, research_dir, cities=cities_or_fail(cities_path), dry_run=dry_run)
    except ResearchError as exc:
        fail(str(exc))
    total = sum(added.values())
    verb = "would add" if dry_run else "added"
    detail = ", ".join(f"{n} to {name}" for name, n in added.items()) or "nothing (no filled lines)"
    say(f"{verb} {total} entr{'y' if total == 1 else 'ies'}: {escape(detail)}")


@research_app.command("apply")
def apply(
    month: Annotated[str, typer.Option(help="Month YYYY-MM.")],
    research_dir: DirOption = None,
    cities_path: CitiesOption = None,
) -> None:
    """Write the research entries in force in a month as parameter rows (method=research)."""
    try:
        check_month(month)
        result = apply_research(
            month, resolve_data_dir(), research_dir=research_dir, cities=cities_or_fail(cities_path)
        )
    except ResearchError as exc:
        fail(f"{exc}\nnothing was written")
    except ValueError as exc:
        fail(str(exc))
    if result.path is None:
        say(f"no research entries in force in {month} ({result.entries_read} entries read)")
    else:
        say(f"{month}: {result.rows} research row(s) -> {escape(str(result.path))}")


@research_app.command("list")
def list_(
    month: Annotated[str | None, typer.Option(help="Entries in force in this month (default: all).")] = None,
    city: Annotated[str | None, typer.Option(help="Only this city (AGS or name).")] = None,
    area: Annotated[str | None, typer.Option(help="Only this area id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per entry.")] = False,
    research_dir: DirOption = None,
    cities_path: CitiesOption = None,
) -> None:
    """List the valid research entries (use `validate` for the invalid ones)."""
    cities = cities_or_fail(cities_path)
    found = read_research(research_dir, cities=cities)
    entries = found.entries
    if month:
        try:
            entries = effective_entries(entries, check_month(month))
        except ValueError as exc:
            fail(str(exc))
    if city:
        ags = city_or_fail(city, cities).ags
        entries = [e for e in entries if e.city_ags == ags]
    if area:
        entries = [e for e in entries if e.parameter_id.split(".", 1)[0] == area]
    if as_json:
        for e in entries:
            print(
                json.dumps(
                    {
                        "city_ags": e.city_ags,
                        "parameter_id": e.parameter_id,
                        "value": e.value,
                        "status": e.status,
                        "raw": e.raw,
                        "evidence_url": e.evidence_url,
                        "note": e.note,
                        "researcher": e.researcher,
                        "checked_on": e.checked_on.isoformat(),
                        "from_month": e.month,
                        "where": e.locator,
                    },
                    ensure_ascii=False,
                )
            )
        return
    names = {c.ags: c.name for c in cities}
    table = Table(title="Research entries" + (f" in force in {month}" if month else ""))
    for col in ("city", "parameter", "value", "checked on", "researcher", "where"):
        table.add_column(col)
    for e in entries:
        table.add_row(
            escape(f"{names.get(e.city_ags, '?')} ({e.city_ags})"),
            e.parameter_id,
            escape(e.raw),
            e.checked_on.isoformat(),
            escape(e.researcher),
            escape(e.locator),
        )
    console.print(table)
    say(f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}")
    if found.problems:
        say(f"[yellow]{len(found.problems)} problem(s) not listed; run `sci research validate`[/]")


def register(app: typer.Typer) -> None:
    app.add_typer(research_app, name="research")
