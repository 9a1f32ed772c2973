"""Immutable raw snapshots of every file a source adapter read.

Layout under the data dir::

    raw/<source>/<sha256>.<ext>          the bytes exactly as downloaded (or as the local file)
    raw/<source>/<sha256>.meta.json      sidecar: url, final_url, status, headers, fetched_at, size,
                                         sha256, etag, last_modified, ext, original_name, origin
    raw/<source>/latest.json             pointer to the snapshot the last fetch resolved to, with the
                                         ETag/Last-Modified to send on the next conditional GET

A snapshot file is never rewritten: the same bytes always land at the same name, so a re-download of
an unchanged file (or a 304) reuses the existing snapshot. The sidecar is named ``.meta.json`` (not
``<sha256>.json``) so that it cannot collide with a JSON snapshot such as a gateway list.

A local ``--file`` is snapshotted the same way; a directory (e.g. a shapefile set) or a ``.shp``
with its sibling files becomes one deterministic ZIP (sorted names, fixed timestamps), so the same
set of files always has the same sha256.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from normalize.storage import atomic_write_json

RAW_DIR = "raw"
LATEST_FILE = "latest.json"
SIDECAR_SUFFIX = ".meta.json"
_CHUNK = 1 << 20
# Files that travel with a shapefile and are bundled when a single .shp is given.
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".xml")
SHAPEFILE_COMPANIONS = ("aktualitaet.txt",)


@dataclass(frozen=True)
class Snapshot:
    """One raw file of a source: where it is, its hash, its sidecar metadata, and whether it was reused."""

    source: str
    path: Path
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)
    reused: bool = False

    @property
    def url(self) -> str | None:
        return self.meta.get("url")

    @property
    def final_url(self) -> str | None:
        return self.meta.get("final_url")

    @property
    def fetched_at(self) -> str | None:
        return self.meta.get("fetched_at")

    @property
    def original_name(self) -> str:
        """The file name the publisher (or the user) gave the file; used for edition hints."""
        return self.meta.get("original_name") or self.path.name

    @property
    def size(self) -> int:
        return int(self.meta.get("size") or self.path.stat().st_size)


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def raw_dir(data_dir: Path | str, source: str) -> Path:
    if not source or "/" in source or source.startswith("."):
        raise ValueError(f"invalid source name {source!r}")
    return Path(data_dir) / RAW_DIR / source


def sidecar_path(snapshot_path: Path | str) -> Path:
    path = Path(snapshot_path)
    sha = path.name.split(".", 1)[0]
    return path.with_name(sha + SIDECAR_SUFFIX)


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot_target(data_dir: Path | str, source: str, sha256: str, ext: str) -> Path:
    ext = (ext or "bin").lower().lstrip(".")
    if not ext.isalnum():
        raise ValueError(f"invalid snapshot extension {ext!r}")
    return raw_dir(data_dir, source) / f"{sha256}.{ext}"


def commit_file(
    source: str,
    tmp_file: Path,
    *,
    sha256: str,
    ext: str,
    meta: dict[str, Any],
    data_dir: Path | str,
) -> Snapshot:
    """Move a fully written temp file into place as ``<sha256>.<ext>`` (or reuse an existing one).

    The data file is renamed into place before its sidecar is written; a data file without a
    sidecar (a crash in between) is repaired by the next commit of the same bytes.
    """
    target = _snapshot_target(data_dir, source, sha256, ext)
    target.parent.mkdir(parents=True, exist_ok=True)
    side = sidecar_path(target)
    if target.exists() and side.exists():
        with contextlib.suppress(FileNotFoundError):
            Path(tmp_file).unlink()
        return replace(read_snapshot(target, source=source), reused=True)
    os.replace(tmp_file, target)
    full_meta = {"source": source, "sha256": sha256, "ext": target.suffix.lstrip("."), **meta}
    full_meta.setdefault("size", target.stat().st_size)
    atomic_write_json(side, full_meta)
    return Snapshot(source=source, path=target, sha256=sha256, meta=full_meta, reused=False)


def read_snapshot(path: Path | str, *, source: str | None = None) -> Snapshot:
    """The Snapshot of a raw file, with its sidecar metadata (empty if the sidecar is missing)."""
    path = Path(path)
    side = sidecar_path(path)
    meta: dict[str, Any] = {}
    if side.exists():
        meta = json.loads(side.read_text(encoding="utf-8"))
    sha = path.name.split(".", 1)[0]
    return Snapshot(source=source or meta.get("source") or path.parent.name, path=path, sha256=sha, meta=meta)


def list_snapshots(source: str, data_dir: Path | str) -> list[Snapshot]:
    """Every snapshot of ``source`` that has a sidecar, oldest first (by fetched_at)."""
    directory = raw_dir(data_dir, source)
    if not directory.is_dir():
        return []
    snaps = []
    for side in directory.glob("*" + SIDECAR_SUFFIX):
        meta = json.loads(side.read_text(encoding="utf-8"))
        data = directory / f"{meta.get('sha256')}.{meta.get('ext')}"
        if data.exists():
            snaps.append(Snapshot(source=source, path=data, sha256=meta["sha256"], meta=meta))
    return sorted(snaps, key=lambda s: (s.fetched_at or "", s.sha256))


def latest_pointer(source: str, data_dir: Path | str) -> dict[str, Any] | None:
    path = raw_dir(data_dir, source) / LATEST_FILE
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def latest_snapshot(source: str, data_dir: Path | str) -> Snapshot | None:
    """The snapshot the last fetch (or ``--file``) of ``source`` resolved to, else the newest one."""
    pointer = latest_pointer(source, data_dir)
    if pointer:
        path = raw_dir(data_dir, source) / pointer["file"]
        if path.exists():
            return read_snapshot(path, source=source)
    snaps = list_snapshots(source, data_dir)
    return snaps[-1] if snaps else None


def set_latest(
    snapshot: Snapshot,
    data_dir: Path | str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    url: str | None = None,
    not_modified: bool = False,
) -> None:
    """Point ``latest.json`` at ``snapshot`` (atomically), keeping what the next conditional GET needs."""
    atomic_write_json(
        raw_dir(data_dir, snapshot.source) / LATEST_FILE,
        {
            "sha256": snapshot.sha256,
            "file": snapshot.path.name,
            "checked_at": utc_now_iso(),
            "url": url if url is not None else snapshot.url,
            "etag": etag,
            "last_modified": last_modified,
            "reused": snapshot.reused,
            "not_modified": not_modified,
        },
    )


# --- local files -----------------------------------------------------------------------------------


def _deterministic_zip(members: list[tuple[str, Path]]) -> bytes:
    """A ZIP whose bytes depend only on member names and contents (sorted, fixed timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, path in sorted(members):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _bundle_members(path: Path) -> list[tuple[str, Path]] | None:
    """Members to bundle for a directory or a lone .shp; None for a plain file."""
    if path.is_dir():
        return [
            (p.relative_to(path).as_posix(), p)
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
    if path.suffix.lower() == ".shp":
        members = [
            (p.name, p)
            for p in path.parent.iterdir()
            if p.is_file() and p.stem == path.stem and p.suffix.lower() in SHAPEFILE_PARTS
        ]
        members += [(p.name, p) for p in path.parent.iterdir() if p.name.lower() in SHAPEFILE_COMPANIONS]
        return members
    return None


def snapshot_file(
    source: str,
    path: Path | str,
    data_dir: Path | str,
    *,
    original_name: str | None = None,
) -> Snapshot:
    """Snapshot a local file (or a directory / shapefile set as one deterministic ZIP) for ``source``.

    The sidecar records where it came from (``origin`` local-file or local-directory, the absolute
    path as a ``file://`` URL); ``latest.json`` then points at it, like after a download.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or directory")
    directory = raw_dir(data_dir, source)
    directory.mkdir(parents=True, exist_ok=True)
    members = _bundle_members(path)
    fd, tmp_name = tempfile.mkstemp(prefix=".snapshot.", suffix=".tmp", dir=directory)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        if members is not None:
            if not members:
                raise FileNotFoundError(f"{path}: the directory holds no files")
            tmp.write_bytes(_deterministic_zip(members))
            ext = "zip"
            origin = "local-directory" if path.is_dir() else "local-shapefile"
            name = original_name or (path.name + ".zip" if path.is_dir() else path.stem + ".zip")
        else:
            shutil.copyfile(path, tmp)
            ext = path.suffix.lstrip(".").lower() or "bin"
            origin = "local-file"
            name = original_name or path.name
        sha = file_sha256(tmp)
        meta = {
            "url": path.resolve().as_uri(),
            "final_url": path.resolve().as_uri(),
            "status": None,
            "headers": {},
            "fetched_at": utc_now_iso(),
            "size": tmp.stat().st_size,
            "etag": None,
            "last_modified": None,
            "original_name": name,
            "origin": origin,
        }
        if members is not None:
            meta["members"] = sorted(n for n, _ in members)
        snap = commit_file(source, tmp, sha256=sha, ext=ext, meta=meta, data_dir=data_dir)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    set_latest(snap, data_dir, url=path.resolve().as_uri())
    return snap
