"""``sci report``: the static HTML site (overview with rankings, one page per city).

The site opens from disk with no network: inline CSS, inline SVG maps and charts, no scripts. It is
built into a hidden temp directory next to the target and renamed into place, so a reader never sees
a half-written report and a failed build keeps the previous one.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flows.report.chart import Series, render_chart
from flows.report.data import (
    Boundaries,
    PointSet,
    Problems,
    read_boundaries,
    read_matched_points,
    read_scores,
    score_history,
)
from flows.report.html import Markup
from flows.report.pages import city_page, overview_page
from flows.report.svgmap import PointLayer, render_map
from normalize.catalog import Catalog, load_catalog
from normalize.cities import City, load_cities
from normalize.inspect import city_view, prepare_month
from normalize.storage import list_months, read_evidence, read_parameters, resolve_data_dir

MARKER_FILE = ".sci-report.json"
AREA_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#e377c2")


class ReportError(RuntimeError):
    """The report cannot be built (nothing to show, or the target is not a report directory)."""


@dataclass
class ReportResult:
    out_dir: Path
    month: str
    cities: list[str]
    maps: int
    charts: int
    problems: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.cities) + 1


def default_out_dir(data_dir: Path, month: str) -> Path:
    return Path(data_dir) / "report" / f"month={month}"


def latest_month(data_dir: Path) -> str | None:
    months = set(list_months(data_dir, "parameters")) | set(list_months(data_dir, "scores"))
    return max(months) if months else None


# --- per-city pieces -----------------------------------------------------------------------------------


def city_map(
    ags: str,
    name: str,
    boundaries: Boundaries | None,
    point_sets: list[PointSet],
    month: str,
    boundaries_unreadable: bool = False,
) -> tuple[Markup | None, list[tuple[str, str, int, str | None]], str | None]:
    """The city's SVG map, its legend (label, colour, count, as-of month) and a note on what is missing."""
    notes = []
    geometry = boundaries.geometries.get(ags) if boundaries else None
    if boundaries is None and boundaries_unreadable:
        notes.append("No boundary: the boundaries file could not be read (see the overview page).")
    elif boundaries is None:
        notes.append(
            f"No boundary: the data dir has no boundaries for {month} or earlier "
            "(sources/boundaries/month=…/boundaries.parquet)."
        )
    elif geometry is None:
        notes.append(f"No boundary: the boundaries of {boundaries.month} have no polygon for AGS {ags}.")
    elif boundaries.month != month:
        notes.append(f"Boundary as of {boundaries.month}.")
    layers, legend = [], []
    for ps in point_sets:
        rows = ps.frame[ps.frame["city_ags"] == ags]
        layer = PointLayer(
            key=ps.source,
            label=ps.label,
            color=ps.color,
            points=[
                (float(x), float(y), str(t))
                for x, y, t in zip(rows["x"], rows["y"], rows["tip"], strict=True)
            ],
        )
        layers.append(layer)
        legend.append((ps.label, ps.color, len(layer.points), ps.month if ps.month != month else None))
    if not point_sets:
        notes.append("No matched points (charging stations, gateways) in the data dir for this month.")
    if geometry is None and not any(layer.points for layer in layers):
        return None, [], " ".join(notes + ["No map."])
    svg = render_map(geometry, layers, title=f"{name}: boundary and matched points")
    return svg, legend, " ".join(notes) or None


def city_chart(
    ags: str, name: str, history: dict[str, dict[tuple[str, str], float | None]], catalog: Catalog
) -> tuple[Markup | None, list[tuple[str, str]], str | None]:
    months = sorted(history)
    if not months:
        return None, [], "No scores in the data dir yet."
    series = [Series(key="overall", label="Overall", color="#111111", emphasis=True)]
    series += [
        Series(key=a.id, label=a.name, color=AREA_COLORS[i % len(AREA_COLORS)])
        for i, a in enumerate(catalog.areas)
    ]
    for s in series:
        s.values = {m: history[m].get((ags, s.key)) for m in months}
    if not any(v is not None for s in series for v in s.values.values()):
        return None, [], "No scores for this city in the data dir."
    svg = render_chart(months, series, title=f"{name}: scores over time")
    note = "Only one month of scores so far." if len(months) == 1 else None
    return svg, [(s.label, s.color) for s in series], note


def _score_lookup(history_frames) -> dict[str, dict[tuple[str, str], float | None]]:
    out = {}
    for month, df in history_frames.items():
        part = df[df["level"].isin(["overall", "area"])]
        lookup = {}
        for ags, sid, score in zip(part["city_ags"], part["id"], part["score"], strict=True):
            value = None if score is None or score != score else float(score)
            lookup[(str(ags), str(sid))] = value
        out[month] = lookup
    return out


# --- writing -----------------------------------------------------------------------------------------


def _is_report_dir(path: Path) -> bool:
    return path.is_dir() and ((path / MARKER_FILE).is_file() or not any(path.iterdir()))


def _clean_stale_builds(out_dir: Path) -> None:
    for stale in out_dir.parent.glob(f".{out_dir.name}.*"):
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


def _swap_into_place(built: Path, out_dir: Path) -> None:
    """Rename the finished build over ``out_dir``; the old report is removed only afterwards."""
    if out_dir.exists():
        old = out_dir.parent / f".{out_dir.name}.old-{secrets.token_hex(4)}"
        os.replace(out_dir, old)
        try:
            os.replace(built, out_dir)
        except OSError:
            os.replace(old, out_dir)
            raise
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(built, out_dir)


def build_report(
    *,
    month: str | None = None,
    out_dir: Path | str | None = None,
    data_dir: Path | str | None = None,
    catalog: Catalog | None = None,
    cities: list[City] | None = None,
    now: datetime | None = None,
) -> ReportResult:
    """Build the site for ``month`` (default: the latest in the data dir) and return what was written."""
    data_dir = resolve_data_dir(data_dir)
    catalog = catalog or load_catalog()
    month = month or latest_month(data_dir)
    if month is None:
        raise ReportError(f"nothing to report: {data_dir} has no parameter table and no scores")
    out = Path(out_dir) if out_dir else default_out_dir(data_dir, month)
    if out.exists() and not _is_report_dir(out):
        raise ReportError(
            f"refusing to replace {out}: it is not empty and not a report built by `sci report`"
        )

    problems = Problems()
    # The chart of a month's report ends at that month (a later month's scores are not its history).
    history_frames = {m: df for m, df in score_history(data_dir, problems).items() if m <= month}
    scores = history_frames.get(month)
    if scores is None:
        scores = read_scores(data_dir, month, problems)
    ctx = prepare_month(
        month, read_parameters(month, data_dir), read_evidence(month, data_dir), scores, catalog
    )
    if not ctx.cities:
        raise ReportError(f"nothing to report for {month} in {data_dir}: no parameter rows and no scores")
    registry = {c.ags: c for c in (cities if cities is not None else load_cities())}
    names = {ags: registry[ags].name if ags in registry else ags for ags in ctx.cities}
    n_problems = len(problems.messages)
    boundaries = read_boundaries(data_dir, month, problems)
    boundaries_unreadable = boundaries is None and len(problems.messages) > n_problems
    point_sets = read_matched_points(data_dir, month, problems)
    history = _score_lookup(history_frames)
    scored = set(scores["city_ags"].astype(str)) if not scores.empty else set()
    n_ranked = len(scores[scores["level"] == "overall"]) if not scores.empty else 0
    generated_at = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")

    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale_builds(out)
    build = out.parent / f".{out.name}.tmp-{secrets.token_hex(4)}"
    (build / "cities").mkdir(parents=True)
    maps = charts = 0
    try:
        for ags in ctx.cities:
            city = registry.get(ags)
            view = city_view(ctx, ags, city_name=names[ags], state=city.state if city else None)
            map_svg, map_legend, map_note = city_map(
                ags, names[ags], boundaries, point_sets, month, boundaries_unreadable
            )
            chart_svg, chart_legend, chart_note = city_chart(ags, names[ags], history, catalog)
            maps += map_svg is not None
            charts += chart_svg is not None
            page = city_page(
                view,
                catalog=catalog,
                city_info=city.__dict__ if city else {},
                map_svg=map_svg,
                map_legend=map_legend,
                map_note=map_note,
                chart_svg=chart_svg,
                chart_legend=chart_legend,
                chart_note=chart_note,
                n_cities=n_ranked,
            )
            (build / "cities" / f"{ags}.html").write_text(page, encoding="utf-8")
        (build / "index.html").write_text(
            overview_page(
                month=month,
                catalog=catalog,
                scores=scores,
                names=names,
                cities_without_scores=[a for a in ctx.cities if a not in scored],
                months=sorted(history_frames),
                problems=problems.messages,
                generated_at=generated_at,
            ),
            encoding="utf-8",
        )
        (build / MARKER_FILE).write_text(
            json.dumps({"month": month, "generated_at": generated_at, "cities": len(ctx.cities)}) + "\n",
            encoding="utf-8",
        )
        os.chmod(build, 0o755)
        _swap_into_place(build, out)
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(build)
    return ReportResult(
        out_dir=out,
        month=month,
        cities=list(ctx.cities),
        maps=maps,
        charts=charts,
        problems=problems.messages,
    )
