"""Guards for ZIP archives (shapefile bundles, data packages, and XLSX, which is a ZIP too).

Before anything decompresses an archive we check its central directory: a truncated or corrupt
file gets a clear error instead of a library traceback, and an archive that would expand far
beyond any real publisher file (a 'zip bomb') is refused by total size, member count and ratio.
Extraction streams every member with a hard byte cap, so a lying header cannot get past it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from sources.errors import UnsafeArchive

_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """Upper bounds for an archive. Real files are far below: the 2022 register XLSX expands 6.4x
    overall (28x for its largest member) to 26 MB."""

    max_total_bytes: int = 2 * 1024**3
    max_members: int = 10_000
    max_ratio: float = 100.0  # whole archive: uncompressed / compressed
    max_member_ratio: float = 1_000.0  # one member (only checked above 1 MiB uncompressed)


DEFAULT_LIMITS = ArchiveLimits()


def open_checked_zip(
    path: Path | str, *, what: str = "ZIP", limits: ArchiveLimits = DEFAULT_LIMITS
) -> zipfile.ZipFile:
    """Open ``path`` as a ZIP after checking it is complete and not a bomb; the caller closes it."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(
            path, f"not a complete {what} archive (truncated or corrupt: {exc})", edition=what
        ) from exc
    except OSError as exc:
        raise UnsafeArchive(path, f"cannot open as {what}: {exc}", edition=what) from exc
    try:
        check_zip_infos(path, zf.infolist(), what=what, limits=limits)
    except BaseException:
        zf.close()
        raise
    return zf


def check_zip_infos(
    path: Path, infos: list[zipfile.ZipInfo], *, what: str, limits: ArchiveLimits = DEFAULT_LIMITS
) -> None:
    if len(infos) > limits.max_members:
        raise UnsafeArchive(
            path, f"{what} has {len(infos)} members (limit {limits.max_members})", edition=what
        )
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > limits.max_total_bytes:
        raise UnsafeArchive(
            path,
            f"{what} would expand to {total:,} bytes (limit {limits.max_total_bytes:,}): refusing a zip bomb",
            edition=what,
        )
    if packed and total / packed > limits.max_ratio and total > 1 << 20:
        raise UnsafeArchive(
            path,
            f"{what} compression ratio {total / packed:.0f}:1 exceeds {limits.max_ratio:.0f}:1: refusing a zip bomb",
            edition=what,
        )
    for info in infos:
        if info.file_size > 1 << 20 and info.file_size / max(info.compress_size, 1) > limits.max_member_ratio:
            raise UnsafeArchive(
                path,
                f"{what} member {info.filename!r} expands {info.file_size / max(info.compress_size, 1):.0f}:1: "
                "refusing a zip bomb",
                edition=what,
            )


def check_zip(path: Path | str, *, what: str = "ZIP", limits: ArchiveLimits = DEFAULT_LIMITS) -> list[str]:
    """Check ``path`` (raises UnsafeArchive) and return its member names."""
    with open_checked_zip(path, what=what, limits=limits) as zf:
        return zf.namelist()


def _safe_member_path(dest: Path, name: str) -> Path | None:
    pure = PurePosixPath(name)
    if name.endswith("/") or pure.is_absolute() or ".." in pure.parts:
        return None
    return dest.joinpath(*pure.parts)


def extract_zip(
    path: Path | str,
    dest: Path | str,
    *,
    members: list[str] | None = None,
    what: str = "ZIP",
    limits: ArchiveLimits = DEFAULT_LIMITS,
) -> list[Path]:
    """Extract (selected) members into ``dest`` with a hard cap on the bytes actually written.

    Member names that are absolute or climb out with ``..`` are skipped (zip-slip).
    """
    path, dest = Path(path), Path(dest)
    written: list[Path] = []
    budget = limits.max_total_bytes
    with open_checked_zip(path, what=what, limits=limits) as zf:
        wanted = set(members) if members is not None else None
        for info in zf.infolist():
            if wanted is not None and info.filename not in wanted:
                continue
            target = _safe_member_path(dest, info.filename)
            if target is None:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with zf.open(info) as src, open(target, "wb") as out:
                    for chunk in iter(lambda src=src: src.read(_CHUNK), b""):
                        budget -= len(chunk)
                        if budget < 0:
                            raise UnsafeArchive(
                                path,
                                f"{what} expands beyond {limits.max_total_bytes:,} bytes while extracting",
                                edition=what,
                            )
                        out.write(chunk)
            except (zipfile.BadZipFile, EOFError, OSError) as exc:
                if isinstance(exc, UnsafeArchive):
                    raise
                raise UnsafeArchive(
                    path,
                    f"member {info.filename!r} cannot be read (truncated or corrupt: {exc})",
                    edition=what,
                ) from exc
            written.append(target)
    return written
