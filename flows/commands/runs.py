"""``sci runs`` (the run records) and ``sci status`` (what a month holds, per source, and how fresh)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import pyarrow.parquet as pq
import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from flows.console import console, fail
from flows.runs import effective_status, list_run_records, lock_holder, run_record_path
from normalize.storage import list_months, month_dir, resolve_data_dir, scores_path
from normalize.table import check_month

STYLE = {
    "ok": "green",
    "partial": "yellow",
    "failed": "red",
    "interrupted": "red",
    "running": "cyan",
    "skipped": "dim",
    "missing": "red",
}


def _styled(status: str) -> str:
    return f"[{STYLE.get(status, '')}]{status}[/]" if STYLE.get(status) else status


def _age(iso: str | None, now: datetime | None = None) -> str:
    """``3d``, ``5h``, ``12m`` since an ISO timestamp (or a date)."""
    if not iso:
        return "–"
    try:
        then = datetime.fromisoformat(str(iso).replace("Z", "+00:00"))
    except ValueError:
        return "–"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = max(((now or datetime.now(UTC)) - then).total_seconds(), 0)
    if seconds >= 86400:
        return f"{seconds / 86400:.0f}d"
    if seconds >= 3600:
        return f"{seconds / 3600:.0f}h"
    return f"{seconds / 60:.0f}m"


def runs(
    run_id: Annotated[str | None, typer.Argument(help="Show this run's full record (JSON).")] = None,
    month: Annotated[str | None, typer.Option(help="Only runs of this month (YYYY-MM).")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many runs (newest first).")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per run.")] = False,
) -> None:
    """List the run records (newest first), or show one run in full."""
    data_dir = resolve_data_dir()
    if run_id is not None:
        try:
            path = run_record_path(data_dir, run_id)
        except ValueError as exc:
            fail(str(exc))
        if not path.is_file():
            matches = [
                r
                for r in list_run_records(data_dir)
                if str(r.get("run_id", "")).startswith(run_id) or str(r.get("run_id", "")).endswith(run_id)
            ]
            if len(matches) != 1:
                fail(
                    f"no run record {run_id!r} in {data_dir / 'runs'}"
                    + (" (ambiguous prefix)" if matches else "")
                )
            path = run_record_path(data_dir, matches[0]["run_id"])
        record = json.loads(path.read_text(encoding="utf-8"))
        record["status"] = effective_status(record, data_dir)
        print(json.dumps(record, indent=2, ensure_ascii=False))
        return
    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            fail(str(exc))
    records = list_run_records(data_dir, month)[:limit]
    if as_json:
        for record in records:
            print(json.dumps(_run_summary(record, data_dir), ensure_ascii=False))
        return
    if not records:
        console.print(f"no run records in {escape(str(data_dir / 'runs'))}")
        return
    table = Table(title=f"Runs in {escape(str(data_dir))}", title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("run id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("month", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("took", justify="right", no_wrap=True)
    table.add_column("ok/fail/skip", justify="right", no_wrap=True)
    table.add_column("failed", overflow="fold")
    for record in records:
        s = _run_summary(record, data_dir)
        table.add_row(
            s["run_id"],
            "monthly" if s["kind"] == "monthly-index" else s["kind"],
            s["month"] or "",
            _styled(s["status"]),
            f"{s['duration_s']:.0f}s" if s["duration_s"] is not None else "–",
            f"{s['steps_ok']}/{s['steps_failed']}/{s['steps_skipped']}",
            escape(", ".join(s["failed"])[:120]),
        )
    console.print(table)


def _run_summary(record: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    steps = record.get("steps", [])
    failed = [f"{s['kind']} {s['name']}" for s in steps if s.get("status") == "failed"]
    for ags, per_step in (record.get("cities") or {}).items():
        if any(info.get("status") == "failed" for info in per_step.values()):
            failed.append(f"city {ags}")
    return {
        "run_id": record.get("run_id"),
        "kind": record.get("kind", "?"),
        "month": record.get("month"),
        "status": effective_status(record, data_dir),
        "started_at": record.get("started_at"),
        "ended_at": record.get("ended_at"),
        "duration_s": record.get("duration_s"),
        "steps_ok": sum(s.get("status") == "ok" for s in steps),
        "steps_failed": sum(s.get("status") == "failed" for s in steps),
        "steps_skipped": sum(s.get("status") == "skipped" for s in steps),
        "failed": failed,
        "code_version": record.get("code_version"),
    }


# --- status ----------------------------------------------------------------------------------------


def _parquet_rows(path: Path) -> int | None:
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except Exception:
        return None


def _snapshot_info(data_dir: Path, source: str, month: str) -> dict[str, Any] | None:
    """The raw snapshot behind the month's parsed table of ``source`` (its meta), else the latest."""
    meta = None
    try:
        from sources.tables import read_table_meta

        meta = read_table_meta(source, month, data_dir)
    except (ImportError, OSError, ValueError):
        meta = None
    if meta and meta.get("snapshot_sha256"):
        return {
            "sha256": meta.get("snapshot_sha256"),
            "fetched_at": meta.get("fetched_at"),
            "url": meta.get("url"),
            "edition": meta.get("edition"),
            "rows": meta.get("rows"),
            "of_month": True,
        }
    pointer = data_dir / "raw" / source / "latest.json"
    if not pointer.is_file():
        return None
    try:
        latest = json.loads(pointer.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return {
        "sha256": latest.get("sha256"),
        "fetched_at": latest.get("checked_at"),
        "url": latest.get("url"),
        "of_month": False,
    }


def _last_steps(
    records: list[dict[str, Any]],
) -> dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]]:
    """(kind, name) -> (newest step, its run record) over the given records (newest first)."""
    out: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
    for record in records:
        for step in record.get("steps", []):
            key = (step.get("kind"), step.get("name"))
            if key not in out and step.get("status") != "skipped":
                out[key] = (step, record)
    return out


def month_status(data_dir: Path, month: str) -> list[dict[str, Any]]:
    """One row per producer (every known source, plus whatever else wrote parameters this month)."""
    from flows.flows import point_sources, source_names

    names = source_names()
    points = set(point_sources(names))
    param_dir = month_dir(data_dir, "parameters", month)
    present = (
        sorted(p.stem for p in param_dir.glob("*.parquet") if not p.name.startswith("."))
        if param_dir.is_dir()
        else []
    )
    producers = names + [p for p in present if p not in names]
    last = _last_steps(list_run_records(data_dir, month))
    rows = []
    for name in producers:
        path = param_dir / f"{name}.parquet"
        rows_count = _parquet_rows(path) if path.is_file() else None
        written = datetime.fromtimestamp(path.stat().st_mtime, UTC).isoformat() if path.is_file() else None
        step_key = ("geo", name) if name in points else ("source", name)
        if name not in names:
            step_key = (
                ("crawl", "cities")
                if (("crawl", "cities") in last and name not in ("research", "feedback"))
                else ("research", name)
            )
        step, record = last.get(step_key, (None, None))
        source_step = last.get(("source", name), (None, None))[0] if name in points else None
        snap = _snapshot_info(data_dir, name, month) if name in names else None
        table_dir = data_dir / "sources" / name / f"month={month}"
        rows.append(
            {
                "producer": name,
                "kind": "points" if name in points else ("source" if name in names else "other"),
                "parameter_rows": rows_count,
                "parameters_written_at": written,
                "parsed_table": table_dir.is_dir()
                and any(not p.name.startswith(".") for p in table_dir.iterdir()),
                "last_run": record.get("run_id") if record else None,
                "last_status": step.get("status") if step else None,
                "last_error": step.get("error") if step else None,
                "source_status": source_step.get("status") if source_step else None,
                "snapshot": snap,
            }
        )
    return rows


def status(
    month: Annotated[str | None, typer.Option(help="YYYY-MM (default: the latest month with data).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per producer.")] = False,
) -> None:
    """What a month holds per source (rows, snapshot, last run) and how fresh it is."""
    data_dir = resolve_data_dir()
    if month is None:
        months = list_months(data_dir, "parameters")
        if not months:
            from flows.flows import current_month

            month = current_month()
        else:
            month = months[-1]
    try:
        check_month(month)
    except ValueError as exc:
        fail(str(exc))
    rows = month_status(data_dir, month)
    holder = lock_holder(data_dir, month)
    score_file = scores_path(data_dir, month)
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False, default=str))
        return
    table = Table(
        title=f"Month {month} in {escape(str(data_dir))}", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("producer", no_wrap=True)
    table.add_column("rows", justify="right", no_wrap=True)
    table.add_column("written", no_wrap=True)
    table.add_column("snapshot", no_wrap=True)
    table.add_column("fetched", no_wrap=True)
    table.add_column("last run", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("error", overflow="fold")
    for row in rows:
        snap = row["snapshot"] or {}
        last_status = row["last_status"] or ("missing" if row["parameter_rows"] is None else "–")
        table.add_row(
            row["producer"],
            "–" if row["parameter_rows"] is None else f"{row['parameter_rows']:,}",
            _age(row["parameters_written_at"]) + (" ago" if row["parameters_written_at"] else ""),
            (snap.get("sha256") or "–")[:8],
            (snap.get("fetched_at") or "–")[:10],
            ("…" + row["last_run"][-6:]) if row["last_run"] else "–",
            _styled(last_status),
            escape((row["last_error"] or "")[:100]),
        )
    console.print(table)
    if score_file.is_file():
        written = datetime.fromtimestamp(score_file.stat().st_mtime, UTC).isoformat()
        console.print(
            f"scores: {_parquet_rows(score_file):,} rows, written {_age(written)} ago ({escape(str(score_file))})"
        )
    else:
        console.print("scores: [red]none[/] for this month (run `sci run` or `sci score`)")
    if holder is not None:
        console.print(
            f"[cyan]locked[/]: run {holder.get('run_id', '?')} (pid {holder.get('pid', '?')}) is writing this month"
        )


def register(app: typer.Typer) -> None:
    app.command("runs")(runs)
    app.command("status")(status)
