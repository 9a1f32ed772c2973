"""A city's boundary and matched points as an inline SVG map (no web tiles, no network).

Input geometries are projected metres (EPSG:25832, as the boundaries are stored); the map is a plain
linear fit of their bounds into the viewBox with north up, so distances stay true and a scale bar can
be drawn. Geometries are simplified to half a pixel first: a city boundary from VG250 has thousands
of vertices that would only bloat the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry

from flows.report.html import Markup, el

NICE_DISTANCES_M = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000, 100000)


@dataclass(frozen=True)
class MapFrame:
    """Projection of metre coordinates into a ``width`` x ``height`` viewBox (y axis flipped)."""

    minx: float
    maxy: float
    scale: float  # pixels per metre
    offset_x: float
    offset_y: float
    width: int
    height: int

    def project(self, x: float, y: float) -> tuple[float, float]:
        return (
            round(self.offset_x + (x - self.minx) * self.scale, 1),
            round(self.offset_y + (self.maxy - y) * self.scale, 1),
        )


def fit_frame(
    bounds: tuple[float, float, float, float], width: int, height: int, pad: float = 12.0
) -> MapFrame:
    """Fit ``(minx, miny, maxx, maxy)`` into the viewBox keeping the aspect ratio, centred."""
    minx, miny, maxx, maxy = bounds
    span_x, span_y = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    offset_x = (width - span_x * scale) / 2
    offset_y = (height - span_y * scale) / 2
    return MapFrame(
        minx=minx, maxy=maxy, scale=scale, offset_x=offset_x, offset_y=offset_y, width=width, height=height
    )


@dataclass
class PointLayer:
    """One kind of matched point (e.g. charging stations) with projected metre coordinates."""

    key: str
    label: str
    color: str
    points: list[tuple[float, float, str]] = field(default_factory=list)  # x, y (metres), tooltip
    note: str | None = None  # e.g. "as of 2024-04" when the layer is from an earlier month


def _ring_path(coords, frame: MapFrame) -> str:
    pts = [frame.project(x, y) for x, y in coords]
    if len(pts) < 3:
        return ""
    head = f"M{pts[0][0]:g} {pts[0][1]:g}"
    return head + "".join(f"L{px:g} {py:g}" for px, py in pts[1:]) + "Z"


def geometry_path(geometry: BaseGeometry, frame: MapFrame) -> str:
    """SVG path data for (multi)polygons: every exterior and interior ring (holes via even-odd fill)."""
    parts = []
    for poly in shapely.get_parts(geometry):
        if poly.geom_type == "Polygon":
            parts.append(_ring_path(poly.exterior.coords, frame))
            parts.extend(_ring_path(ring.coords, frame) for ring in poly.interiors)
        elif poly.geom_type in ("MultiPolygon", "GeometryCollection"):
            parts.append(geometry_path(poly, frame))
    return "".join(p for p in parts if p)


def scale_bar_length(frame: MapFrame, fraction: float = 0.25) -> int:
    """The largest 'nice' distance in metres not longer than ``fraction`` of the map width."""
    budget = fraction * frame.width / frame.scale
    fitting = [d for d in NICE_DISTANCES_M if d <= budget]
    return fitting[-1] if fitting else NICE_DISTANCES_M[0]


def _distance_label(metres: int) -> str:
    return (
        f"{metres // 1000:g} km"
        if metres >= 1000 and metres % 1000 == 0
        else (f"{metres / 1000:g} km" if metres >= 1000 else f"{metres} m")
    )


def render_map(
    boundary: BaseGeometry | None,
    layers: list[PointLayer],
    *,
    title: str,
    width: int = 560,
    height: int = 420,
    pad: float = 12.0,
    marker_radius: float = 3.0,
) -> Markup:
    """The map as an ``<svg>`` element: boundary path, one circle per point, and a scale bar.

    The frame covers the boundary and every point, so each marker lies inside the viewBox.
    """
    geoms = [boundary] if boundary is not None and not boundary.is_empty else []
    xs = [p[0] for layer in layers for p in layer.points]
    ys = [p[1] for layer in layers for p in layer.points]
    if geoms:
        bx0, by0, bx1, by1 = boundary.bounds
        xs += [bx0, bx1]
        ys += [by0, by1]
    if not xs:
        raise ValueError("nothing to draw: no boundary and no points")
    frame = fit_frame((min(xs), min(ys), max(xs), max(ys)), width, height, pad)
    children = [el("title", title)]
    if geoms:
        simplified = boundary.simplify(0.5 / frame.scale, preserve_topology=True)
        children.append(
            el(
                "path",
                d=geometry_path(simplified, frame),
                class_="boundary",
                fill="#e8eef5",
                stroke="#2c4a6e",
                stroke_width="1.5",
                fill_rule="evenodd",
            )
        )
    for layer in layers:
        circles = []
        for x, y, tip in layer.points:
            cx, cy = frame.project(x, y)
            circles.append(el("circle", el("title", tip), cx=f"{cx:g}", cy=f"{cy:g}", r=f"{marker_radius:g}"))
        children.append(
            el(
                "g",
                circles,
                class_=f"points points-{layer.key}",
                fill=layer.color,
                fill_opacity="0.75",
                stroke="#ffffff",
                stroke_width="0.5",
            )
        )
    bar_m = scale_bar_length(frame)
    bar_px = round(bar_m * frame.scale, 1)
    x0, y0 = 10.0, height - 10.0
    children.append(
        el(
            "g",
            el(
                "path",
                d=f"M{x0:g} {y0 - 4:g}V{y0:g}H{x0 + bar_px:g}V{y0 - 4:g}",
                fill="none",
                stroke="#333333",
            ),
            el(
                "text",
                _distance_label(bar_m),
                x=f"{x0 + bar_px + 4:g}",
                y=f"{y0:g}",
                font_size="11",
                fill="#333333",
            ),
            class_="scalebar",
        )
    )
    return el(
        "svg",
        children,
        xmlns="http://www.w3.org/2000/svg",
        viewBox=f"0 0 {width} {height}",
        width=str(width),
        height=str(height),
        role="img",
        class_="map",
    )


def marker_count(layers: list[PointLayer]) -> int:
    return sum(len(layer.points) for layer in layers)
