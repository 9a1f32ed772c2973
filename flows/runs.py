"""Run records and the month lock.

Every run of the monthly job (or of one source, the crawl, ...) writes one JSON record to
``<data-dir>/runs/<run_id>.json``: what ran, with which code, catalog and detector versions, and per
step (source, geo, crawl, research, feedback, score, report) and per city its status, counts,
durations, errors and the raw snapshot hashes it used. The record is written atomically when the run
starts (status ``running``) and rewritten after every step, so a killed run leaves a readable record
that :func:`effective_status` reports as ``interrupted``.

Two runs of the same month must not write at once: :func:`month_lock` takes an exclusive
``fcntl.flock`` on ``<data-dir>/locks/month=M.lock``. The kernel drops a flock when its process dies,
so a lock left by a killed run never blocks the next one; the file only carries who holds it (pid,
run id, start time) for the error message.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from normalize.storage import atomic_write_json, pid_alive, resolve_data_dir
from normalize.table import check_month

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PACKAGE_NAME = "smartcity-index"
RUN_STATUSES = ("running", "ok", "partial", "failed", "interrupted")
STEP_STATUSES = ("ok", "failed", "skipped")


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def new_run_id(now: datetime | None = None) -> str:
    """A sortable, unique run id: ``20240601T030000Z-3fa9c1``."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


# --- versions ------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def git_commit(root: Path = PROJECT_ROOT) -> str | None:
    """The checked-out commit (with ``-dirty`` when the tree has changes), or None outside git."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return f"{head}-dirty" if dirty else head or None


def package_version() -> str:
    try:
        return metadata.version(PACKAGE_NAME)
    except metadata.PackageNotFoundError:
        return "0+unknown"


def code_version() -> dict[str, str | None]:
    return {"package": package_version(), "git_commit": git_commit()}


def catalog_version() -> str | None:
    from normalize.catalog import load_catalog

    try:
        return str(load_catalog().version)
    except Exception:  # a broken catalog is reported by the steps that need it
        return None


def detector_version() -> str | None:
    """The detectors' version if the crawler package declares one (``VERSION`` / ``DETECTOR_VERSION``)."""
    try:
        import crawlers.detectors as detectors
    except Exception:
        return None
    for attr in ("DETECTOR_VERSION", "VERSION", "__version__"):
        value = getattr(detectors, attr, None)
        if value:
            return str(value)
    return None


# --- run records ---------------------------------------------------------------------------------


def runs_dir(data_dir: Path | str | None = None) -> Path:
    return resolve_data_dir(data_dir) / "runs"


def run_record_path(data_dir: Path | str | None, run_id: str) -> Path:
    if not run_id or "/" in run_id or run_id.startswith("."):
        raise ValueError(f"invalid run id {run_id!r}")
    return runs_dir(data_dir) / f"{run_id}.json"


class RunRecord:
    """A run record being written: steps are appended as they finish, and every change is saved."""

    def __init__(
        self,
        *,
        month: str,
        data_dir: Path | str | None = None,
        run_id: str | None = None,
        kind: str = "monthly-index",
        options: dict[str, Any] | None = None,
    ) -> None:
        self.data_dir = resolve_data_dir(data_dir)
        self.run_id = run_id or new_run_id()
        self.data: dict[str, Any] = {
            "run_id": self.run_id,
            "kind": kind,
            "month": check_month(month),
            "status": "running",
            "started_at": utc_now_iso(),
            "ended_at": None,
            "duration_s": None,
            "code_version": code_version(),
            "catalog_version": catalog_version(),
            "detector_version": detector_version(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "options": options or {},
            "steps": [],
            "cities": {},
            "errors": [],
        }
        self._t0 = time.monotonic()

    @property
    def path(self) -> Path:
        return run_record_path(self.data_dir, self.run_id)

    def save(self) -> Path:
        return atomic_write_json(self.path, self.data)

    def add_step(self, step: dict[str, Any]) -> dict[str, Any]:
        """Append one step's outcome (see :func:`step_record`) and save."""
        if step.get("status") not in STEP_STATUSES:
            raise ValueError(f"step status must be one of {STEP_STATUSES}, got {step.get('status')!r}")
        self.data["steps"].append(step)
        for ags, city in (step.get("cities") or {}).items():
            self.data["cities"].setdefault(ags, {})[f"{step['kind']}:{step['name']}"] = city
        self.save()
        return step

    def add_error(self, message: str) -> None:
        self.data["errors"].append(message)
        self.save()

    def step(self, kind: str, name: str) -> dict[str, Any] | None:
        for step in self.data["steps"]:
            if step["kind"] == kind and step["name"] == name:
                return step
        return None

    def failed_steps(self) -> list[dict[str, Any]]:
        return [s for s in self.data["steps"] if s["status"] == "failed"]

    def failed_cities(self) -> dict[str, list[str]]:
        """AGS -> the steps that failed for that city (a city can fail inside an ``ok`` crawl)."""
        out: dict[str, list[str]] = {}
        for ags, per_step in self.data["cities"].items():
            bad = [name for name, city in per_step.items() if city.get("status") == "failed"]
            if bad:
                out[ags] = bad
        return out

    def finish(self, status: str | None = None) -> dict[str, Any]:
        """Close the record: ``ok`` when nothing failed, ``partial`` when some steps or cities failed."""
        if status is None:
            ran = [s for s in self.data["steps"] if s["status"] != "skipped"]
            failed = self.failed_steps()
            if ran and len(failed) == len(ran):
                status = "failed"
            elif failed or self.failed_cities() or self.data["errors"]:
                status = "partial"
            else:
                status = "ok"
        if status not in RUN_STATUSES:
            raise ValueError(f"run status must be one of {RUN_STATUSES}, got {status!r}")
        self.data["status"] = status
        self.data["ended_at"] = utc_now_iso()
        self.data["duration_s"] = round(time.monotonic() - self._t0, 3)
        self.save()
        return self.data


def step_record(
    kind: str,
    name: str,
    status: str,
    *,
    started_at: str,
    duration_s: float,
    counts: dict[str, Any] | None = None,
    error: str | None = None,
    snapshots: list[dict[str, Any]] | None = None,
    cities: dict[str, dict[str, Any]] | None = None,
    details: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One step of a run as stored in the record."""
    return {
        "kind": kind,
        "name": name,
        "status": status,
        "started_at": started_at,
        "ended_at": utc_now_iso(),
        "duration_s": round(duration_s, 3),
        "counts": counts or {},
        "error": error,
        "snapshots": snapshots or [],
        "cities": cities or {},
        "details": details or {},
    }


def read_run_record(path: Path | str) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def list_run_records(data_dir: Path | str | None = None, month: str | None = None) -> list[dict[str, Any]]:
    """Every readable run record (newest first), optionally of one month; unreadable files are named."""
    directory = runs_dir(data_dir)
    if not directory.is_dir():
        return []
    records = []
    for path in sorted(directory.glob("*.json")):
        if path.name.startswith("."):
            continue
        try:
            record = read_run_record(path)
            if not isinstance(record, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            record = {
                "run_id": path.stem,
                "status": "unreadable",
                "error": f"{path}: {exc}",
                "path": str(path),
                "reason": str(exc),
                "steps": [],
            }
        if month is None or record.get("month") == month:
            records.append(record)
    records.sort(key=lambda r: (r.get("started_at") or "", r.get("run_id") or ""), reverse=True)
    return records


def effective_status(record: dict[str, Any], data_dir: Path | str | None = None) -> str:
    """The record's status, with ``running`` turned into ``interrupted`` when its process is gone."""
    status = record.get("status", "unknown")
    if status != "running":
        return status
    month = record.get("month")
    if not month:
        return "interrupted"
    holder = lock_holder(data_dir, month)
    if holder and holder.get("run_id") == record.get("run_id"):
        return "running"
    # Not holding the month lock: only a live process on this host can still be running it (a
    # single-source run without the lock is short-lived and rare); else it was killed.
    pid = record.get("pid")
    if record.get("host") == socket.gethostname() and isinstance(pid, int) and pid_alive(pid):
        return "running" if holder is None else "interrupted"
    return "interrupted"


# --- the month lock -------------------------------------------------------------------------------


class MonthLocked(RuntimeError):
    """Another process holds the month's lock; ``holder`` says who (pid, run id, start)."""

    def __init__(self, month: str, path: Path, holder: dict[str, Any] | None) -> None:
        self.month = month
        self.path = path
        self.holder = holder or {}
        who = (
            f"run {self.holder.get('run_id', '?')} (pid {self.holder.get('pid', '?')} on "
            f"{self.holder.get('host', '?')}, since {self.holder.get('acquired_at', '?')})"
            if self.holder
            else "another process"
        )
        super().__init__(
            f"month {month} is being written by {who}; wait for it (use --wait) or stop it. Lock: {path}"
        )


def lock_path(data_dir: Path | str | None, month: str) -> Path:
    return resolve_data_dir(data_dir) / "locks" / f"month={check_month(month)}.lock"


def _read_holder(path: Path) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8").strip()
        return json.loads(text) if text else None
    except (OSError, ValueError):
        return None


def lock_holder(data_dir: Path | str | None, month: str) -> dict[str, Any] | None:
    """Who holds the month lock now, or None when it is free (checked with a non-blocking flock)."""
    path = lock_path(data_dir, month)
    if not path.exists():
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(path) or {}
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


@dataclass
class HeldLock:
    month: str
    path: Path
    holder: dict[str, Any]
    waited_s: float


@contextlib.contextmanager
def month_lock(
    data_dir: Path | str | None,
    month: str,
    *,
    run_id: str,
    wait: bool = False,
    timeout: float | None = None,
    poll_seconds: float = 0.2,
    on_wait: Any = None,
) -> Iterator[HeldLock]:
    """Hold the exclusive lock of ``month`` for the block.

    Without ``wait`` a held lock raises :class:`MonthLocked` at once; with ``wait`` it polls until the
    holder finishes (or ``timeout`` seconds pass, then MonthLocked). ``on_wait(holder)`` is called
    once when waiting starts (the CLI prints who it waits for).
    """
    path = lock_path(data_dir, month)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    t0 = time.monotonic()
    try:
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _read_holder(path)
                if not wait or (timeout is not None and time.monotonic() - t0 >= timeout):
                    raise MonthLocked(month, path, holder) from None
                if not announced and on_wait is not None:
                    on_wait(holder)
                    announced = True
                time.sleep(poll_seconds)
        holder = {
            "run_id": run_id,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "month": month,
            "acquired_at": utc_now_iso(),
        }
        # The lock file is never replaced or deleted (a rename would hand waiters a different inode);
        # only its content changes, and only by the holder.
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(holder) + "\n").encode("utf-8"), 0)
        os.fsync(fd)
        try:
            yield HeldLock(month=month, path=path, holder=holder, waited_s=time.monotonic() - t0)
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


@contextlib.contextmanager
def command_month_lock(month: str, *, what: str, data_dir: Path | str | None = None) -> Iterator[str]:
    """The month lock for a single-step command (``sci source``, ``sci crawl``, ``sci geo``, ``sci score``).

    Yields a fresh run id. A month held by another run ends the command with a message naming the
    holder, instead of two writers racing on the same month's files (the last would silently win).
    """
    from flows.console import fail

    run_id = new_run_id()
    try:
        with month_lock(resolve_data_dir(data_dir), month, run_id=run_id):
            yield run_id
    except MonthLocked as exc:
        fail(f"{what}: {exc}")
