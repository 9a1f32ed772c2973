"""The ``sci`` command-line interface (typer + rich).

Commands live in :mod:`flows.commands`, one module per group; this file only assembles them and
handles the options every command shares (``--data-dir``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path
from typing import Annotated

import typer

from flows.settings import configure_environment

configure_environment()

app = typer.Typer(
    name="sci",
    help="smartcity-index: collect, score and inspect the Smart City Index month by month.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


@app.callback()
def main(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", envvar="SCI_DATA_DIR", help="Where run outputs live (default ./.sci)."),
    ] = None,
) -> None:
    """smartcity-index: collect, score and inspect the Smart City Index month by month."""
    if data_dir is not None:
        # Every module resolves the data dir through normalize.storage.resolve_data_dir().
        os.environ["SCI_DATA_DIR"] = str(data_dir)


def _register_commands() -> None:
    import flows.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_commands()

if __name__ == "__main__":
    app()
