"""The catalog: areas, indicators and parameters of the index, loaded from ``data/catalog.yaml``.

The catalog is data, so the team can add parameters without touching code. Loading validates the
whole file and names the offending entry (``areas[0] verwaltung > indicators[1] payment > ...``) on
the first error, so a typo never turns into a silently mis-scored parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CATALOG_PATH = PROJECT_ROOT / "data" / "catalog.yaml"

KINDS = ("boolean", "ordinal", "numeric")
DIRECTIONS = ("higher", "lower")
HOW_PLAIN = ("crawl", "probe", "research")
HOW_NAMED = ("source", "geo")
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_HOW_RE = re.compile(r"^(crawl|probe|research|(source|geo):[a-z][a-z0-9_]*)$")


class CatalogError(ValueError):
    """The catalog file is invalid; the message names the file and the offending entry."""


@dataclass(frozen=True)
class Parameter:
    id: str  # full id: area.indicator.parameter
    key: str  # the parameter's own id inside its indicator
    area_id: str
    indicator_id: str  # full indicator id: area.indicator
    name: str
    kind: str
    weight: float
    how: str
    definition: str
    levels: int | None = None
    direction: str | None = None
    unit: str | None = None
    scale: dict[int, str] | None = None
    pilot: bool = False

    @property
    def method(self) -> str:
        """The parameter-table ``method`` the intended collection produces (crawl, source, geo, ...)."""
        return self.how.split(":", 1)[0]

    @property
    def how_name(self) -> str | None:
        """The named source or geo step of ``how`` (``source:kba`` -> ``kba``), else None."""
        return self.how.split(":", 1)[1] if ":" in self.how else None


@dataclass(frozen=True)
class Indicator:
    id: str  # full id: area.indicator
    key: str
    area_id: str
    name: str
    pilot: bool
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    bonus_cap: float
    indicators: tuple[Indicator, ...]

    @property
    def regular_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if not i.pilot)

    @property
    def pilot_indicator(self) -> Indicator | None:
        return next((i for i in self.indicators if i.pilot), None)


@dataclass(frozen=True)
class Catalog:
    version: str
    areas: tuple[Area, ...]
    path: Path | None = None
    parameters: dict[str, Parameter] = field(default_factory=dict, compare=False)
    indicators: dict[str, Indicator] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for area in self.areas:
            for ind in area.indicators:
                self.indicators[ind.id] = ind
                for par in ind.parameters:
                    self.parameters[par.id] = par

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(f"unknown area {area_id!r}; known: {', '.join(a.id for a in self.areas)}")

    def parameter(self, parameter_id: str) -> Parameter:
        try:
            return self.parameters[parameter_id]
        except KeyError:
            raise KeyError(f"unknown parameter id {parameter_id!r} (catalog {self.version})") from None

    def parameters_by_how(self, how: str) -> list[Parameter]:
        """Parameters whose ``how`` is ``how`` or, for a bare ``source``/``geo``, any named one of it."""
        return [p for p in self.parameters.values() if p.how == how or p.method == how]

    @property
    def counts(self) -> tuple[int, int, int]:
        return len(self.areas), len(self.indicators), len(self.parameters)


def _where(*parts: str) -> str:
    return " > ".join(parts)


def _require(entry: dict[str, Any], key: str, where: str, path: Path | str) -> Any:
    if not isinstance(entry, dict):
        raise CatalogError(f"{path}: {where}: expected a mapping, got {type(entry).__name__}")
    if key not in entry or entry[key] is None or entry[key] == "":
        raise CatalogError(f"{path}: {where}: missing required key {key!r}")
    return entry[key]


def _check_id(value: Any, where: str, path: Path | str) -> str:
    if not isinstance(value, str) or not _ID_RE.match(value):
        raise CatalogError(f"{path}: {where}: invalid id {value!r} (lower-case letters, digits, underscores)")
    return value


def _parse_parameter(
    raw: dict[str, Any], area_id: str, ind_key: str, pilot: bool, where: str, path
) -> Parameter:
    key = _check_id(_require(raw, "id", where, path), where, path)
    where = f"{where} ({key})"
    kind = _require(raw, "kind", where, path)
    if kind not in KINDS:
        raise CatalogError(f"{path}: {where}: unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    levels = raw.get("levels")
    direction = raw.get("direction")
    scale = raw.get("scale")
    if kind == "ordinal":
        if not isinstance(levels, int) or isinstance(levels, bool) or levels < 1:
            raise CatalogError(
                f"{path}: {where}: ordinal parameter needs integer 'levels' >= 1, got {levels!r}"
            )
        if scale is not None:
            if not isinstance(scale, dict) or sorted(scale) != list(range(levels + 1)):
                raise CatalogError(f"{path}: {where}: 'scale' must describe every level 0..{levels}")
            scale = {int(k): str(v) for k, v in scale.items()}
    elif levels is not None:
        raise CatalogError(f"{path}: {where}: 'levels' is only allowed for ordinal parameters")
    if kind == "numeric":
        if direction not in DIRECTIONS:
            raise CatalogError(
                f"{path}: {where}: numeric parameter needs 'direction' higher or lower, got {direction!r}"
            )
    elif direction is not None:
        raise CatalogError(f"{path}: {where}: 'direction' is only allowed for numeric parameters")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
        raise CatalogError(f"{path}: {where}: 'weight' must be a number >= 0, got {weight!r}")
    how = _require(raw, "how", where, path)
    if not isinstance(how, str) or not _HOW_RE.match(how):
        raise CatalogError(
            f"{path}: {where}: invalid how {how!r} (crawl | probe | research | source:NAME | geo:NAME)"
        )
    definition = _require(raw, "definition", where, path)
    name = _require(raw, "name", where, path)
    unknown = set(raw) - {
        "id",
        "name",
        "kind",
        "levels",
        "direction",
        "weight",
        "how",
        "definition",
        "unit",
        "scale",
    }
    if unknown:
        raise CatalogError(f"{path}: {where}: unexpected key(s) {', '.join(sorted(unknown))}")
    if pilot and (kind != "numeric" or key != "pilotprojekte"):
        raise CatalogError(f"{path}: {where}: a pilot indicator holds one numeric parameter 'pilotprojekte'")
    return Parameter(
        id=f"{area_id}.{ind_key}.{key}",
        key=key,
        area_id=area_id,
        indicator_id=f"{area_id}.{ind_key}",
        name=str(name),
        kind=kind,
        weight=float(weight),
        how=how,
        definition=str(definition).strip(),
        levels=levels,
        direction=direction,
        unit=raw.get("unit"),
        scale=scale,
        pilot=pilot,
    )


def parse_catalog(doc: Any, path: Path | str = "<catalog>") -> Catalog:
    """Validate a loaded catalog document and build the :class:`Catalog`."""
    if not isinstance(doc, dict):
        raise CatalogError(f"{path}: the catalog must be a mapping with 'version' and 'areas'")
    version = str(_require(doc, "version", "top level", path))
    raw_areas = _require(doc, "areas", "top level", path)
    if not isinstance(raw_areas, list):
        raise CatalogError(f"{path}: top level: 'areas' must be a list")
    areas: list[Area] = []
    seen_areas: set[str] = set()
    for ai, raw_area in enumerate(raw_areas):
        where_a = f"areas[{ai}]"
        area_id = _check_id(_require(raw_area, "id", where_a, path), where_a, path)
        where_a = f"{where_a} ({area_id})"
        if area_id in seen_areas:
            raise CatalogError(f"{path}: {where_a}: duplicate area id {area_id!r}")
        seen_areas.add(area_id)
        cap = _require(raw_area, "bonus_cap", where_a, path)
        if isinstance(cap, bool) or not isinstance(cap, int | float) or cap < 0:
            raise CatalogError(f"{path}: {where_a}: 'bonus_cap' must be a number >= 0, got {cap!r}")
        raw_inds = _require(raw_area, "indicators", where_a, path)
        indicators: list[Indicator] = []
        seen_inds: set[str] = set()
        for ii, raw_ind in enumerate(raw_inds):
            where_i = _where(where_a, f"indicators[{ii}]")
            ind_key = _check_id(_require(raw_ind, "id", where_i, path), where_i, path)
            where_i = f"{where_i} ({ind_key})"
            if ind_key in seen_inds:
                raise CatalogError(f"{path}: {where_i}: duplicate indicator id {area_id}.{ind_key}")
            seen_inds.add(ind_key)
            pilot = raw_ind.get("pilot", False)
            if not isinstance(pilot, bool):
                raise CatalogError(f"{path}: {where_i}: 'pilot' must be true or false, got {pilot!r}")
            raw_pars = _require(raw_ind, "parameters", where_i, path)
            if not isinstance(raw_pars, list) or not raw_pars:
                raise CatalogError(f"{path}: {where_i}: 'parameters' must be a non-empty list")
            params: list[Parameter] = []
            seen_pars: set[str] = set()
            for pi, raw_par in enumerate(raw_pars):
                where_p = _where(where_i, f"parameters[{pi}]")
                par = _parse_parameter(raw_par, area_id, ind_key, pilot, where_p, path)
                if par.key in seen_pars:
                    raise CatalogError(f"{path}: {where_p} ({par.key}): duplicate parameter id {par.id}")
                seen_pars.add(par.key)
                params.append(par)
            if pilot and len(params) != 1:
                raise CatalogError(f"{path}: {where_i}: a pilot indicator holds exactly one parameter")
            indicators.append(
                Indicator(
                    id=f"{area_id}.{ind_key}",
                    key=ind_key,
                    area_id=area_id,
                    name=str(_require(raw_ind, "name", where_i, path)),
                    pilot=pilot,
                    parameters=tuple(params),
                )
            )
        if sum(i.pilot for i in indicators) > 1:
            raise CatalogError(f"{path}: {where_a}: more than one pilot indicator")
        if not any(not i.pilot for i in indicators):
            raise CatalogError(f"{path}: {where_a}: an area needs at least one regular indicator")
        areas.append(
            Area(
                id=area_id,
                name=str(_require(raw_area, "name", where_a, path)),
                bonus_cap=float(cap),
                indicators=tuple(indicators),
            )
        )
    if not areas:
        raise CatalogError(f"{path}: top level: no areas")
    return Catalog(version=version, areas=tuple(areas), path=Path(path) if path else None)


def load_catalog(path: Path | str | None = None) -> Catalog:
    """Load and validate a catalog file (default: the project's ``data/catalog.yaml``)."""
    if path is None:
        return _default_catalog()
    return _load(Path(path))


def _load(path: Path) -> Catalog:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog: {exc}") from exc
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from exc
    return parse_catalog(doc, path)


@lru_cache(maxsize=1)
def _default_catalog() -> Catalog:
    return _load(DEFAULT_CATALOG_PATH)
