"""The source adapters by name.

Every adapter module defines ``NAME``, ``TITLE``, ``URL`` (the live publisher file), ``KIND``
(``parameters``: feeds catalog parameters itself; ``points``: located points whose parameters come
after geo-matching; ``reference``: a table other steps use, e.g. boundaries or population),
``PARAMETERS`` (the catalog ids it feeds), ``VERSION``, ``fetch(data_dir, *, client=None, url=None)``,
``parse(path, *, filename=None, as_of=None)`` and, unless KIND is reference,
``to_parameters(table, *, month, cities, population, snapshot, run_id=None)``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

ADAPTERS: dict[str, str] = {
    "bnetza_ladesaeulen": "sources.bnetza_ladesaeulen",
    "boundaries": "sources.boundaries",
    "breitbandatlas": "sources.breitbandatlas",
    "carsharing": "sources.carsharing",
    "kba": "sources.kba",
    "lorawan": "sources.lorawan",
    "mastr": "sources.mastr",
    "population": "sources.population",
}


class UnknownSource(KeyError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(name)

    def __str__(self) -> str:
        return f"unknown source {self.name!r}; known: {', '.join(sorted(ADAPTERS))}"


def adapter_names() -> list[str]:
    return sorted(ADAPTERS)


def get_adapter(name: str) -> ModuleType:
    """The adapter module of ``name`` (raises UnknownSource listing the known names)."""
    try:
        module_path = ADAPTERS[name]
    except KeyError:
        raise UnknownSource(name) from None
    return importlib.import_module(module_path)
