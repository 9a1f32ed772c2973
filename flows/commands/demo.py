"""``sci demo``: run the whole monthly job on the built-in demo world (no network, two months)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from flows.console import console, fail

AREA_SHORT = {
    "verwaltung": "Verw",
    "it_kommunikation": "IT",
    "energie_umwelt": "Umw",
    "mobilitaet": "Mob",
    "gesellschaft": "Ges",
}


def _trend(trend: int | None) -> str:
    if trend is None:
        return "neu"
    if trend == 0:
        return "→ 0"
    arrow = ("↑" if trend >= 6 else "↗") if trend > 0 else ("↓" if trend <= -6 else "↘")
    return f"{arrow} {trend:+d}"


def ranking_table(rows: list[dict], month: str) -> Table:
    """The ranking as the report prints it: rank, trend, city, index and area scores, coverage."""
    table = Table(
        title=f"Smart City Index {month} (demo world)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        caption="Verw Verwaltung · IT IT und Kommunikation · Umw Energie und Umwelt · Mob Mobilität · "
        "Ges Gesellschaft · Abd Abdeckung (share of parameters known)",
        caption_justify="left",
    )
    for col in ("Rang", "Trend", "Stadt", "Index", *AREA_SHORT.values(), "Abd"):
        left = col in ("Stadt", "Trend")
        table.add_column(col, justify="left" if left else "right", no_wrap=True)
    for row in rows:
        table.add_row(
            str(row["rank"]),
            _trend(row["trend"]),
            escape(row["name"]),
            f"{row['score']:.1f}".replace(".", ","),
            *[f"{row['areas'].get(a, 0):.1f}".replace(".", ",") for a in AREA_SHORT],
            f"{row['coverage'] * 100:.0f} %" if row["coverage"] is not None else "–",
        )
    return table


def demo(
    data_dir: Annotated[
        Path,
        typer.Option("--data-dir", help="Where the demo world and its outputs go (default ./.sci/demo)."),
    ] = Path(".sci") / "demo",
    skip_crawl: Annotated[bool, typer.Option("--skip-crawl", help="Leave out the website crawl.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's log lines.")] = False,
) -> None:
    """Generate the demo world (8 fictional cities, their websites and source files) and run two months."""
    from flows.demo import world
    from flows.demo.runner import ranking, run_demo
    from flows.flows import plan_run, quiet_prefect_logs
    from flows.runs import MonthLocked

    steps_per_month = 0
    plan = plan_run(None, skip_crawl=skip_crawl)
    steps_per_month = (
        len(plan.sources) + len(plan.geo) + int(plan.crawl) + int(plan.research) + int(plan.score)
    )
    console.print(
        f"[bold]Demo world[/]: {len(world.CITIES)} fictional cities of {world.STATE} (AGS 17xxxxxx), "
        f"months {', '.join(world.DEMO_MONTHS)}; data dir {escape(str(data_dir.resolve()))}"
    )
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )
    month_tasks = {m: progress.add_task(f"{m}: waiting", total=steps_per_month) for m in world.DEMO_MONTHS}
    state = {"month_index": 0}

    def on_progress(event: str, what: str) -> None:
        month = world.DEMO_MONTHS[min(state["month_index"], len(world.DEMO_MONTHS) - 1)]
        task_id = month_tasks[month]
        if event == "start":
            progress.update(task_id, description=f"{month}: {what}")
        elif event == "done":
            progress.advance(task_id)
            if what == "score":
                progress.update(task_id, description=f"{month}: done")
                state["month_index"] += 1

    try:
        with progress, quiet_prefect_logs(not verbose):
            result = run_demo(data_dir, crawl=not skip_crawl, progress=on_progress)
    except MonthLocked as exc:
        fail(str(exc))
    for record in result.records:
        failed = [
            f"{s['kind']} {s['name']}: {s['error']}" for s in record["steps"] if s["status"] == "failed"
        ]
        failed_cities = sorted(
            ags
            for ags, steps in (record.get("cities") or {}).items()
            if any(info.get("status") == "failed" for info in steps.values())
        )
        line = f"{record['month']}: run {record['run_id']} {record['status']}"
        if failed_cities:
            line += f" (website not reachable: {', '.join(failed_cities)})"
        console.print(line)
        for item in failed:
            console.print(f"  [yellow]{escape(item[:300])}[/]")
    month = result.last_month
    rows = ranking(result.data_dir, month)
    if not rows:
        fail(f"no scores for {month}: see the run records in {result.data_dir / 'runs'}")
    console.print(ranking_table(rows, month))
    report = result.report_index()
    console.print(
        f"data:    {escape(str(result.data_dir))}  (parameters/, evidence/, scores/, runs/, world/)"
    )
    if report is not None:
        console.print(f"report:  {escape(str(report))}")
    console.print(f"took {result.seconds:.0f} s · runs: `sci --data-dir {escape(str(data_dir))} runs`")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
