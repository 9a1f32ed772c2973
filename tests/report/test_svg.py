"""The inline SVG map and chart: projection into the viewBox, markers, chart coordinates."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from shapely.geometry import MultiPolygon, Polygon

from flows.report.chart import Series, render_chart
from flows.report.svgmap import PointLayer, fit_frame, geometry_path, render_map, scale_bar_length
from tests.report.conftest import KOELN_POLYGON, KOELN_STATIONS_M, KOELN_SWAPPED_M

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_fit_frame_projects_exactly():
    frame = fit_frame((0, 0, 1000, 500), 560, 420, 12)
    assert frame.scale == pytest.approx(0.536)
    assert frame.project(0, 0) == (12.0, 344.0)
    assert frame.project(1000, 500) == (548.0, 76.0)
    assert frame.project(500, 250) == (280.0, 210.0)  # the centre of the box is the centre of the view


def test_geometry_path_draws_every_ring():
    frame = fit_frame(KOELN_POLYGON.bounds, 560, 420, 12)
    path = geometry_path(KOELN_POLYGON, frame)
    assert path.count("M") == 2 and path.count("Z") == 2  # exterior and hole
    assert path.startswith("M82 408L478 408L478 12L82 12L82 408Z")
    multi = MultiPolygon([Polygon([(0, 0), (1, 0), (1, 1)]), Polygon([(2, 2), (3, 2), (3, 3)])])
    assert geometry_path(multi, fit_frame(multi.bounds, 100, 100, 0)).count("Z") == 2


def test_map_markers_lie_inside_the_viewbox():
    layers = [
        PointLayer(
            "bnetza_ladesaeulen",
            "Charging stations",
            "#d62728",
            [(x, y, f"s{i}") for i, (x, y) in enumerate(KOELN_STATIONS_M)],
        ),
        PointLayer("lorawan", "LoRaWAN gateways", "#1f77b4", [(*KOELN_SWAPPED_M, "gw <1>")]),
        # A point outside the boundary widens the frame instead of falling off the map.
        PointLayer("other", "Other", "#000000", [(365000.0, 5635000.0, "far")]),
    ]
    root = parse(render_map(KOELN_POLYGON, layers, title="Köln <map>"))
    assert root.get("viewBox") == "0 0 560 420"
    assert root.find(f"{SVG}title").text == "Köln <map>"
    groups = root.findall(f"{SVG}g")
    markers = {g.get("class"): g.findall(f"{SVG}circle") for g in groups if "points" in g.get("class")}
    assert {k: len(v) for k, v in markers.items()} == {
        "points points-bnetza_ladesaeulen": 3,
        "points points-lorawan": 1,
        "points points-other": 1,
    }
    for circles in markers.values():
        for c in circles:
            assert 0 <= float(c.get("cx")) <= 560 and 0 <= float(c.get("cy")) <= 420
    assert markers["points points-lorawan"][0].find(f"{SVG}title").text == "gw <1>"
    far = markers["points points-other"][0]
    frame = fit_frame((350000, 5635000, 365000, 5650000), 560, 420, 12)
    assert (float(far.get("cx")), float(far.get("cy"))) == frame.project(365000.0, 5635000.0)


def test_map_with_only_points_and_with_nothing():
    root = parse(
        render_map(None, [PointLayer("x", "X", "#000", [(0.0, 0.0, "a"), (10.0, 10.0, "b")])], title="t")
    )
    assert len(root.findall(f".//{SVG}circle")) == 2
    assert root.find(f"{SVG}path[@class='boundary']") is None
    with pytest.raises(ValueError, match="nothing to draw"):
        render_map(None, [], title="t")


def test_scale_bar():
    frame = fit_frame(KOELN_POLYGON.bounds, 560, 420, 12)
    assert scale_bar_length(frame) == 2500  # a quarter of 560 px at 0.0396 px/m is 3535 m
    svg = render_map(KOELN_POLYGON, [], title="t")
    assert ">2.5 km</text>" in svg
    assert 'd="M10 406V410H109V406"' in svg  # 2500 m * 0.0396 px/m = 99 px


def test_chart_coordinates():
    months = ["2024-03", "2024-04", "2024-05"]
    series = [
        Series(
            "overall",
            "Overall",
            "#111111",
            {"2024-03": 50.0, "2024-04": 100.0, "2024-05": 0.0},
            emphasis=True,
        ),
        Series("verwaltung", "Verwaltung", "#1f77b4", {"2024-03": 25.0, "2024-04": None, "2024-05": 75.0}),
    ]
    root = parse(render_chart(months, series, title="Köln: scores over time"))
    assert root.get("viewBox") == "0 0 560 260"
    overall = root.find(f"{SVG}g[@class='series series-overall']")
    # plot: x from 36 to 548 (512 px, 256 per month); y from 10 (100) to 232 (0)
    assert overall.find(f"{SVG}polyline").get("points") == "36,121 292,10 548,232"
    assert [c.find(f"{SVG}title").text for c in overall.findall(f"{SVG}circle")] == [
        "Overall 2024-03: 50.0",
        "Overall 2024-04: 100.0",
        "Overall 2024-05: 0.0",
    ]
    area = root.find(f"{SVG}g[@class='series series-verwaltung']")
    # A month without a score breaks the line: two single points, no polyline.
    assert area.findall(f"{SVG}polyline") == []
    assert [(c.get("cx"), c.get("cy")) for c in area.findall(f"{SVG}circle")] == [
        ("36", "176.5"),
        ("548", "65.5"),
    ]
    labels = [t.text for t in root.find(f"{SVG}g[@class='grid']").findall(f"{SVG}text")]
    assert labels == ["0", "25", "50", "75", "100", "2024-03", "2024-04", "2024-05"]


def test_chart_single_month_and_many_months():
    one = parse(
        render_chart(["2024-05"], [Series("overall", "Overall", "#111", {"2024-05": 40.0})], title="t")
    )
    [dot] = one.findall(f".//{SVG}circle")
    assert (dot.get("cx"), dot.get("cy")) == ("292", "143.2")
    months = [f"2023-{m:02d}" for m in range(1, 13)] + [f"2024-{m:02d}" for m in range(1, 13)]
    many = render_chart(
        months, [Series("overall", "Overall", "#111", dict.fromkeys(months, 10.0))], title="t"
    )
    month_labels = re.findall(r">(\d{4}-\d{2})</text>", many)
    assert month_labels == months[1::2]  # every second month labelled, the latest always (at most 12)
    with pytest.raises(ValueError):
        render_chart([], [], title="t")


def test_real_vg5000_boundary_renders_inside_the_viewbox(shared_data):
    import geopandas as gpd

    path = shared_data / "boundaries" / "vg5000_01-01_2021" / "VG5000_GEM.shp"
    frame = gpd.read_file(path, where="AGS = '05315000'").to_crs(25832)
    [koeln] = list(frame.geometry)
    svg = render_map(koeln, [PointLayer("x", "X", "#000", [(356000.0, 5645000.0, "Dom-ish")])], title="Köln")
    root = parse(svg)
    d = root.find(f"{SVG}path[@class='boundary']").get("d")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= 560 and min(ys) >= 0 and max(ys) <= 420
    # The frame is fitted: the boundary touches the padding on at least one axis.
    assert min(xs) == pytest.approx(12, abs=0.1) or min(ys) == pytest.approx(12, abs=0.1)
    assert d.count("M") == d.count("Z") >= 1
    assert len(root.findall(f".//{SVG}circle")) == 1


def test_outer_month_labels_are_anchored_inside_the_plot():
    months = ["2024-04", "2024-05", "2024-06"]
    root = parse(
        render_chart(months, [Series("overall", "Overall", "#111", dict.fromkeys(months, 1.0))], title="t")
    )
    labels = [t for t in root.find(f"{SVG}g[@class='grid']").findall(f"{SVG}text") if "-" in t.text]
    assert [(t.text, t.get("x"), t.get("text-anchor")) for t in labels] == [
        ("2024-04", "36", "start"),
        ("2024-05", "292", "middle"),
        ("2024-06", "548", "end"),
    ]
