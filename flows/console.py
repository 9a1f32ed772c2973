"""Shared rich console and error helpers for CLI commands."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

from normalize.cities import AmbiguousCity, City, CityNotFound, CityRegistryError, find_city, load_cities

# soft_wrap: messages and paths are not broken mid-word to fit the terminal (copy-paste keeps working,
# and output doesn't depend on the width of whatever terminal runs the command); tables still fit.
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def say(message: str) -> None:
    """Print a message (rich markup allowed: escape untrusted parts) without wrapping."""
    console.print(message, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error (escaped: it may quote untrusted input) and exit with ``code``."""
    from rich.markup import escape

    err_console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def cities_or_fail(path: Path | None = None) -> list[City]:
    """The city registry (default ``data/cities.csv``), or exit with the registry's error."""
    try:
        return load_cities(path)
    except CityRegistryError as exc:
        fail(str(exc))


def city_or_fail(query: str, cities: list[City]) -> City:
    """One city by name or AGS; an unknown or ambiguous name exits with the candidates listed."""
    try:
        return find_city(query, cities)
    except (CityNotFound, AmbiguousCity) as exc:
        fail(str(exc))
