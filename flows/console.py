"""Shared rich console and error helpers for CLI commands."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console

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
