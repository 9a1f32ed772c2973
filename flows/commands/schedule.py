"""``sci schedule``: serve the deployments (monthly schedule + one on-demand deployment per source)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from flows.console import console, fail
from normalize.storage import resolve_data_dir


def schedule(
    source: Annotated[
        list[str] | None,
        typer.Option("--source", help="Only these sources get an on-demand deployment (default: all)."),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Run at most this many flow runs at once.")] = None,
    keep_schedule: Annotated[
        bool,
        typer.Option(
            "--keep-schedule/--pause-on-exit",
            help="When serving stops, keep the monthly schedule active (default: pause it, as Prefect does).",
        ),
    ] = False,
    skip_crawl: Annotated[
        bool, typer.Option("--skip-crawl", help="The monthly run skips the crawl.")
    ] = False,
) -> None:
    """Serve the flows: monthly-index at 03:00 on the 1st (Europe/Berlin) and a deployment per source.

    Needs a Prefect server: `prefect server start --host 127.0.0.1 --port 4200` and
    PREFECT_API_URL=http://127.0.0.1:4200/api. Stop with Ctrl-C.
    """
    from flows.deploy import NoPrefectServer, require_api_url, serve_deployments
    from flows.flows import MONTHLY_CRON, SOURCE_FLOWS, TIMEZONE

    try:
        api = require_api_url()
    except NoPrefectServer as exc:
        fail(str(exc))
    unknown = sorted(set(source or []) - set(SOURCE_FLOWS))
    if unknown:
        fail(f"unknown source(s) {', '.join(unknown)}; known: {', '.join(SOURCE_FLOWS)}")
    data_dir = str(resolve_data_dir().resolve())
    console.print(
        f"serving on {escape(api)}: monthly-index/monthly ({MONTHLY_CRON}, {TIMEZONE.key}), "
        f"{len(source or SOURCE_FLOWS)} source deployments; data dir {escape(data_dir)}"
    )
    serve_deployments(
        sources=source or None,
        data_dir=data_dir,
        limit=limit,
        pause_on_shutdown=not keep_schedule,
        monthly_parameters={"skip_crawl": True} if skip_crawl else None,
    )


def register(app: typer.Typer) -> None:
    app.command("schedule")(schedule)
