"""Crash safety (issue 10, case 4): SIGKILL in the middle of writing, and two runs of one month at once.

- A process writing one source's parameter and evidence files in a loop is killed at random moments
  while a temp file of it exists (mid-write): every earlier month and every other source stays
  byte-identical, every reader sees only complete files, and the next write cleans up.
- A city crawl (``python -m crawlers.run``: spider, detector worker, WARC) is killed at random points:
  the month's previous good crawl of the city, every other month and source stay byte-identical, every
  visible WARC reads to its end, and the next crawl of the month completes and discards the temps.
- A run killed with SIGKILL takes its crawl subprocesses with it (they do not commit afterwards).
- Two runs of the same month: the second waits for the month lock (or, without --wait, refuses,
  naming the holder); their writes never interleave.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawlers.run import raw_paths
from flows.runs import MonthLocked, month_lock
from flows.steps.crawl import crawl_settings, run_crawl
from normalize.catalog import load_catalog
from normalize.cities import City
from normalize.storage import (
    atomic_path,
    list_months,
    parameter_sources,
    parameters_path,
    read_evidence,
    read_parameters,
    write_evidence,
    write_parameters,
)
from tests.reliability.conftest import DETECTORS, FAST, NETGUARD_DIR, PROJECT_ROOT, guard_env
from tests.reliability.hostile import HostileServer, html, page, standard_routes
from tests.reliability.writer import frames, write_rounds

CRAWL_AND_PROBE_ROWS = len(load_catalog().parameters_by_how("crawl")) + len(
    load_catalog().parameters_by_how("probe")
)
RNG = random.Random(20210601)  # "random" kill points, the same on every run of the suite


def tree_hashes(root: Path, *subdirs: str) -> dict[str, str]:
    out = {}
    for sub in subdirs:
        for path in sorted((root / sub).rglob("*")):
            if path.is_file() and not path.name.startswith("."):  # temp files are nobody's data
                out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def temps(*dirs: Path) -> list[Path]:
    return sorted(p for d in dirs if d.is_dir() for p in d.glob(".*.tmp"))


def read_line(proc: subprocess.Popen, prefix: str, timeout: float = 60) -> str:
    """The first stdout line of ``proc`` starting with ``prefix`` (fails when it exits or times out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"process {proc.pid} ended before printing {prefix!r}: {proc.stderr.read()}")
        if line.startswith(prefix):
            return line.strip()
    raise AssertionError(f"no {prefix!r} from {proc.pid} within {timeout} s")


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group ``proc`` leads (started with start_new_session: only our processes)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def start_writer(data: Path, month: str, source: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.writer", str(data), month, source, *extra],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the kill takes everything it started
    )


# --- parameter and evidence writers -----------------------------------------------------------------


def test_sigkill_while_writing_parameters_and_evidence_leaves_every_file_readable(tmp_path):
    data = tmp_path / "data"
    for month, source in (("2021-05", "kba"), ("2021-06", "mastr")):  # an earlier month, another source
        params, evidence = frames(month, source)
        write_evidence(evidence, source=source, month=month, data_dir=data)
        write_parameters(params.assign(run_id="seed"), source=source, month=month, data_dir=data)
    before = tree_hashes(data, "parameters", "evidence")
    n_rows = len(frames("2021-06", "kba")[0])
    param_dir, ev_dir = data / "parameters" / "month=2021-06", data / "evidence" / "month=2021-06"
    kills_mid_write = 0
    for _ in range(3):
        proc = start_writer(data, "2021-06", "kba")
        try:
            read_line(proc, "wrote 0")
            # Wait for the parameter file's temp (its write takes ~30 ms), then kill somewhere inside it.
            deadline = time.monotonic() + 30
            while not temps(param_dir) and time.monotonic() < deadline:
                time.sleep(0.0005)
            time.sleep(RNG.uniform(0, 0.008))
        finally:
            kill_group(proc)
        assert proc.returncode == -signal.SIGKILL
        kills_mid_write += bool(temps(param_dir, ev_dir))
        # Earlier month and other source: byte-identical.
        after = tree_hashes(data, "parameters", "evidence")
        assert {k: v for k, v in after.items() if "kba" not in k or "2021-05" in k} == {
            k: v for k, v in before.items()
        }
        # Readers see complete files only (temps are hidden): one whole round of kba, never a part.
        assert list_months(data) == ["2021-05", "2021-06"]
        assert parameter_sources("2021-06", data) == ["kba", "mastr"]
        kba = read_parameters("2021-06", data, sources=["kba"])
        assert len(kba) == n_rows and kba["run_id"].nunique() == 1
        assert kba["run_id"].iloc[0].startswith("iter-")
        ev = read_evidence("2021-06", data, sources=["kba"])
        assert len(ev) == n_rows and ev["version"].nunique() == 1
    assert kills_mid_write >= 1  # at least one kill really landed inside a write and left its temp file
    # The next run of the month writes cleanly and removes what the killed writers left.
    write_rounds(str(data), "2021-06", "kba", 1, "next", None)
    assert temps(param_dir, ev_dir) == []
    assert set(read_parameters("2021-06", data, sources=["kba"])["run_id"]) == {"next-0"}
    assert tree_hashes(data, "parameters/month=2021-05") == {
        k: v for k, v in before.items() if k.startswith("parameters/month=2021-05")
    }


def test_a_writer_never_deletes_the_temp_file_another_source_is_writing(tmp_path):
    """Two sources of one month written at once (a monthly run and `sci feedback review`, say): the
    cleanup of stale temp files before a write must not delete the other writer's live temp file."""
    data = tmp_path / "data"
    month_dir = data / "parameters" / "month=2021-06"
    month_dir.mkdir(parents=True)
    stale = month_dir / ".research.parquet.dead1234.tmp"  # left by a writer killed long ago
    stale.write_bytes(b"half a parquet")
    kba, _ = frames("2021-06", "kba")
    mastr, _ = frames("2021-06", "mastr")
    with atomic_path(parameters_path(data, "2021-06", "mastr")) as live:  # mastr is being written now
        write_parameters(kba.assign(run_id="k"), source="kba", month="2021-06", data_dir=data)
        assert live.exists() and not stale.exists()
        mastr.assign(run_id="m").to_parquet(live, index=False)
    assert parameter_sources("2021-06", data) == ["kba", "mastr"]
    both = read_parameters("2021-06", data)
    assert both.groupby("source")["run_id"].unique().map(list).to_dict() == {"kba": ["k"], "mastr": ["m"]}
    assert temps(month_dir) == []


# --- crawls -----------------------------------------------------------------------------------------------

SLOW_PAGES = 40


def slow_site() -> HostileServer:
    """A city site of 40 slow pages (0.08 s each, two at a time): a crawl of it takes at least 1.6 s."""
    links = " ".join(f'<a href="/seite/{i}/">Seite {i}</a>' for i in range(SLOW_PAGES))
    routes = standard_routes(links)
    for i in range(SLOW_PAGES):
        routes[f"/seite/{i}/"] = slow = html(page(f"Seite {i}", "<p>Text.</p>"))
        slow.delay = 0.08
    return HostileServer("127.0.0.60", routes).start()


def langsamstadt(server: HostileServer) -> City:
    return City("09998060", "Langsamstadt", "Bayern", 100_000, "2019-12-31", server.url("/"), "2021-01-01")


def crawl_job(data: Path, city: City, month: str, run_id: str, **extra) -> dict:
    settings = crawl_settings(
        max_pages=100,
        max_depth=None,
        max_bytes=None,
        max_seconds=60,
        allow_loopback=True,
        detectors_module=DETECTORS,
        extra=FAST,
    )
    return {
        "city": {"ags": city.ags, "name": city.name, "website": city.website},
        "month": month,
        "data_dir": str(data.resolve()),
        "run_id": run_id,
        "settings": settings,
        "probes": True,
        **extra,
    }


def crawl_env(log: Path) -> dict[str, str]:
    env = {**os.environ, **guard_env(log)}
    env["PYTHONPATH"] = os.pathsep.join((str(PROJECT_ROOT), str(NETGUARD_DIR)))
    env.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    return env


def visible_warcs_read_to_the_end(data: Path) -> int:
    records = 0
    for warc in sorted((data / "warc").rglob("*.warc.gz")):
        with open(warc, "rb") as fh:
            records += sum(1 for _ in ArchiveIterator(fh))
    return records


def test_sigkill_during_a_crawl_keeps_the_last_good_crawl_and_the_next_run_completes(
    hostile, guarded, tmp_path
):
    data = tmp_path / "data"
    shutil.copytree(hostile.data_dir, data)  # an earlier month: eleven committed crawls, WARCs, rows
    month = "2021-07"
    params, evidence = frames(month, "kba")  # another source of the month
    write_evidence(evidence, source="kba", month=month, data_dir=data)
    write_parameters(params.assign(run_id="seed"), source="kba", month=month, data_dir=data)
    server = slow_site()
    city = langsamstadt(server)
    try:
        good = run_crawl(
            [city],
            month=month,
            data_dir=data,
            run_id="good",
            allow_loopback=True,
            settings=FAST,
            detectors_module=DETECTORS,
        )
        assert [(c.status, c.pages) for c in good.cities] == [("completed", SLOW_PAGES + 4)]
        before = tree_hashes(data, "parameters", "evidence", "crawl", "warc", "raw", "sources")
        paths = raw_paths(data, month, city.ags)
        job_file = tmp_path / "job.json"
        for i in range(3):
            job_file.write_text(json.dumps(crawl_job(data, city, month, f"doomed-{i}")))
            proc = subprocess.Popen(
                [sys.executable, "-m", "crawlers.run", "--job", str(job_file)],
                cwd=PROJECT_ROOT,
                env=crawl_env(guarded),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + 60
                warc_temp = paths["warc"].with_name(f".{paths['warc'].name}.doomed-{i}.{proc.pid}.tmp")
                while not warc_temp.exists() and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.005)
                assert warc_temp.exists(), proc.stderr.read() if proc.poll() is not None else "no temp WARC"
                time.sleep(RNG.uniform(0.0, 0.6))  # a random point of the crawl (it lasts >= 1.6 s)
            finally:
                kill_group(proc)
            # The last good crawl of the month, the earlier month, the other source: byte-identical.
            assert tree_hashes(data, "parameters", "evidence", "crawl", "warc", "raw", "sources") == before
            assert visible_warcs_read_to_the_end(data) > 0
            assert len(read_parameters(month, data)) == len(params) + CRAWL_AND_PROBE_ROWS
        stale = temps(paths["warc"].parent, paths["pages"].parent)
        assert stale  # the killed crawls could not clean up after themselves
        # The next run of the month completes and discards the dead crawls' temp files.
        again = run_crawl(
            [city],
            month=month,
            data_dir=data,
            run_id="next",
            allow_loopback=True,
            settings=FAST,
            detectors_module=DETECTORS,
        )
    finally:
        server.stop()
    assert [(c.status, c.kept_previous) for c in again.cities] == [("completed", False)]
    assert temps(paths["warc"].parent, paths["pages"].parent) == []
    assert json.loads(paths["summary"].read_text())["run_id"] == "next"
    with open(paths["warc"], "rb") as fh:
        assert sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response") >= SLOW_PAGES + 4
    rows = read_parameters(month, data, sources=["city_sites"])
    assert set(rows["run_id"]) == {"next"} and set(rows["city_ags"]) == {city.ags}
    after = tree_hashes(data, "parameters", "evidence", "crawl", "warc")
    assert {k: v for k, v in after.items() if "month=2021-06" in k} == {
        k: v for k, v in before.items() if "month=2021-06" in k
    }
    assert {k: v for k, v in after.items() if k.endswith("kba.parquet")} == {
        k: v for k, v in before.items() if k.endswith("kba.parquet")
    }


def _alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        out += [int(x) for x in task.read_text().split()]
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_a_killed_run_takes_its_crawl_processes_with_it(guarded, tmp_path):
    data = tmp_path / "data"
    server = slow_site()
    city = langsamstadt(server)
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps(crawl_job(data, city, "2021-07", "orphan")))
    # The "run": a parent that starts the crawl the way flows.steps.crawl does (parent_pid in the job).
    parent_code = (
        "import json, os, subprocess, sys\n"
        "job = json.load(open(sys.argv[1])); job['parent_pid'] = os.getpid()\n"
        "open(sys.argv[1], 'w').write(json.dumps(job))\n"
        "child = subprocess.Popen([sys.executable, '-m', 'crawlers.run', '--job', sys.argv[1]])\n"
        "print(child.pid, flush=True)\n"
        "child.wait()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", parent_code, str(job_file)],
        cwd=PROJECT_ROOT,
        env=crawl_env(guarded),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        crawl_pid = int(parent.stdout.readline())
        paths = raw_paths(data, "2021-07", city.ags)
        warc_temp = paths["warc"].with_name(f".{paths['warc'].name}.orphan.{crawl_pid}.tmp")
        deadline = time.monotonic() + 60
        while not warc_temp.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert warc_temp.exists()
        family = [crawl_pid, *_children(crawl_pid)]  # the crawl and its detector worker
        assert len(family) == 2
        os.kill(parent.pid, signal.SIGKILL)  # only the run, as `kill -9 <pid of sci run>` would
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(_alive(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in family)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        server.stop()
    # Nothing of the orphan was committed (and its requests stopped with it).
    assert not paths["summary"].exists() and not paths["warc"].exists()
    requests = len(server.log)
    time.sleep(0.3)
    assert len(server.log) == requests


# --- two runs of one month ---------------------------------------------------------------------------


def test_two_runs_of_the_same_month_wait_or_refuse_and_never_interleave(tmp_path):
    data = tmp_path / "data"
    month = "2021-06"
    release = tmp_path / "release"
    intervals = tmp_path / "intervals.jsonl"
    first = start_writer(
        data,
        month,
        "kba",
        "--lock",
        "run-a",
        "--iterations",
        "2",
        "--hold-until",
        str(release),
        "--intervals",
        str(intervals),
    )
    second = None
    try:
        assert read_line(first, "locked after") == "locked after waiting False"
        read_line(first, "wrote 1")
        second = start_writer(
            data,
            month,
            "kba",
            "--lock",
            "run-b",
            "--wait",
            "--iterations",
            "2",
            "--intervals",
            str(intervals),
        )
        assert read_line(second, "waiting for") == "waiting for run-a"
        # A third run without --wait is refused at once, naming the holder.
        with pytest.raises(MonthLocked) as refused, month_lock(data, month, run_id="run-c"):
            pass
        assert refused.value.holder["run_id"] == "run-a"
        assert f"month {month} is being written by run run-a (pid {first.pid}" in str(refused.value)
        release.touch()
        assert first.wait(timeout=60) == 0
        assert read_line(second, "locked after") == "locked after waiting True"
        assert second.wait(timeout=60) == 0
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                kill_group(proc)
    spans = [json.loads(line) for line in intervals.read_text().splitlines()]
    assert [s["run_id"] for s in spans] == ["run-a-0", "run-a-1", "run-b-0", "run-b-1"]
    assert spans[1]["end"] <= spans[2]["start"]  # run-b wrote only after run-a let go of the month
    kba = read_parameters(month, data, sources=["kba"])
    assert set(kba["run_id"]) == {"run-b-1"} and len(kba) == len(frames(month, "kba")[0])
    assert temps(data / "parameters" / f"month={month}", data / "evidence" / f"month={month}") == []
