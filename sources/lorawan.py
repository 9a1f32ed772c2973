"""LoRaWAN gateway locations: The Things Network / Packet Broker map APIs and plain lists.

Accepted JSON shapes (detected by content):

- a plain list of ``{"id", "name", "lat", "lon"}`` (``latitude``/``longitude`` also accepted), like
  the hand-kept list in shared (whose quirks, uneven indentation and a number followed by a
  trailing space, ``"lon":9.98358 ``, are valid JSON and parse as such);
- the TTN v2 gateway map API (``/gateway-data/...``): an object keyed by gateway id, each value
  with ``description`` and ``location: {latitude, longitude, altitude}``, plus ``online``;
- the Packet Broker mapper API used by the TTN v3 map (``/api/v2/gateways``): a list of objects with
  ``id`` (and ``eui``, ``netID``, ``tenantID``), ``location: {latitude, longitude}`` and ``online``;
- a GeoJSON FeatureCollection of points, and any of the above wrapped as ``{"gateways": [...]}``.

Output: ``gateway_id, name, lat, lon, online`` (online: nullable bool, False = reported offline).
Gateways without a location (or at exactly 0/0, the map's "unset" value) are dropped and counted;
a repeated id keeps its first location.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
import pandas as pd
import pandera.pandas as pa

from normalize.cities import City
from sources.adapter import RowBuilder, fmt, population_lookup
from sources.errors import SourceParseError
from sources.http import FetchPolicy, download
from sources.snapshots import Snapshot
from sources.tabular import decode_text, validate_table

NAME = "lorawan"
TITLE = "LoRaWAN gateways (The Things Network map via the Packet Broker mapper API)"
URL = "https://mapper.packetbroker.net/api/v2/gateways"
KIND = "points"
USES_POPULATION = True
PARAMETERS = ("it_kommunikation.netzwerktechnologien.lorawan_gateways",)
VERSION = "lorawan/1"
EXPECTS = ("json",)
POLICY = FetchPolicy(max_bytes=300 * 1024**2, read_timeout=120.0)
COLUMNS = ("gateway_id", "name", "lat", "lon", "online")

SCHEMA = pa.DataFrameSchema(
    {
        "gateway_id": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "name": pa.Column(str, nullable=True),
        "lat": pa.Column(float, pa.Check.in_range(-90, 90)),
        "lon": pa.Column(float, pa.Check.in_range(-180, 180)),
        "online": pa.Column("boolean", nullable=True),
    },
    strict=True,
    name="lorawan",
)


def fetch(data_dir: Path | str, *, client: httpx.Client | None = None, url: str | None = None) -> Snapshot:
    return download(NAME, url or URL, data_dir, client=client, policy=POLICY, expect=EXPECTS)


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        return None
    return None if math.isnan(number) else number


def _first(obj: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in obj and obj[key] not in (None, ""):
            return obj[key]
    return None


def _gateway(obj: Any, fallback_id: str | None = None) -> dict[str, Any] | None:
    """One gateway dict in any supported shape -> canonical fields, or None if not a gateway."""
    if not isinstance(obj, dict):
        return None
    if obj.get("type") == "Feature":
        geometry = obj.get("geometry") or {}
        props = dict(obj.get("properties") or {})
        coords = geometry.get("coordinates") or [None, None]
        props.setdefault("lon", coords[0] if len(coords) > 0 else None)
        props.setdefault("lat", coords[1] if len(coords) > 1 else None)
        props.setdefault("id", obj.get("id"))
        obj = props
    location = obj.get("location") if isinstance(obj.get("location"), dict) else {}
    gateway_id = _first(obj, "id", "gateway_id", "gatewayID", "eui") or fallback_id
    lat = _number(
        _first(obj, "lat", "latitude")
        if _first(obj, "lat", "latitude") is not None
        else _first(location, "latitude", "lat")
    )
    lon = _number(
        _first(obj, "lon", "lng", "longitude")
        if _first(obj, "lon", "lng", "longitude") is not None
        else _first(location, "longitude", "lon", "lng")
    )
    online = obj.get("online")
    return {
        "gateway_id": None if gateway_id is None else str(gateway_id).strip(),
        "name": _first(obj, "name", "description", "title"),
        "lat": lat,
        "lon": lon,
        "online": online if isinstance(online, bool) else None,
    }


def _items(data: Any) -> tuple[list[tuple[Any, str | None]], str]:
    """The gateway objects of a document and the dialect name."""
    if isinstance(data, list):
        shape = "list"
        if data and isinstance(data[0], dict) and isinstance(data[0].get("location"), dict):
            shape = "Packet Broker mapper list"
        elif data and isinstance(data[0], dict) and {"lat", "lon"} <= set(data[0]):
            shape = "plain {id,name,lat,lon} list"
        return [(item, None) for item in data], shape
    if isinstance(data, dict):
        if data.get("type") == "FeatureCollection":
            return [(f, None) for f in data.get("features") or []], "GeoJSON FeatureCollection"
        for key in ("gateways", "items", "data", "results"):
            if isinstance(data.get(key), list):
                items, shape = _items(data[key])
                return items, f"{shape} under {key!r}"
        values = list(data.values())
        if values and all(isinstance(v, dict) for v in values):
            return [(v, str(k)) for k, v in data.items()], "TTN v2 gateway map (object keyed by id)"
    return [], "unknown JSON"


def parse(path: Path | str, *, filename: str | None = None, as_of: str | None = None) -> pd.DataFrame:
    """Gateways with a location, one row per gateway id."""
    path = Path(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as exc:
        raise SourceParseError(path, f"cannot read the file: {exc}", edition="JSON") from exc
    text, _ = decode_text(data_bytes, path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceParseError(path, f"not valid JSON ({exc})", edition="JSON") from exc
    items, shape = _items(data)
    if shape == "unknown JSON":
        raise SourceParseError(
            path,
            "no gateway list found (expected a list, a FeatureCollection or an object keyed by id)",
            edition=shape,
        )
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    dropped = {"no id": 0, "no location": 0, "duplicate id": 0}
    for obj, key in items:
        gw = _gateway(obj, key)
        if gw is None or not gw["gateway_id"]:
            dropped["no id"] += 1
            continue
        if gw["lat"] is None or gw["lon"] is None or (gw["lat"] == 0 and gw["lon"] == 0):
            dropped["no location"] += 1
            continue
        if gw["gateway_id"] in seen:
            dropped["duplicate id"] += 1
            continue
        seen.add(gw["gateway_id"])
        gw["name"] = None if gw["name"] is None else str(gw["name"]).strip()
        rows.append(gw)
    if not rows:
        raise SourceParseError(
            path, f"contains no gateway with an id and a location ({len(items)} entries read)", edition=shape
        )
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.astype({"gateway_id": "str", "name": "str", "lat": float, "lon": float})
    frame["online"] = pd.array(frame["online"].tolist(), dtype="boolean")
    validated = validate_table(frame, SCHEMA, path, edition=shape)
    validated.attrs.update(
        {"edition": shape, "as_of": as_of, "dropped": {k: v for k, v in dropped.items() if v}}
    )
    return validated


def to_parameters(
    table: pd.DataFrame,
    *,
    month: str,
    cities: Sequence[City],
    population: pd.DataFrame | None,
    snapshot: Snapshot | None,
    run_id: str | None = None,
    unmatched: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gateways per 100,000 inhabitants from the geo-matched gateway table (``city_ags`` column).

    Gateways the map reports offline (``online`` False) are not counted; unknown counts as online.
    """
    if "city_ags" not in table.columns:
        raise ValueError("to_parameters needs the geo-matched table (a city_ags column)")
    (parameter_id,) = PARAMETERS
    builder = RowBuilder(
        source=NAME, month=month, snapshot=snapshot, method="geo", version=VERSION, run_id=run_id
    )
    pops = population_lookup(population, cities)
    active = table[table["city_ags"].notna()]
    if "online" in active.columns:
        active = active[active["online"].fillna(True).astype(bool)]
    grouped = {ags: group for ags, group in active.groupby("city_ags")}
    for city in cities:
        rule = f"{NAME}:gateways within boundary of {city.ags}"
        if city.ags in set(unmatched):
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=f"no boundary for {city.name} ({city.ags}): gateways not matched",
            )
            continue
        group = grouped.get(city.ags)
        count = 0 if group is None else len(group)
        pop = pops.get(city.ags)
        if pop is None:
            builder.missing(
                city_ags=city.ags,
                parameter_id=parameter_id,
                rule_id=rule,
                reason=f"{count} gateways; no population for {city.ags}",
            )
            continue
        value = count / pop.population * 100_000
        items = [] if group is None else sorted(group["gateway_id"].astype(str))
        builder.add(
            city_ags=city.ags,
            parameter_id=parameter_id,
            value=value,
            status="value",
            raw=f"{fmt(value, 3)} per 100,000 ({count} gateways inside {city.name} / {pop.describe()})",
            rule_id=rule,
            items=items,
        )
    return builder.frames()
