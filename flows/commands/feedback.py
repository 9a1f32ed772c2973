"""``sci feedback``: the city feedback round (export, import, review, list, apply)."""

from __future__ import annotations

import getpass
import json
import math
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from flows.console import cities_or_fail, city_or_fail, console, fail, say
from normalize.catalog import load_catalog
from normalize.feedback import STATES, FeedbackError, WorkbookRejected
from normalize.feedback_store import (
    apply_feedback,
    export_workbook,
    import_workbook,
    read_records,
    review_records,
    select_records,
)
from normalize.research import template_month
from normalize.storage import resolve_data_dir
from normalize.table import ParameterTableError, check_month

feedback_app = typer.Typer(
    help="The city feedback round: workbooks out, corrections in, each accepted or rejected.",
    no_args_is_help=True,
)
CitiesOption = Annotated[
    Path | None, typer.Option("--cities", help="Another city registry CSV (default data/cities.csv).")
]


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _check_month(month: str | None) -> str | None:
    try:
        return check_month(month) if month else None
    except ValueError as exc:
        fail(str(exc))


@feedback_app.command("export")
def export(
    city: Annotated[str, typer.Argument(help="City (AGS or name).")],
    out: Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")],
    month: Annotated[str | None, typer.Option(help="Month YYYY-MM (default: the latest with data).")] = None,
    area: Annotated[str | None, typer.Option(help="Only this area's parameters.")] = None,
    cities_path: CitiesOption = None,
) -> None:
    """Write the workbook sent to a city: every parameter's value, status and evidence, to correct."""
    if out.suffix.lower() != ".xlsx":
        fail(f"{out}: the workbook must be an .xlsx file")
    chosen = city_or_fail(city, cities_or_fail(cities_path))
    the_month = _check_month(month) or template_month(resolve_data_dir())
    catalog = load_catalog()
    if area is not None and area not in {a.id for a in catalog.areas}:
        fail(f"unknown area {area!r}; known: {', '.join(a.id for a in catalog.areas)}")
    result = export_workbook(chosen, the_month, out, resolve_data_dir(), catalog=catalog, area_id=area)
    say(
        f"wrote {escape(str(result.path))}: {escape(chosen.name)} ({chosen.ags}), month {the_month}, "
        f"{result.total} parameters ({result.known} with a known value), workbook {result.meta.workbook_id}"
    )
    if result.known == 0:
        say(f"[yellow]warning:[/] no values stored for {the_month}; the workbook shows none")


@feedback_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The workbook a city returned (.xlsx).")],
    by: Annotated[str | None, typer.Option("--by", help="Who imports it (default: login name).")] = None,
    city: Annotated[
        str | None, typer.Option("--city", help="The city that sent it; the workbook must be for it.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check only; store nothing.")] = False,
    cities_path: CitiesOption = None,
) -> None:
    """Check a returned workbook and store each correction as a pending record (all or nothing)."""
    if not file.exists():
        fail(f"{file}: no such file")
    cities = cities_or_fail(cities_path)
    expected = city_or_fail(city, cities).ags if city else None
    try:
        result = import_workbook(
            file,
            resolve_data_dir(),
            imported_by=by or _default_user(),
            cities=cities,
            expected_city=expected,
            dry_run=dry_run,
        )
    except WorkbookRejected as exc:
        fail(str(exc))
    except FeedbackError as exc:
        fail(str(exc))
    for warning in result.warnings:
        say(f"[yellow]warning:[/] {escape(warning)}")
    meta = result.meta
    verb = "would store" if dry_run else "stored"
    say(
        f"{escape(result.file)}: {escape(meta.city_name)} ({meta.city_ags}), month {meta.month}: "
        f"{verb} {len(result.added)} new correction(s)"
        + (f", {len(result.already_known)} already imported" if result.already_known else "")
        + (f", {len(result.superseded)} earlier pending record(s) superseded" if result.superseded else "")
    )
    if result.added and not dry_run:
        say(f"review them with: sci feedback review --city {meta.city_ags} --month {meta.month}")


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _records_table(records, title: str) -> Table:
    table = Table(title=title, show_lines=False)
    for col in ("id", "city", "month", "parameter", "old", "proposed", "comment", "contact", "state"):
        table.add_column(col, overflow="fold")
    for r in records.to_dict("records"):
        old = _fmt(r["old_text"]) or "-"
        old += f" ({_fmt(r['old_status']) or 'not collected'})"
        decision = r["state"]
        if r["state"] != "pending":
            decision += f" by {_fmt(r['analyst'])}" + (f": {_fmt(r['reason'])}" if _fmt(r["reason"]) else "")
        table.add_row(
            r["record_id"],
            r["city_ags"],
            r["month"],
            r["parameter_id"],
            escape(old),
            escape(_fmt(r["proposed_raw"]) or "(remark)"),
            escape(_fmt(r["comment"])[:200]),
            escape(_fmt(r["contact"])),
            escape(decision),
        )
    return table


def _apply_months(months: set[str]) -> None:
    for month in sorted(months):
        try:
            result = apply_feedback(month, resolve_data_dir())
        except (ParameterTableError, ValueError) as exc:
            fail(
                f"decision stored, but applying {month} failed: {exc}\nfix it and run `sci feedback apply --month {month}`"
            )
        say(
            f"{month}: {result.rows} accepted correction(s) in the parameter table; "
            f"re-score with `sci score --month {month}`"
        )


@feedback_app.command("review")
def review(
    record: Annotated[str | None, typer.Argument(help="Record id (or a unique prefix) to decide.")] = None,
    accept: Annotated[bool, typer.Option("--accept", help="Accept the record.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="Reject the record (needs --reason).")] = False,
    accept_all: Annotated[
        bool, typer.Option("--accept-all", help="Accept every pending record of --city (and --month).")
    ] = False,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (required to reject).")] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="The deciding analyst (default: login name).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Change an earlier decision.")] = False,
    city: Annotated[str | None, typer.Option(help="Only this city (AGS or name).")] = None,
    month: Annotated[str | None, typer.Option(help="Only this month.")] = None,
    cities_path: CitiesOption = None,
) -> None:
    """List pending corrections, or accept/reject one (accepted ones enter the table at once)."""
    the_month = _check_month(month)
    ags = city_or_fail(city, cities_or_fail(cities_path)).ags if city else None
    analyst = by or _default_user()
    if accept and reject:
        fail("choose one of --accept and --reject")
    if accept_all:
        if record or reject:
            fail("--accept-all decides every pending record of --city; do not name a record or --reject")
        if ags is None:
            fail("--accept-all needs --city")
        pending = select_records(read_records(), city_ags=ags, month=the_month, states=("pending",))
        decisions = [(rid, True) for rid in pending["record_id"]]
    elif record is not None:
        if not (accept or reject):
            fail("say --accept or --reject (with --reason)")
        decisions = [(record, accept)]
    else:
        if accept or reject:
            fail("name the record to decide (see the list without options)")
        pending = select_records(read_records(), city_ags=ags, month=the_month, states=("pending",))
        console.print(_records_table(pending, "Pending corrections"))
        say(f"{len(pending)} pending")
        return
    try:
        decided = review_records(decisions, resolve_data_dir(), analyst=analyst, reason=reason, force=force)
    except FeedbackError as exc:
        fail(str(exc))
    records = read_records()
    chosen = records[records["record_id"].isin(decided)]
    for r in chosen.to_dict("records"):
        say(f"{r['record_id']}: {r['state']} ({r['city_ags']}, {r['month']}, {r['parameter_id']})")
    if not decided:
        say("nothing to decide")
    _apply_months(set(chosen["month"]))


@feedback_app.command("list")
def list_(
    city: Annotated[str | None, typer.Option(help="Only this city (AGS or name).")] = None,
    month: Annotated[str | None, typer.Option(help="Only this month.")] = None,
    state: Annotated[str | None, typer.Option(help=f"Only this state: {', '.join(STATES)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per record.")] = False,
    cities_path: CitiesOption = None,
) -> None:
    """List feedback records in every state, with who decided and why."""
    if state is not None and state not in STATES:
        fail(f"unknown state {state!r}; one of {', '.join(STATES)}")
    ags = city_or_fail(city, cities_or_fail(cities_path)).ags if city else None
    records = select_records(
        read_records(), city_ags=ags, month=_check_month(month), states=(state,) if state else None
    )
    if as_json:
        for r in records.to_dict("records"):
            print(json.dumps({k: _json_value(v) for k, v in r.items()}, ensure_ascii=False))
        return
    console.print(_records_table(records, "Feedback records"))
    counts = records["state"].value_counts()
    say(f"{len(records)} record(s): " + ", ".join(f"{counts.get(s, 0)} {s}" for s in STATES))


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


@feedback_app.command("apply")
def apply(month: Annotated[str, typer.Option(help="Month YYYY-MM.")]) -> None:
    """Rewrite the month's feedback rows from the accepted corrections."""
    _apply_months({_check_month(month)})


def register(app: typer.Typer) -> None:
    app.add_typer(feedback_app, name="feedback")
