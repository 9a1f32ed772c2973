"""The demo world: eight fictional kreisfreie Städte of a fictional Land, for two consecutive months.

AGS: the real Länder use the prefixes 01..16, so every demo municipality has the prefix ``17``
(``17001000`` .. ``17008000``, Kreis = first five digits): 8-digit AGS that pass every AGS check and can
never clash with a real municipality. The Land is called "Demoland"; its territory is a 4 x 2 grid of
municipalities placed in EPSG:25832 around 51.0 N, 10.4 E (inside Germany's bounding box, so geo
checks for "outside Germany" behave as for real data; the demo boundary file holds only these eight).

Everything here is pure data and pure functions (:func:`world_files` returns file names and bytes),
seeded with fixed seeds, so the same month always gives byte-identical files (same raw snapshot
hashes on every re-run). :mod:`flows.demo.sites` renders the cities' websites from the same data.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

DEMO_MONTHS = ("2021-05", "2021-06")
STATE = "Demoland"
LAND_PREFIX = "17"
CRS = "EPSG:25832"
# Lower-left corner of the grid (EPSG:25832 metres) and the size of one municipality's cell.
ORIGIN_E, ORIGIN_N = 585_000.0, 5_640_000.0
CELL_W, CELL_H = 12_000.0, 10_000.0
GRID_COLS, GRID_ROWS = 4, 2
BOUNDARY_VINTAGE = "2021-01-01"
# Every file's embedded timestamps are fixed so that files are byte-identical across runs.
FIXED_ZIP_TIME = (2021, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class MonthFacts:
    """What one city's sources say in one month."""

    stations: int  # public charging stations inside the city
    fast_share: float  # share of them that are Schnellladeeinrichtungen
    points_per_station: float  # mean charge points per station
    bb50: float  # % households >= 50 Mbit/s
    ftth: float  # % households with FTTH/B (the same share in every bandwidth column)
    lte: float  # % area with LTE
    g5: float  # % area with 5G
    cars: int  # passenger cars registered (KBA stock)
    ev_share: float  # share of them that are electric (Elektro)
    pv_kw: float  # installed PV capacity in kW
    carsharing: float  # car-sharing cars per 1,000 inhabitants
    gateways: int  # LoRaWAN gateways inside the city


@dataclass(frozen=True)
class DemoCity:
    ags: str
    name: str
    population: int
    cell: tuple[int, int]  # (column, row) in the grid
    site_features: dict[str, frozenset[str]]  # month -> features of the city's website
    facts: dict[str, MonthFacts]  # month -> source facts
    slug: str = field(default="")

    @property
    def kreis(self) -> str:
        return self.ags[:5]


M1, M2 = DEMO_MONTHS


def _features(*names: str) -> frozenset[str]:
    return frozenset(names)


# Website features (rendered by flows.demo.sites): what the city offers online, and how it says so.
_STRONG = _features(
    "booking_buergeramt",
    "booking_standesamt",
    "booking_auslaenderbehoerde",
    "booking_kfz",
    "epayment",
    "bussgeld_online",
    "kartenzahlung",
    "ummeldung_online",
    "kita_online",
    "gewerbe_online",
    "serviceportal",
    "chatbot",
    "115",
    "maengelmelder",
    "facebook",
    "instagram",
    "youtube",
    "opendata_ckan",
    "geoportal",
    "rats_tv",
    "participation",
    "handyparken",
    "echtzeit",
)


def _city(
    ags: str,
    name: str,
    slug: str,
    population: int,
    cell: tuple[int, int],
    m1: frozenset[str],
    m2: frozenset[str] | None,
    f1: MonthFacts,
    f2: MonthFacts,
) -> DemoCity:
    """One demo city; ``m2=None``: its website does not change between the two months."""
    if m2 is None:
        m2 = m1
    return DemoCity(
        ags=ags,
        name=name,
        slug=slug,
        population=population,
        cell=cell,
        site_features={M1: m1, M2: m2},
        facts={M1: f1, M2: f2},
    )


CITIES: tuple[DemoCity, ...] = (
    _city(
        "17001000",
        "Auenstadt",
        "auenstadt",
        412_300,
        (0, 0),
        _STRONG,
        _STRONG | {"twitter"},
        MonthFacts(168, 0.22, 2.1, 97.8, 41.2, 99.6, 88.4, 201_400, 0.031, 61_250.0, 2.42, 14),
        MonthFacts(181, 0.24, 2.1, 98.1, 44.9, 99.7, 91.0, 202_100, 0.034, 63_900.0, 2.51, 16),
    ),
    _city(
        "17002000",
        "Birkhafen",
        "birkhafen",
        268_900,
        (1, 0),
        _features(
            "booking_buergeramt",
            "booking_kfz",
            "epayment",
            "kartenzahlung",
            "ummeldung_online",
            "serviceportal",
            "115",
            "maengelmelder",
            "facebook",
            "instagram",
            "geoportal",
            "rats_tv",
            "echtzeit",
        ),
        _features(
            "booking_buergeramt",
            "booking_kfz",
            "booking_standesamt",
            "epayment",
            "bussgeld_online",
            "kartenzahlung",
            "ummeldung_online",
            "serviceportal",
            "115",
            "maengelmelder",
            "facebook",
            "instagram",
            "geoportal",
            "rats_tv",
            "echtzeit",
        ),
        MonthFacts(96, 0.18, 2.0, 95.2, 22.5, 99.1, 74.0, 139_800, 0.024, 48_100.0, 1.35, 6),
        MonthFacts(99, 0.19, 2.0, 95.6, 23.1, 99.2, 77.5, 140_000, 0.026, 48_700.0, 1.38, 6),
    ),
    _city(
        "17003000",
        "Corvingen",
        "corvingen",
        187_450,
        (2, 0),
        _features(
            "booking_buergeramt",
            "epayment",
            "ummeldung_online",
            "facebook",
            "maengelmelder",
            "stadtplan",
            "participation",
        ),
        _features(
            "booking_buergeramt",
            "epayment",
            "ummeldung_online",
            "facebook",
            "maengelmelder",
            "stadtplan",
            "participation",
            "chatbot",
            "opendata_ckan",
        ),
        MonthFacts(61, 0.15, 1.9, 93.4, 15.8, 98.7, 61.2, 98_900, 0.019, 39_400.0, 0.88, 3),
        MonthFacts(66, 0.17, 1.9, 93.9, 17.0, 98.8, 66.0, 99_200, 0.021, 41_000.0, 0.91, 4),
    ),
    _city(
        "17004000",
        "Dornfeld",
        "dornfeld",
        153_020,
        (3, 0),
        # Month 1: appointments only by phone, payment by bank transfer only: negatives, not offers.
        _features("booking_phone_only", "transfer_only", "facebook", "opendata_planned", "chatbot_planned"),
        _features("booking_buergeramt", "transfer_only", "facebook", "opendata_planned", "chatbot_planned"),
        MonthFacts(38, 0.11, 1.8, 88.0, 7.4, 97.9, 40.3, 86_300, 0.012, 27_800.0, 0.42, 0),
        MonthFacts(41, 0.12, 1.8, 88.9, 8.2, 98.0, 45.9, 86_500, 0.014, 28_600.0, 0.45, 1),
    ),
    _city(
        "17005000",
        "Eschwald",
        "eschwald",
        131_780,
        (0, 1),
        _features(
            "booking_buergeramt",
            "booking_standesamt",
            "epayment",
            "kartenzahlung",
            "115",
            "instagram",
            "youtube",
            "geoportal",
            "robots_disallow",
            "handyparken",
        ),
        None,  # the same site in both months
        MonthFacts(44, 0.20, 2.2, 91.7, 19.9, 98.5, 58.8, 71_200, 0.022, 33_100.0, 0.97, 2),
        MonthFacts(45, 0.20, 2.2, 92.0, 20.4, 98.6, 60.1, 71_300, 0.023, 33_500.0, 0.99, 2),
    ),
    _city(
        "17006000",
        "Falkenrode",
        "falkenrode",
        118_640,
        (1, 1),
        _features("booking_email_only", "transfer_only", "facebook", "twitter", "maengelmelder_planned"),
        _features("booking_email_only", "transfer_only", "facebook", "twitter", "maengelmelder"),
        MonthFacts(27, 0.07, 1.7, 84.3, 3.1, 97.2, 28.5, 67_900, 0.009, 24_900.0, 0.21, 0),
        MonthFacts(27, 0.07, 1.7, 85.0, 3.4, 97.3, 33.0, 68_000, 0.010, 25_200.0, 0.22, 0),
    ),
    _city(
        "17007000",
        "Grünmark",
        "gruenmark",
        109_300,
        (2, 1),
        _features(
            "booking_buergeramt",
            "booking_auslaenderbehoerde",
            "epayment",
            "serviceportal",
            "maengelmelder",
            "instagram",
            "stadtplan",
            "rats_tv",
        ),
        None,  # the same site in both months
        MonthFacts(35, 0.14, 2.0, 90.1, 12.6, 98.2, 49.7, 55_400, 0.017, 30_200.0, 0.64, 2),
        MonthFacts(39, 0.15, 2.0, 90.4, 13.0, 98.3, 52.2, 55_600, 0.018, 31_000.0, 0.66, 3),
    ),
    _city(
        "17008000",
        "Hollerbach",
        "hollerbach",
        102_510,
        (3, 1),
        # Month 1: the website answers 503 to everything (maintenance): the crawl of this one city fails
        # and its crawl parameters are not_checkable; month 2 it is back.
        _features("site_down"),
        _features("booking_buergeramt", "epayment", "facebook", "115", "geoportal"),
        MonthFacts(22, 0.09, 1.8, 86.2, 5.0, 97.5, 35.1, 52_800, 0.011, 21_700.0, 0.30, 1),
        MonthFacts(24, 0.10, 1.8, 86.9, 5.6, 97.6, 39.4, 52_900, 0.012, 22_300.0, 0.31, 1),
    ),
)


def city_by_ags(ags: str) -> DemoCity:
    for city in CITIES:
        if city.ags == ags:
            return city
    raise KeyError(ags)


def check_demo_month(month: str) -> str:
    if month not in DEMO_MONTHS:
        raise ValueError(f"the demo world has the months {', '.join(DEMO_MONTHS)}, not {month!r}")
    return month


def stand_date(month: str) -> date:
    """The publishers' "Stand" of a month's files: the first day of the month."""
    year, mon = map(int, month.split("-"))
    return date(year, mon, 1)


# --- geometry ------------------------------------------------------------------------------------


def _grid_vertex(i: int, j: int) -> tuple[float, float]:
    """Grid corner (i, j), nudged inward pseudo-randomly so borders are not straight lines."""
    x = ORIGIN_E + i * CELL_W
    y = ORIGIN_N + j * CELL_H
    on_edge = i in (0, GRID_COLS) or j in (0, GRID_ROWS)
    if not on_edge:
        rng = random.Random(f"vertex-{i}-{j}")
        x += rng.uniform(-1500, 1500)
        y += rng.uniform(-1200, 1200)
    return x, y


def _edge_points(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[float, float]]:
    """Three wiggled points between grid corners a and b (the same for both neighbours of the edge)."""
    key = tuple(sorted((a, b)))
    # Computed from the canonical end (key[0] -> key[1]) so both neighbours get the same points,
    # then reversed when the ring runs the other way.
    (ax, ay), (bx, by) = _grid_vertex(*key[0]), _grid_vertex(*key[1])
    rng = random.Random(f"edge-{key}")
    outer = all(v[0] in (0, GRID_COLS) for v in (a, b)) or all(v[1] in (0, GRID_ROWS) for v in (a, b))
    points = []
    for t in (0.25, 0.5, 0.75):
        px, py = ax + (bx - ax) * t, ay + (by - ay) * t
        amp = 500.0 if outer else 900.0
        # Displace perpendicular to the edge.
        length = math.hypot(bx - ax, by - ay)
        nx, ny = -(by - ay) / length, (bx - ax) / length
        d = rng.uniform(-amp, amp)
        points.append((px + nx * d, py + ny * d))
    if key != (a, b):
        points.reverse()
    return points


def city_polygon_coords(city: DemoCity) -> list[tuple[float, float]]:
    """The closed outer ring of a city's boundary in EPSG:25832 (counter-clockwise)."""
    col, row = city.cell
    corners = [(col, row), (col + 1, row), (col + 1, row + 1), (col, row + 1)]
    ring: list[tuple[float, float]] = []
    for k, corner in enumerate(corners):
        ring.append(_grid_vertex(*corner))
        ring.extend(_edge_points(corner, corners[(k + 1) % 4]))
    ring.append(ring[0])
    return [(round(x, 2), round(y, 2)) for x, y in ring]


def _polygon(city: DemoCity):
    from shapely.geometry import Polygon

    return Polygon(city_polygon_coords(city))


def _to_wgs84():
    from pyproj import Transformer

    return Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def points_in_city(city: DemoCity, count: int, seed: str) -> list[tuple[float, float]]:
    """``count`` deterministic (lat, lon) points strictly inside the city (>= 150 m from its border)."""
    from shapely.geometry import Point

    poly = _polygon(city)
    inner = poly.buffer(-150)
    minx, miny, maxx, maxy = inner.bounds
    rng = random.Random(seed)
    transformer = _to_wgs84()
    out = []
    while len(out) < count:
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if inner.contains(Point(x, y)):
            lon, lat = transformer.transform(x, y)
            out.append((round(lat, 6), round(lon, 6)))
    return out


def points_outside(count: int, seed: str) -> list[tuple[float, float]]:
    """Points south of the grid (inside Germany, outside every demo municipality)."""
    rng = random.Random(seed)
    transformer = _to_wgs84()
    out = []
    for _ in range(count):
        x = rng.uniform(ORIGIN_E, ORIGIN_E + GRID_COLS * CELL_W)
        y = rng.uniform(ORIGIN_N - 9_000, ORIGIN_N - 3_000)
        lon, lat = transformer.transform(x, y)
        out.append((round(lat, 6), round(lon, 6)))
    return out


# --- the registry of cities ----------------------------------------------------------------------


def cities_csv(websites: dict[str, str]) -> bytes:
    """The city registry (``data/cities.csv`` columns) with each city's website URL."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["ags", "name", "state", "population", "population_date", "website", "boundary_vintage"])
    for city in CITIES:
        writer.writerow(
            [city.ags, city.name, STATE, city.population, "2020-12-31", websites[city.ags], BOUNDARY_VINTAGE]
        )
    return buf.getvalue().encode("utf-8")


# --- source files in the publishers' formats -----------------------------------------------------


def population_csv() -> bytes:
    """Destatis population per AGS in the localzero/Destatis layout ``ags,total`` (Land row included)."""
    lines = ["ags,total", f"{LAND_PREFIX}000000,{sum(c.population for c in CITIES)}"]
    lines += [f"{c.ags},{c.population}" for c in CITIES]
    return ("\n".join(lines) + "\n").encode("utf-8")


_BB_LEVELS = (1, 2, 6, 8, 10, 16, 30, 50, 100, 200, 400, 1000)


def _breitband_row(ags: str, bb50: float, ftth: float) -> list[str]:
    """One Gemeinde row of the Breitbandatlas household table (% per technology and bandwidth)."""

    def curve(at50: float, top: float, levels: tuple[int, ...]) -> list[float]:
        # Monotone falling availability: 100 % at 1 Mbit/s, ``at50`` at 50 Mbit/s, ``top`` at the end.
        out = []
        for lv in levels:
            if lv <= 50:
                share = 100 - (100 - at50) * (math.log(lv) / math.log(50))
            else:
                share = at50 - (at50 - top) * (math.log(lv / 50) / math.log(levels[-1] / 50))
            out.append(max(min(share, 100.0), 0.0))
        return out

    alle = curve(bb50, ftth, _BB_LEVELS)
    leitung = [max(v - 0.4, 0) for v in alle]
    mobile = [99.9, 99.5, 97.0]
    dsl = curve(bb50 - 6, bb50 - 40, _BB_LEVELS[:10])
    catv = curve(bb50 - 12, ftth - 1, _BB_LEVELS)
    fttb = [ftth] * 4  # a fibre line carries every bandwidth class: one share for all four columns
    values = alle + leitung + mobile + dsl + catv + fttb
    return [ags] + [f"{max(v, 0.0):.2f}" for v in values]


def breitband_csv(month: str) -> bytes:
    """Gemeinde-level Breitbandatlas file, the end-2020 dialect: ``;``-separated, unquoted, UTF-8."""
    header = ["AGS"]
    header += [f"alle Technologien ≥ {lv} Mbit/s" for lv in _BB_LEVELS]
    header += [f"leitungsg. Technologien ≥ {lv} Mbit/s" for lv in _BB_LEVELS]
    header += [f"mobile Technologien ≥ {lv} Mbit/s" for lv in (1, 2, 6)]
    header += [f"DSL ≥ {lv} Mbit/s" for lv in _BB_LEVELS[:10]]
    header += [f"CATV ≥ {lv} Mbit/s" for lv in _BB_LEVELS]
    header += [f"FTTH/B ≥ {lv} Mbit/s" for lv in (100, 200, 400, 1000)]
    lines = [";".join(header)]
    for city in CITIES:
        facts = city.facts[month]
        lines.append(";".join(_breitband_row(city.ags, facts.bb50, facts.ftth)))
    return ("\n".join(lines) + "\n").encode("utf-8")


_AREA_TYPES = (
    ("Autobahn", 30, "Infrastruktur"),
    ("Bahnstrecken", 30, "Infrastruktur"),
    ("Gewässer", 20, "Gemeindefläche"),
    ("Gewerbliche Nutzfläche", 20, "Gemeindefläche"),
    ("Wohnbaufläche", 20, "Gemeindefläche"),
)


def mobilfunk_csv(month: str) -> bytes:
    """Kreis-level mobile coverage in the Breitbandatlas long layout (``landkreis_mobilfunk_stats``)."""
    lines = ['"AGS";"Technologie";"Flaechenart";"Flaechen Gruppe";"Flaechen Gruppe Name";"Verfügbarkeit"']
    for city in CITIES:
        facts = city.facts[month]
        for tech, base in (("5G2", facts.g5), ("LTE10", facts.lte)):
            tech_field = f'"{tech}"' if tech == "5G2" else tech
            for k, (area, group, group_name) in enumerate(_AREA_TYPES):
                value = min(base + (k - 2) * 0.35, 100.0)
                lines.append(f'"{city.kreis}";{tech_field};{area};{group};{group_name};{value:.2f}')
    return ("\n".join(lines) + "\n").encode("utf-8")


def kba_csv(month: str) -> bytes:
    """KBA passenger-car stock per Zulassungsbezirk, the FZ1-derived layout (KS = 5-digit Kreis key)."""
    lines = [
        "KS,Zulassungsbezirk,Benzin,Diesel,Gas,Hybrid,Elektro,Sonstige Kraftstoffart,"
        "Euro 1,Euro 2,Euro 3,Euro 4,Euro 5,Euro 6,Sonstige Emissionsgruppe"
    ]
    for city in CITIES:
        facts = city.facts[month]
        electric = round(facts.cars * facts.ev_share)
        hybrid = round(facts.cars * 0.028)
        gas = round(facts.cars * 0.009)
        other = 41
        diesel = round(facts.cars * 0.31)
        benzin = facts.cars - electric - hybrid - gas - other - diesel
        euro = [round(facts.cars * s) for s in (0.02, 0.07, 0.09, 0.28, 0.22)]
        euro.append(facts.cars - sum(euro) - 850)
        name = _kba_name(city.name)
        name_field = f'"{name}"' if "," in name else name
        values = [benzin, diesel, gas, hybrid, electric, other, *euro, 850]
        lines.append(",".join([city.kreis, name_field, *map(str, values)]))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _kba_name(name: str) -> str:
    ascii_name = name.upper().replace("Ä", "AE").replace("Ö", "OE").replace("Ü", "UE").replace("ß", "SS")
    return f"{ascii_name},STADT"


def mastr_csv(month: str) -> bytes:
    """Installed renewable capacity per AGS in kW, the localzero MaStR aggregate (``ags,pv,...``)."""
    lines = ["ags,pv,wind_on,biomass,water"]
    land_pv = sum(c.facts[month].pv_kw for c in CITIES)
    lines.append(f"{LAND_PREFIX}000000,{land_pv:.3f},{52_400:.3f},{9_150:.3f},{310:.3f}")
    for k, city in enumerate(CITIES):
        facts = city.facts[month]
        wind = [0.0, 6_600.0, 0.0, 12_300.0, 0.0, 22_000.0, 4_200.0, 7_300.0][k]
        lines.append(f"{city.ags},{facts.pv_kw:.3f},{wind:.3f},{1_100 + 95 * k:.3f},{k * 2.5:.3f}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def carsharing_csv(month: str) -> bytes:
    """The Bundesverband CarSharing city ranking table (rank, city, cars per 1,000 inhabitants)."""
    rows = sorted(CITIES, key=lambda c: -c.facts[month].carsharing)
    lines = ["Rang;Stadt;Einwohner;CarSharing-Fahrzeuge;Fahrzeuge je 1.000 Einwohner"]
    for rank, city in enumerate(rows, start=1):
        per_1000 = city.facts[month].carsharing
        cars = round(per_1000 * city.population / 1000)
        lines.append(f"{rank};{city.name};{city.population};{cars};{per_1000:.2f}".replace(".", ","))
    return ("\n".join(lines) + "\n").encode("utf-8")


def lorawan_json(month: str) -> bytes:
    """Gateway list in the plain ``[{id, name, lat, lon}]`` form (TTN map exports reduce to it)."""
    gateways = []
    for city in CITIES:
        n = city.facts[month].gateways
        # Seeded by city only: a gateway present in month 1 stays at the same place in month 2.
        for k, (lat, lon) in enumerate(points_in_city(city, n, f"gw-{city.ags}")):
            gateways.append(
                {
                    "id": f"eui-17{city.ags[2:5]}{k:08x}",
                    "name": f"{city.slug}-gw-{k + 1}",
                    "lat": lat,
                    "lon": lon,
                }
            )
    for k, (lat, lon) in enumerate(points_outside(2, "gw-outside")):
        gateways.append({"id": f"eui-170000{k:08x}", "name": f"feld-gw-{k + 1}", "lat": lat, "lon": lon})
    return (json.dumps(gateways, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- the BNetzA charging-station register (xlsx with preamble and header row) ------------------

BNETZA_HEADER = [
    "Betreiber",
    "Straße",
    "Hausnummer",
    "Adresszusatz",
    "Postleitzahl",
    "Ort",
    "Bundesland",
    "Kreis/kreisfreie Stadt",
    "Breitengrad",
    "Längengrad",
    "Inbetriebnahmedatum",
    "Anschlussleistung",
    "Art der Ladeeinrichung",  # sic: the publisher's typo
    "Anzahl Ladepunkte",
    "Steckertypen1",
    "P1 [kW]",
    "Public Key1",
    "Steckertypen2",
    "P2 [kW]",
    "Public Key2",
    "Steckertypen3",
    "P3 [kW]",
    "Public Key3",
    "Steckertypen4",
    "P4 [kW]",
    "Public Key4",
]
_OPERATORS = (
    "Stadtwerke {name} GmbH",
    "EnBW mobility+ AG und Co.KG",
    "Allego GmbH",
    "innogy eMobility Solutions",
)
_STREETS = (
    "Hauptstraße",
    "Bahnhofstraße",
    "Marktplatz",
    "Schulstraße",
    "Am Rathaus",
    "Ringstraße",
    "Parkweg",
)


def bnetza_stations(month: str) -> list[dict]:
    """The register's stations for ``month``: per city its stations (older ones stay, new ones added)."""
    stand = stand_date(month)
    stations = []
    for city in CITIES:
        facts = city.facts[month]
        # Positions and attributes are seeded per city and station index, so month 2 keeps month 1's stations.
        coords = points_in_city(city, facts.stations, f"st-{city.ags}")
        rng = random.Random(f"st-attr-{city.ags}")
        for k, (lat, lon) in enumerate(coords):
            fast = random.Random(f"fast-{city.ags}-{k}").random() < facts.fast_share
            points = 2 if rng.random() < facts.points_per_station - 1 else 1
            stations.append(
                {
                    "operator": _OPERATORS[k % len(_OPERATORS)].format(name=city.name),
                    "street": _STREETS[k % len(_STREETS)],
                    "number": str(1 + (k * 7) % 90),
                    "postcode": int(f"9{city.ags[3:5]}{k % 10}{k % 7}"),
                    "city": city.name,
                    "kreis": f"Kreisfreie Stadt {city.name}",
                    "lat": lat,
                    "lon": lon,
                    # Commissioned within the 36 months before the month's Stand (older ones first).
                    "commissioned": date.fromordinal(
                        stand.toordinal() - 1100 + k * 1080 // max(facts.stations, 1)
                    ),
                    "fast": fast,
                    "points": points,
                }
            )
    # Two stations outside every demo city, and one with its coordinates missing: geo must count both.
    for k, (lat, lon) in enumerate(points_outside(2, "st-outside")):
        stations.append(
            {
                "operator": "Autohof Demoland GmbH",
                "street": "An der Autobahn",
                "number": str(k + 1),
                "postcode": 99990 + k,
                "city": "Feldheim",
                "kreis": "Landkreis Feldheim",
                "lat": lat,
                "lon": lon,
                "commissioned": date(2020, 6, 1),
                "fast": True,
                "points": 2,
            }
        )
    stations.append(
        {
            "operator": "Privat Parken e.K.",
            "street": "Lindenweg",
            "number": "3",
            "postcode": 99980,
            "city": "Feldheim",
            "kreis": "Landkreis Feldheim",
            "lat": None,
            "lon": None,
            "commissioned": date(2019, 3, 1),
            "fast": False,
            "points": 1,
        }
    )
    return stations


def _excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def bnetza_xlsx(month: str) -> bytes:
    """The register as the Bundesnetzagentur publishes it: preamble, group header, header row 6."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Ladesäulenregister BNetzA"
    ws["A1"] = "Ladesäulenregister Bundesnetzagentur"
    ws["A3"] = f"Stand: {stand_date(month):%d.%m.%Y}"
    ws["A5"] = "Allgemeine Informationen"
    for k, col in enumerate(("O", "R", "U", "X"), start=1):
        ws[f"{col}5"] = f"{k}. Ladepunkt"
    ws.append([])  # keep row 6 as the header row: openpyxl appends after the last used row (5)
    for c, name in enumerate(BNETZA_HEADER, start=1):
        ws.cell(row=6, column=c, value=name)
    for r, st in enumerate(bnetza_stations(month), start=7):
        power = 50.0 if st["fast"] else 22.0
        plugs = "DC Kupplung Combo, DC CHAdeMO" if st["fast"] else "AC Steckdose Typ 2"
        row = [
            st["operator"],
            st["street"],
            st["number"],
            None,
            st["postcode"],
            st["city"],
            STATE,
            st["kreis"],
            st["lat"],
            st["lon"],
            _excel_serial(st["commissioned"]),
            power * st["points"],
            "Schnellladeeinrichtung" if st["fast"] else "Normalladeeinrichtung",
            st["points"],
        ]
        for p in range(4):
            row += [plugs, power, None] if p < st["points"] else [None, None, None]
        for c, value in enumerate(row, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if c == 11:
                    cell.number_format = "DD.MM.YYYY"
    fixed = _fixed_datetime()
    wb.properties.creator = "Bundesnetzagentur (Demoland demo)"
    wb.properties.created = fixed
    wb.properties.modified = fixed
    buf = io.BytesIO()
    wb.save(buf)
    return _normalize_zip(buf.getvalue())


def _fixed_datetime():
    from datetime import datetime

    return datetime(2021, 1, 1, 0, 0, 0)


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx) with fixed member timestamps and a fixed modification date in core.xml."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                import re

                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2021-01-01T00:00:00Z\g<2>",
                    body,
                )
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
    return out.getvalue()


# --- boundaries: a VG250-like shapefile set (EPSG:25832), zipped like the BKG download -------------

VG250_MEMBER_DIR = "vg250_01-01.utm32s.shape.ebenen/vg250_ebenen_0101"


def boundaries_frame():
    import geopandas as gpd

    rows = []
    for k, city in enumerate(CITIES):
        ars = city.ags[:5] + "0000" + city.ags[5:]
        rows.append(
            {
                "OBJID": f"DEBKGDEMO{k + 1:07d}",
                "ADE": 6,
                "GF": 4,
                "BSG": 1,
                "ARS": ars,
                "AGS": city.ags,
                "SDV_ARS": ars,
                "GEN": city.name,
                "BEZ": "Stadt",
                "IBZ": 60,
                "BEM": "kreisfrei",
                "NBD": "ja",
                "SN_L": city.ags[:2],
                "SN_R": city.ags[2],
                "SN_K": city.ags[3:5],
                "SN_V1": "00",
                "SN_V2": "00",
                "SN_G": city.ags[5:],
                "FK_S3": "R",
                "NUTS": f"DEZ{k + 1:02d}",
                "ARS_0": ars,
                "AGS_0": city.ags,
                "geometry": _polygon(city),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=CRS)


def boundaries_zip(workdir: Path) -> bytes:
    """``VG250_GEM.{shp,shx,dbf,prj,cpg}`` in the BKG folder layout, zipped with fixed timestamps."""
    shp_dir = workdir / "vg250-build"
    shp_dir.mkdir(parents=True, exist_ok=True)
    target = shp_dir / "VG250_GEM.shp"
    boundaries_frame().to_file(target, driver="ESRI Shapefile", encoding="UTF-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for ext in ("cpg", "dbf", "prj", "shp", "shx"):
            path = shp_dir / f"VG250_GEM.{ext}"
            body = path.read_bytes()
            if ext == "dbf":
                body = body[:1] + bytes([121, 1, 1]) + body[4:]  # dBASE "last update" = fixed date
            member = zipfile.ZipInfo(f"{VG250_MEMBER_DIR}/VG250_GEM.{ext}", date_time=FIXED_ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, body)
        # BKG ships the territorial status date beside the layers.
        member = zipfile.ZipInfo(f"{VG250_MEMBER_DIR}/aktualitaet.txt", date_time=FIXED_ZIP_TIME)
        member.external_attr = 0o644 << 16
        dst.writestr(member, b"01.01.2021\n\n")
    return out.getvalue()


def boundaries_geojson() -> bytes:
    """The same boundaries as GeoJSON in EPSG:25832 (for tools that prefer one file)."""
    return boundaries_frame().to_json(drop_id=True).encode("utf-8")


# --- all files of one month ----------------------------------------------------------------------

# source name -> file name inside the month's directory (a directory for a multi-file "Paket")
SOURCE_FILES = {
    "population": "population_{month}.csv",
    "boundaries": "vg250_01-01.utm32s.shape.ebenen.zip",
    "bnetza_ladesaeulen": "Ladesaeulenregister_{month}.xlsx",
    "breitbandatlas": "breitbandatlas_{month}",
    "kba": "pkw-bestand_{month}.csv",
    "mastr": "renewable_energy_{month}.csv",
    "carsharing": "carsharing_staedteranking_{month}.csv",
    "lorawan": "gateways_{month}.json",
}


def source_file_bytes(source: str, month: str, workdir: Path) -> dict[str, bytes]:
    """The file(s) of ``source`` for ``month``: {relative name: bytes} ('' = the file itself)."""
    check_demo_month(month)
    builders = {
        "population": lambda: {"": population_csv()},
        "boundaries": lambda: {"": boundaries_zip(workdir)},
        "bnetza_ladesaeulen": lambda: {"": bnetza_xlsx(month)},
        # A Breitbandatlas "Paket": the Gemeinde household table and the Kreis mobile statistics.
        "breitbandatlas": lambda: {
            f"gemeinde_bezirke_privat_{month}.csv": breitband_csv(month),
            f"landkreis_mobilfunk_stats_{month}.csv": mobilfunk_csv(month),
        },
        "kba": lambda: {"": kba_csv(month)},
        "mastr": lambda: {"": mastr_csv(month)},
        "carsharing": lambda: {"": carsharing_csv(month)},
        "lorawan": lambda: {"": lorawan_json(month)},
    }
    return builders[source]()


def write_world_month(world_dir: Path, month: str) -> dict[str, Path]:
    """Write every source file of ``month`` under ``world_dir/<month>/`` (unchanged files untouched)."""
    from normalize.storage import atomic_write_bytes

    month_dir = world_dir / month
    month_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for source, pattern in SOURCE_FILES.items():
        target = month_dir / pattern.format(month=month)
        for name, body in source_file_bytes(source, month, world_dir / ".build").items():
            path = target / name if name else target
            if not path.exists() or path.read_bytes() != body:
                atomic_write_bytes(path, body)
        paths[source] = target
    return paths


def write_cities_csv(world_dir: Path, websites: dict[str, str]) -> Path:
    from normalize.storage import atomic_write_bytes

    return atomic_write_bytes(world_dir / "cities.csv", cities_csv(websites))


# --- research entries (the researchers' CSV files, data/research/ layout) --------------------------

# (area file, city, parameter, value, note, checked_on): entries checked in May apply from 2021-05,
# the June ones only from 2021-06 (a research change that shows up as a trend).
RESEARCH_ENTRIES = (
    (
        "verwaltung",
        "17001000",
        "verwaltung.interne_prozesse.eakte",
        "ja",
        "E-Akte in allen Ämtern",
        "2021-04-28",
    ),
    ("verwaltung", "17001000", "verwaltung.interne_prozesse.dms", "ja", "DMS seit 2019", "2021-04-28"),
    ("verwaltung", "17002000", "verwaltung.interne_prozesse.dms", "ja", "Ratsbeschluss DMS", "2021-04-30"),
    (
        "verwaltung",
        "17004000",
        "verwaltung.interne_prozesse.eakte",
        "nein",
        "E-Akte erst geplant",
        "2021-04-30",
    ),
    (
        "verwaltung",
        "17004000",
        "verwaltung.interne_prozesse.eakte",
        "ja",
        "E-Akte im Bürgeramt",
        "2021-06-08",
    ),
    (
        "verwaltung",
        "17001000",
        "verwaltung.pilotprojekte.pilotprojekte",
        "25",
        "5 Pilotprojekte",
        "2021-04-28",
    ),
    (
        "verwaltung",
        "17003000",
        "verwaltung.pilotprojekte.pilotprojekte",
        "10",
        "2 Pilotprojekte",
        "2021-04-29",
    ),
    (
        "it_kommunikation",
        "17001000",
        "it_kommunikation.netzwerktechnologien.nb_iot",
        "ja",
        "NB-IoT-Netz",
        "2021-04-28",
    ),
    (
        "it_kommunikation",
        "17002000",
        "it_kommunikation.public_wlan.abdeckung",
        "2",
        "WLAN in der City",
        "2021-04-30",
    ),
    (
        "energie_umwelt",
        "17001000",
        "energie_umwelt.energieloesungen.smart_meter",
        "ja",
        "Smart-Meter-Rollout",
        "2021-04-28",
    ),
    (
        "energie_umwelt",
        "17005000",
        "energie_umwelt.emissionsarme_busse.anteil",
        "34.5",
        "34,5 % E-Busse",
        "2021-05-03",
    ),
    (
        "energie_umwelt",
        "17002000",
        "energie_umwelt.emissionsarme_busse.anteil",
        "12",
        "12 % E-Busse",
        "2021-05-03",
    ),
    ("mobilitaet", "17002000", "mobilitaet.sharing.ridepooling", "ja", "Ridepooling-Dienst", "2021-04-30"),
    ("mobilitaet", "17007000", "mobilitaet.sharing.e_roller", "ja", "E-Scooter seit 2020", "2021-05-02"),
    (
        "mobilitaet",
        "17006000",
        "mobilitaet.letzte_meile.paketstationen",
        "ja",
        "Paketstationen",
        "2021-06-09",
    ),
    ("gesellschaft", "17003000", "gesellschaft.digital_szene.code_for_germany", "ja", "OK Lab", "2021-05-02"),
    (
        "gesellschaft",
        "17001000",
        "gesellschaft.fablabs_coworking.coworking_anzahl",
        "6",
        "6 Coworking-Spaces",
        "2021-04-28",
    ),
)


def research_files() -> dict[str, bytes]:
    """One CSV per area with the demo research entries (``city_ags,parameter_id,value,...``)."""
    files: dict[str, io.StringIO] = {}
    for area, ags, pid, value, note, checked in RESEARCH_ENTRIES:
        slug = city_by_ags(ags).slug
        if area not in files:
            files[area] = io.StringIO()
            csv.writer(files[area], lineterminator="\n").writerow(
                ["city_ags", "parameter_id", "value", "evidence_url", "note", "researcher", "checked_on"]
            )
        url = f"https://www.{slug}.example/ratsinfo/{pid.split('.')[-1]}"
        csv.writer(files[area], lineterminator="\n").writerow(
            [ags, pid, value, url, note, "demo-research", checked]
        )
    return {f"{area}.csv": buf.getvalue().encode("utf-8") for area, buf in files.items()}


def write_research(world_dir: Path) -> Path:
    from normalize.storage import atomic_write_bytes

    directory = world_dir / "research"
    for name, body in research_files().items():
        target = directory / name
        if not target.exists() or target.read_bytes() != body:
            atomic_write_bytes(target, body)
    return directory
