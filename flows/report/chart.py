"""A city's scores over the months of the data dir as an inline SVG line chart (0..100 scale)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.report.html import Markup, el

MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 36, 12, 10, 28
GRID_VALUES = (0, 25, 50, 75, 100)
MAX_MONTH_LABELS = 12


@dataclass
class Series:
    key: str
    label: str
    color: str
    values: dict[str, float | None] = field(default_factory=dict)  # month -> score (0..100) or None
    emphasis: bool = False


@dataclass(frozen=True)
class ChartFrame:
    months: tuple[str, ...]
    width: int
    height: int

    @property
    def plot_width(self) -> float:
        return self.width - MARGIN_LEFT - MARGIN_RIGHT

    @property
    def plot_height(self) -> float:
        return self.height - MARGIN_TOP - MARGIN_BOTTOM

    def x(self, month: str) -> float:
        i = self.months.index(month)
        if len(self.months) == 1:
            return round(MARGIN_LEFT + self.plot_width / 2, 1)
        return round(MARGIN_LEFT + i * self.plot_width / (len(self.months) - 1), 1)

    def y(self, score: float) -> float:
        clamped = min(max(score, 0.0), 100.0)
        return round(MARGIN_TOP + (100.0 - clamped) / 100.0 * self.plot_height, 1)


def _segments(frame: ChartFrame, series: Series) -> list[list[tuple[str, float, float, float]]]:
    """Runs of consecutive months with a score (a gap month breaks the line)."""
    runs: list[list[tuple[str, float, float, float]]] = [[]]
    for month in frame.months:
        value = series.values.get(month)
        if value is None:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((month, frame.x(month), frame.y(value), value))
    return [r for r in runs if r]


def render_chart(
    months: list[str], series: list[Series], *, title: str, width: int = 560, height: int = 260
) -> Markup:
    """Grid lines at 0/25/50/75/100, one polyline per series run, a dot with tooltip per value."""
    if not months:
        raise ValueError("no months to chart")
    frame = ChartFrame(months=tuple(sorted(months)), width=width, height=height)
    children = [el("title", title)]
    grid = []
    for value in GRID_VALUES:
        y = frame.y(value)
        grid.append(el("path", d=f"M{MARGIN_LEFT} {y:g}H{width - MARGIN_RIGHT}", stroke="#dddddd"))
        grid.append(el("text", str(value), x=str(MARGIN_LEFT - 4), y=f"{y + 4:g}", text_anchor="end"))
    step = max(1, -(-len(frame.months) // MAX_MONTH_LABELS))
    for i, month in enumerate(frame.months):
        # Count from the latest month so it is always labelled and the spacing stays even.
        if (len(frame.months) - 1 - i) % step == 0:
            # The outermost labels align to the plot's edges so they are never clipped.
            anchor = "middle"
            if len(frame.months) > 1 and i == 0:
                anchor = "start"
            elif len(frame.months) > 1 and i == len(frame.months) - 1:
                anchor = "end"
            grid.append(el("text", month, x=f"{frame.x(month):g}", y=str(height - 8), text_anchor=anchor))
    children.append(el("g", grid, class_="grid", font_size="10", fill="#555555"))
    for s in series:
        parts = []
        for run in _segments(frame, s):
            if len(run) > 1:
                points = " ".join(f"{x:g},{y:g}" for _, x, y, _ in run)
                parts.append(
                    el(
                        "polyline",
                        points=points,
                        fill="none",
                        stroke=s.color,
                        stroke_width="2.5" if s.emphasis else "1.5",
                    )
                )
            for month, x, y, value in run:
                parts.append(
                    el(
                        "circle",
                        el("title", f"{s.label} {month}: {value:.1f}"),
                        cx=f"{x:g}",
                        cy=f"{y:g}",
                        r="3.5" if s.emphasis else "2.5",
                        fill=s.color,
                    )
                )
        children.append(el("g", parts, class_=f"series series-{s.key}"))
    return el(
        "svg",
        children,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=str(width),
        height=str(height),
        role="img",
        class_="chart",
    )
