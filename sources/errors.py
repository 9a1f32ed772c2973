"""Typed errors of the source adapters: what went wrong, named by file or URL.

Run records (flows) store ``type(exc).__name__`` and ``str(exc)``; the messages are written for a
person reading a run log: they name the URL or file, the edition the parser guessed and the column
or value that did not fit.
"""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """Base class of every source adapter error."""


class SourceUnavailable(SourceError):
    """The publisher cannot be reached (DNS, refused, timeout) or keeps failing (5xx/429 after retries)."""

    def __init__(self, message: str, *, url: str | None = None, host: str | None = None):
        super().__init__(message)
        self.url = url
        self.host = host


class SourceFetchError(SourceError):
    """The publisher answered, but not with the expected file (4xx, HTML error page, too large, empty)."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class SourceParseError(SourceError, ValueError):
    """A file cannot be read as the source it claims to be.

    The message names the file, the edition/dialect the parser guessed and the problem (e.g. the
    missing or unexpected column).
    """

    def __init__(
        self,
        path: Path | str,
        problem: str,
        *,
        edition: str | None = None,
        column: str | None = None,
    ):
        self.path = str(path)
        self.problem = problem
        self.edition = edition
        self.column = column
        guessed = f" (edition guessed: {edition})" if edition else ""
        super().__init__(f"{self.path}{guessed}: {problem}")


class UnsafeArchive(SourceParseError):
    """A ZIP/XLSX archive is truncated, corrupt, or would expand beyond the allowed size (a 'bomb')."""
