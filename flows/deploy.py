"""Deployments of the flows, served by ``sci schedule``.

- ``monthly-index/monthly``: the whole month, cron ``0 3 1 * *`` in Europe/Berlin (03:00 on the 1st);
  the flow's default month is the current one, so the run on the 1st collects the new month.
- ``source-<name>/<name>``: one on-demand deployment per source (no schedule). A run recomputes that
  source and what depends on it (its geo step, the month's scores), like ``sci run --only <name>``;
  parameters ``month``, ``file`` (a local file instead of the download) and ``url``.
- ``crawl-cities/crawl`` and ``score/score``: on demand.

Schedules need a Prefect server (``prefect server start --host 127.0.0.1 --port 4200``) and
``PREFECT_API_URL=http://127.0.0.1:4200/api``; ``prefect.serve`` registers the deployments and runs
their flow runs in subprocesses of the serving process, loading each flow by module path
(``flows.flows.source_<name>``), so the serving process's working directory does not matter.
"""

from __future__ import annotations

import os
from typing import Any

from flows.flows import (
    MONTHLY_CRON,
    SOURCE_FLOWS,
    TIMEZONE,
    crawl_cities,
    monthly_index,
    score_flow,
)

MONTHLY_DEPLOYMENT = "monthly"
TAGS = ["smartcity-index"]


class NoPrefectServer(RuntimeError):
    pass


def require_api_url() -> str:
    """The configured Prefect API URL, or an error saying how to start a server and set it."""
    url = os.environ.get("PREFECT_API_URL", "").strip()
    if not url:
        from prefect.settings import PREFECT_API_URL

        url = (PREFECT_API_URL.value() or "").strip()
    if not url:
        raise NoPrefectServer(
            "schedules need a Prefect server: start one with `prefect server start --host 127.0.0.1 "
            "--port 4200` and set PREFECT_API_URL=http://127.0.0.1:4200/api (see docs/flows.md)"
        )
    return url


def build_deployments(
    *,
    sources: list[str] | None = None,
    data_dir: str | None = None,
    monthly_parameters: dict[str, Any] | None = None,
    paused: bool = False,
) -> list[Any]:
    """The RunnerDeployments: the monthly schedule, one per source, the crawl and score on demand."""
    from prefect.schedules import Cron
    from prefect.types.entrypoint import EntrypointType

    common = {"entrypoint_type": EntrypointType.MODULE_PATH, "tags": TAGS}
    base_params = {"data_dir": data_dir} if data_dir else {}
    deployments = [
        monthly_index.to_deployment(
            name=MONTHLY_DEPLOYMENT,
            schedules=[Cron(MONTHLY_CRON, timezone=TIMEZONE.key)],
            parameters={**base_params, **(monthly_parameters or {})},
            description="The whole monthly index for the current month (Europe/Berlin).",
            paused=paused,
            **common,
        )
    ]
    for name in sources or list(SOURCE_FLOWS):
        deployments.append(
            SOURCE_FLOWS[name].to_deployment(
                name=name,
                parameters=dict(base_params),
                description=f"Re-collect {name} for a month (and its geo step and the month's scores).",
                **common,
            )
        )
    deployments.append(crawl_cities.to_deployment(name="crawl", parameters=dict(base_params), **common))
    deployments.append(score_flow.to_deployment(name="score", parameters=dict(base_params), **common))
    return deployments


def serve_deployments(
    *,
    sources: list[str] | None = None,
    data_dir: str | None = None,
    limit: int | None = None,
    pause_on_shutdown: bool = True,
    monthly_parameters: dict[str, Any] | None = None,
) -> None:
    """Register the deployments with the server and run their flow runs until interrupted."""
    from prefect import serve

    require_api_url()
    deployments = build_deployments(sources=sources, data_dir=data_dir, monthly_parameters=monthly_parameters)
    serve(*deployments, limit=limit, pause_on_shutdown=pause_on_shutdown, print_starting_message=True)
