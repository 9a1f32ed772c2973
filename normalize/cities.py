"""The city registry (``data/cities.csv``) and a forgiving lookup by name or AGS.

The set of cities is data, not code: any CSV with the same columns (any list of municipalities)
can be used instead, e.g. the demo world's.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from normalize.catalog import PROJECT_ROOT

DEFAULT_CITIES_PATH = PROJECT_ROOT / "data" / "cities.csv"
CITY_COLUMNS = ("ags", "name", "state", "population", "population_date", "website", "boundary_vintage")

# First two AGS digits -> Land. Used to check that a registry row's `state` fits its AGS.
STATE_BY_PREFIX = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
AGS_RE = re.compile(r"^\d{8}$")


class CityRegistryError(ValueError):
    """The city file is invalid; the message names the file and line."""


class CityNotFound(LookupError):
    pass


class AmbiguousCity(LookupError):
    def __init__(self, query: str, candidates: list[City]):
        self.query = query
        self.candidates = candidates
        names = "; ".join(f"{c.name} ({c.ags})" for c in candidates)
        super().__init__(f"{query!r} matches {len(candidates)} cities: {names}")


@dataclass(frozen=True)
class City:
    ags: str
    name: str
    state: str
    population: int
    population_date: str
    website: str
    boundary_vintage: str

    @property
    def kreis(self) -> str:
        """The 5-digit Kreis key; for kreisfreie cities the city itself."""
        return self.ags[:5]


def load_cities(path: Path | str | None = None) -> list[City]:
    """Read and validate a city registry (default: ``data/cities.csv``)."""
    if path is None:
        return list(_default_cities())
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_cities() -> tuple[City, ...]:
    return tuple(_load(DEFAULT_CITIES_PATH))


def _load(path: Path) -> list[City]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CityRegistryError(f"{path}: cannot read the city registry: {exc}") from exc
    cities: list[City] = []
    seen: set[str] = set()
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CITY_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CityRegistryError(f"{path}: missing column(s) {', '.join(missing)}")
        for line_no, row in enumerate(reader, start=2):
            where = f"{path}:{line_no}"
            ags = (row["ags"] or "").strip()
            if not AGS_RE.match(ags):
                raise CityRegistryError(f"{where}: AGS {ags!r} is not an 8-digit string")
            if ags in seen:
                raise CityRegistryError(f"{where}: duplicate AGS {ags}")
            seen.add(ags)
            try:
                population = int(str(row["population"]).replace(" ", "").replace(".", ""))
            except ValueError:
                raise CityRegistryError(
                    f"{where}: population {row['population']!r} is not an integer"
                ) from None
            website = (row["website"] or "").strip()
            if not website.startswith(("https://", "http://")):
                raise CityRegistryError(f"{where}: website {website!r} is not an http(s) URL")
            cities.append(
                City(
                    ags=ags,
                    name=row["name"].strip(),
                    state=row["state"].strip(),
                    population=population,
                    population_date=row["population_date"].strip(),
                    website=website,
                    boundary_vintage=row["boundary_vintage"].strip(),
                )
            )
    return cities


def fold_name(text: str) -> str:
    """Fold a place name for lookup: case, umlauts (ü = ue = u), ß, punctuation and spacing."""
    text = text.casefold().replace("ß", "ss")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _loose(text: str) -> str:
    # "Muenchen" and "Munchen" both become "munchen": lets users type umlauts any way.
    return fold_name(text).replace("ae", "a").replace("oe", "o").replace("ue", "u")


def find_city(query: str, cities: list[City] | None = None) -> City:
    """Find one city by AGS or name, forgiving of case, umlauts and punctuation.

    Raises CityNotFound, or AmbiguousCity listing the candidates when a name matches several cities.
    """
    cities = load_cities() if cities is None else cities
    q = query.strip()
    if q.isdigit():
        for city in cities:
            if city.ags == q.zfill(8):
                return city
        raise CityNotFound(f"no city with AGS {q!r}")
    folded, loose = fold_name(q), _loose(q)
    for key in (fold_name, _loose):
        target = folded if key is fold_name else loose
        exact = [c for c in cities if key(c.name) == target]
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            raise AmbiguousCity(query, exact)
    prefix = [c for c in cities if _loose(c.name).startswith(loose)] if loose else []
    if len(prefix) == 1:
        return prefix[0]
    if len(prefix) > 1:
        raise AmbiguousCity(query, prefix)
    raise CityNotFound(f"no city named {query!r}")
