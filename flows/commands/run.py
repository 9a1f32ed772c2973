"""``sci run``: collect, match, crawl and score one month (or only some sources) through the flows."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table

from flows.console import console, err_console, fail
from normalize.storage import resolve_data_dir
from normalize.table import check_month

STATUS_STYLE = {"ok": "green", "partial": "yellow", "failed": "red", "skipped": "dim", "running": "cyan"}


def parse_inputs(files: list[str] | None, urls: list[str] | None) -> dict[str, str]:
    """``SOURCE=PATH`` (``--file``) and ``SOURCE=URL`` (``--url``) options as one mapping."""
    inputs: dict[str, str] = {}
    for option, items in (("--file", files or []), ("--url", urls or [])):
        for item in items:
            name, sep, value = item.partition("=")
            if not sep or not name.strip() or not value.strip():
                raise ValueError(
                    f"{option} {item!r}: expected SOURCE={'PATH' if option == '--file' else 'URL'}"
                )
            value = value.strip()
            if option == "--file":
                path = Path(value).expanduser()
                if not path.exists():
                    raise ValueError(f"{option} {item!r}: {path} does not exist")
                value = str(path.resolve())
            elif not value.lower().startswith(("http://", "https://")):
                raise ValueError(f"{option} {item!r}: not an http(s) URL")
            if name.strip() in inputs:
                raise ValueError(f"{name.strip()}: given twice (--file/--url)")
            inputs[name.strip()] = value
    return inputs


def print_record(record: dict[str, Any]) -> None:
    """The outcome of a run: one line per step, failed cities, where the record is."""
    table = Table(
        title=f"run {record['run_id']} · {record['month']}", title_justify="left", box=box.SIMPLE_HEAD
    )
    table.add_column("step", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("counts", overflow="fold")
    table.add_column("error", overflow="fold")
    skipped: dict[str, list[str]] = {}
    for step in record.get("steps", []):
        if step["status"] == "skipped":
            skipped.setdefault(step.get("error") or "skipped", []).append(f"{step['kind']} {step['name']}")
            continue
        style = STATUS_STYLE.get(step["status"], "")
        counts = ", ".join(f"{k} {v}" for k, v in list((step.get("counts") or {}).items())[:4])
        table.add_row(
            f"{step['kind']} {step['name']}",
            f"[{style}]{step['status']}[/]",
            f"{step.get('duration_s', 0):.1f}s",
            escape(counts),
            escape((step.get("error") or "")[:300]),
        )
    console.print(table)
    for why, steps in skipped.items():
        console.print(f"[dim]skipped ({escape(why)}): {escape(', '.join(steps))}[/]")
    failed_cities = {
        ags: [name for name, info in steps.items() if info.get("status") == "failed"]
        for ags, steps in (record.get("cities") or {}).items()
    }
    failed_cities = {ags: names for ags, names in failed_cities.items() if names}
    if failed_cities:
        console.print(
            f"[yellow]{len(failed_cities)} city/cities failed:[/] " + ", ".join(sorted(failed_cities))
        )
    style = STATUS_STYLE.get(record["status"], "")
    console.print(
        f"run [bold]{record['run_id']}[/] of {record['month']}: [{style}]{record['status']}[/] "
        f"in {record.get('duration_s') or 0:.1f}s · record: {escape(str(_record_path(record)))}"
    )


def _record_path(record: dict[str, Any]) -> Path:
    from flows.runs import run_record_path

    return run_record_path(resolve_data_dir(), record["run_id"])


@contextlib.contextmanager
def cli_hooks(show_progress: bool = True, verbose: bool = False):
    """Progress lines and the "waiting for the lock" notice while a flow runs in this process;
    Prefect's own log lines only with ``verbose``."""
    import flows.flows as flows_module

    def progress(event: str, what: str) -> None:
        if show_progress and event == "start":
            console.print(f"[dim]… {escape(what)}[/]")

    def waiting(holder: dict[str, Any] | None) -> None:
        who = f"run {holder.get('run_id')} (pid {holder.get('pid')})" if holder else "another process"
        err_console.print(f"month is locked by {escape(who)}; waiting for it to finish …")

    old = flows_module.PROGRESS_HOOK, flows_module.WAIT_HOOK
    flows_module.PROGRESS_HOOK, flows_module.WAIT_HOOK = progress, waiting
    try:
        with flows_module.quiet_prefect_logs(not verbose), flows_module.in_process_run_settings():
            yield
    finally:
        flows_module.PROGRESS_HOOK, flows_module.WAIT_HOOK = old


def run(
    month: Annotated[
        str | None, typer.Option(help="Month YYYY-MM (default: the current month in Europe/Berlin).")
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Re-run only this source (repeatable) and what depends on it (its geo step, the "
            "month's scores); also 'crawl' or 'research'. Other sources' files stay untouched.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any source, step or city failed.")] = False,
    skip_crawl: Annotated[bool, typer.Option("--skip-crawl", help="Do not crawl the city websites.")] = False,
    city: Annotated[
        list[str] | None, typer.Option("--city", help="Crawl only this city (name or AGS; repeatable).")
    ] = None,
    file: Annotated[
        list[str] | None,
        typer.Option("--file", help="SOURCE=PATH: use a local file instead of downloading (repeatable)."),
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url", help="SOURCE=URL: download from this URL instead of the publisher's (repeatable)."
        ),
    ] = None,
    cities_file: Annotated[
        Path | None, typer.Option("--cities", help="Another city registry CSV (default data/cities.csv).")
    ] = None,
    max_pages: Annotated[int | None, typer.Option(help="Crawl budget: pages per city.")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Geo steps: count only points commissioned on or before this date.")
    ] = None,
    wait: Annotated[
        bool, typer.Option(help="If another run holds the month, wait for it instead of exiting.")
    ] = False,
    wait_timeout: Annotated[
        float | None, typer.Option(help="With --wait: give up after this many seconds.")
    ] = None,
    offline: Annotated[
        bool, typer.Option(help="Never download: sources without a --file/--url are skipped.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's log lines.")] = False,
) -> None:
    """Run the monthly flow for one month: sources, geo-matching, crawl, research, scores."""
    from flows.flows import PlanError, StrictRunFailed, monthly_index
    from flows.runs import MonthLocked

    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            fail(str(exc))
    try:
        inputs = parse_inputs(file, url)
    except ValueError as exc:
        fail(str(exc))
    if cities_file is not None and not cities_file.is_file():
        fail(f"--cities {cities_file}: no such file")
    data_dir = resolve_data_dir()
    try:
        with cli_hooks(verbose=verbose):
            record = monthly_index(
                month=month,
                only=only or None,
                skip_crawl=skip_crawl,
                strict=False,
                cities=city or None,
                inputs=inputs,
                data_dir=str(data_dir),
                cities_file=str(cities_file.resolve()) if cities_file else None,
                max_pages=max_pages,
                as_of=as_of,
                wait=wait,
                wait_timeout=wait_timeout,
                offline=offline,
            )
    except MonthLocked as exc:
        fail(str(exc))
    except (PlanError, StrictRunFailed, ValueError) as exc:
        fail(str(exc))
    print_record(record)
    if strict and record["status"] != "ok":
        fail(f"--strict: run {record['run_id']} ended {record['status']}")


def register(app: typer.Typer) -> None:
    app.command("run")(run)
