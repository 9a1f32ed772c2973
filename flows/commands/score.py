"""``sci score`` and ``sci ranking``: compute the index from the parameter table and print rankings.

The arithmetic is :mod:`normalize.scoring`; this module reads and writes files and formats output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from rich.markup import escape
from rich.table import Table

from flows.console import console, err_console, fail
from normalize.catalog import Catalog, CatalogError, load_catalog
from normalize.cities import CityRegistryError, load_cities
from normalize.precedence import resolve
from normalize.scoring import ScoringError, score_parameters
from normalize.storage import (
    atomic_write_parquet,
    list_months,
    read_parameters,
    read_parquet_plain,
    resolve_data_dir,
    scores_path,
)
from normalize.table import check_month, next_month, previous_month

# Trend arrows as in the report (2021): +1..+5 ↗, +6 and more ↑, 0 →, -1..-5 ↘, -6 and less ↓.
# The report shows ↗ +5 and ↑ +6 (rises), ↘ -3 and ↓ -6 (falls): a "big" move is 6 places or more.
BIG_MOVE = 6
# Columns of a full parameter table that let precedence pick one row per (month, city, parameter).
PRECEDENCE_COLUMNS = ("month", "method", "source", "collected_at", "value")


def trend_label(trend: int | None, has_previous: bool = True) -> str:
    """``↗ +5``, ``↑ +6``, ``→ 0``, ``↘ -1``, ``↓ -8``; ``neu`` for a city new in the ranking."""
    if trend is None or pd.isna(trend):
        return "neu" if has_previous else "–"
    trend = int(trend)
    if trend == 0:
        return "→ 0"
    arrows = {(True, True): "↑", (True, False): "↗", (False, True): "↓", (False, False): "↘"}
    arrow = arrows[(trend > 0, abs(trend) >= BIG_MOVE)]
    return f"{arrow} {trend:+d}"


def format_score(score: float | None) -> str:
    """One decimal with a decimal comma, as the report prints it: ``88,1``."""
    if score is None or pd.isna(score):
        return "–"
    return f"{float(score):.1f}".replace(".", ",")


def read_table_file(path: Path, what: str) -> pd.DataFrame:
    """A parquet (or CSV) file as a DataFrame, or a ScoringError naming the file."""
    if not path.is_file():
        raise ScoringError(f"{path}: no such {what} file")
    try:
        if path.suffix.lower() == ".csv":
            # AGS and ids stay text: a leading zero is part of the AGS.
            text_columns = ("month", "city_ags", "parameter_id", "status", "level", "id")
            return pd.read_csv(path, dtype=dict.fromkeys(text_columns, str))
        return read_parquet_plain(path)
    except Exception as exc:  # any reader failure becomes one clear message naming the file
        raise ScoringError(f"{path}: cannot read the {what} file ({type(exc).__name__}: {exc})") from None


def winning_rows(table: pd.DataFrame) -> pd.DataFrame:
    """One row per (month, city, parameter): precedence when the table has the columns for it."""
    if all(c in table.columns for c in PRECEDENCE_COLUMNS) and not table.empty:
        return resolve(table).drop(columns=["overrides"])
    return table


def _read_or_fail(path: Path, what: str) -> pd.DataFrame:
    try:
        return read_table_file(path, what)
    except ScoringError as exc:
        fail(str(exc))


def _load_catalog(path: Path | None) -> Catalog:
    try:
        return load_catalog(path)
    except CatalogError as exc:
        fail(str(exc))


def _summary(scores: pd.DataFrame, names: dict[str, str]) -> list[str]:
    lines = []
    for month, part in scores.groupby(scores["month"].fillna(""), sort=True):
        overall = part[part["level"] == "overall"]
        best = overall[overall["rank"] == 1]
        best_text = ", ".join(
            f"{names.get(a, a)} {format_score(s)}"
            for a, s in zip(best["city_ags"], best["score"], strict=True)
        )
        coverage = overall["coverage"].mean()
        label = f"month {month}" if month else "the table"
        lines.append(
            f"scored {len(overall)} cities for {label}: mean coverage {coverage:.1%}, first: {escape(best_text)}"
        )
    return lines


def _city_names(path: Path | None = None) -> dict[str, str]:
    try:
        return {c.ags: c.name for c in load_cities(path)}
    except CityRegistryError as exc:
        if path is not None:
            fail(str(exc))
        return {}


def score(
    month: Annotated[
        str | None,
        typer.Option(
            help="Month YYYY-MM to score (default: the latest month with parameters in the data dir). "
            "With --parameters: score only this month of the file."
        ),
    ] = None,
    parameters: Annotated[
        Path | None,
        typer.Option(
            "--parameters",
            help="Score this parameter file (parquet or CSV; needs city_ags, parameter_id, value; "
            "month and status optional) instead of the data dir's table.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Write the scores here (required with --parameters; default <data-dir>/scores/...)."
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            help="Scores of the previous month for prev_rank/trend (default with the data dir: its "
            "scores of the previous month, if any)."
        ),
    ] = None,
    catalog_path: Annotated[Path | None, typer.Option("--catalog", help="Another catalog file.")] = None,
) -> None:
    """Score a month of the parameter table: indicator, area and overall scores, ranks and trends."""
    catalog = _load_catalog(catalog_path)
    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            fail(str(exc))
    data_dir = resolve_data_dir()
    if parameters is not None:
        if out is None:
            fail("--out is required with --parameters (where should the scores go?)")
        table = _read_or_fail(parameters, "parameter")
        if month is not None:
            if "month" not in table.columns:
                fail(f"{parameters}: --month {month} given, but the file has no month column")
            table = table[table["month"].astype(str) == month]
            if table.empty:
                fail(f"{parameters}: no rows for month {month}")
        where, target = str(parameters), out
    else:
        if month is None:
            months = list_months(data_dir, "parameters")
            if not months:
                fail(f"no parameter table in {data_dir}; collect a month first or use --parameters FILE")
            month = months[-1]
        table = read_parameters(month, data_dir)
        if table.empty:
            fail(f"no parameter rows for {month} in {data_dir / 'parameters'}")
        where, target = f"parameters of {month} in {data_dir}", out or scores_path(data_dir, month)
    prev_scores = None
    if previous is not None:
        prev_scores = _read_or_fail(previous, "previous scores")
    elif parameters is None:
        prev_path = scores_path(data_dir, previous_month(month))
        if prev_path.is_file():
            try:
                prev_scores = read_table_file(prev_path, "previous scores")
            except ScoringError as exc:
                # The month itself can still be scored; only its trend is lost.
                err_console.print(f"[yellow]warning:[/] {escape(str(exc))}; prev_rank and trend left empty")
    try:
        table = winning_rows(table)
    except (ValueError, TypeError, KeyError) as exc:
        fail(f"{where}: cannot pick one row per city and parameter (precedence): {exc}")
    try:
        scores = score_parameters(table, catalog, prev_scores)
    except ScoringError as exc:
        fail(f"{where}: {exc}")
    atomic_write_parquet(scores, target)
    names = _city_names()
    for line in _summary(scores, names):
        console.print(line)
    console.print(f"wrote {len(scores):,} score rows to {escape(str(target))}")
    if parameters is None and scores_path(data_dir, next_month(month)).is_file():
        console.print(
            f"note: scores of {next_month(month)} exist; re-run `sci score --month {next_month(month)}` "
            "to refresh their trend"
        )


def _pick_month(scores: pd.DataFrame, month: str | None, source: str) -> pd.DataFrame:
    if "month" not in scores.columns or scores["month"].isna().all():
        return scores
    months = sorted(str(m) for m in scores["month"].dropna().unique())
    chosen = month or months[-1]
    if chosen not in months:
        fail(f"{source}: no scores for {chosen} (months: {', '.join(months)})")
    return scores[scores["month"].astype(str) == chosen]


def ranking(
    month: Annotated[
        str | None, typer.Option(help="Month YYYY-MM (default: the latest month with scores).")
    ] = None,
    area: Annotated[
        str | None, typer.Option(help="Rank an area (Themenbereich) instead of the index.")
    ] = None,
    indicator: Annotated[
        str | None, typer.Option(help="Rank an indicator (area.indicator) instead of the index.")
    ] = None,
    top: Annotated[
        int | None, typer.Option(min=1, help="Only ranks 1..N (cities tied at rank N are all shown).")
    ] = None,
    scores_file: Annotated[
        Path | None, typer.Option("--scores", help="Rank this scores file instead of the data dir's.")
    ] = None,
    cities_path: Annotated[Path | None, typer.Option("--cities", help="City registry for the names.")] = None,
) -> None:
    """Print a ranking as the report does: Rang, Tendenz (arrow and places), Stadt, score (1 decimal)."""
    if area and indicator:
        fail("give --area or --indicator, not both")
    if month is not None:
        try:
            check_month(month)
        except ValueError as exc:
            fail(str(exc))
    if scores_file is not None:
        scores, source = _read_or_fail(scores_file, "scores"), str(scores_file)
    else:
        data_dir = resolve_data_dir()
        if month is None:
            months = list_months(data_dir, "scores")
            if not months:
                fail(f"no scores in {data_dir}; run `sci score --month YYYY-MM` first")
            month = months[-1]
        path = scores_path(data_dir, month)
        if not path.is_file():
            fail(f"no scores for {month} in {data_dir}; run `sci score --month {month}` first")
        scores, source = _read_or_fail(path, "scores"), str(path)
    missing = [c for c in ("city_ags", "level", "id", "score", "rank") if c not in scores.columns]
    if missing:
        fail(f"{source}: not a scores file (lacks {', '.join(missing)})")
    scores = _pick_month(scores, month, source)
    level, wanted = (
        ("area", area) if area else ("indicator", indicator) if indicator else ("overall", "overall")
    )
    rows = scores[(scores["level"] == level) & (scores["id"] == wanted)]
    if rows.empty:
        known = sorted(scores.loc[scores["level"] == level, "id"].unique())
        fail(f"no {level} {wanted!r} in {source}; known: {', '.join(known)}")

    names = _city_names(cities_path)
    has_previous = "prev_rank" in rows.columns and bool(rows["prev_rank"].notna().any())
    rows = rows.assign(
        city_name=[names.get(a, a) for a in rows["city_ags"]],
        sort_rank=rows["rank"].astype("Float64").fillna(np.inf),
    ).sort_values(["sort_rank", "city_name"], kind="stable")
    if top is not None:
        rows = rows[rows["sort_rank"] <= top]

    catalog_names = _catalog_names()
    label = "Gesamtindex" if level == "overall" else catalog_names.get(wanted, wanted)
    shown_month = (
        rows["month"].iloc[0] if "month" in rows.columns and pd.notna(rows["month"].iloc[0]) else month
    )
    table = Table(title=escape(f"{label} {shown_month or ''}".strip()), box=None, pad_edge=False)
    table.add_column("Rang", justify="right")
    table.add_column("Tendenz")
    table.add_column("Stadt")
    table.add_column("Gesamt", justify="right")
    for row in rows.itertuples(index=False):
        trend = getattr(row, "trend", None) if has_previous else None
        table.add_row(
            "–" if pd.isna(row.rank) else str(int(row.rank)),
            trend_label(None if trend is None or pd.isna(trend) else int(trend), has_previous),
            escape(str(row.city_name)),
            format_score(row.score),
        )
    console.print(table)


def _catalog_names() -> dict[str, str]:
    try:
        catalog = load_catalog()
    except CatalogError:
        return {}
    names = {a.id: a.name for a in catalog.areas}
    names.update({i.id: i.name for i in catalog.indicators.values()})
    return names


def register(app: typer.Typer) -> None:
    app.command("score")(score)
    app.command("ranking")(ranking)
