"""Downloads into raw snapshots, against pytest-httpserver on 127.0.0.1 only."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from werkzeug import Response

from sources.errors import SourceFetchError, SourceUnavailable
from sources.http import download, retry_after_seconds, sniff_extension
from sources.snapshots import latest_pointer, latest_snapshot, list_snapshots, raw_dir, snapshot_file

CSV = b"ags,total\n05315000,1073096\n"
CSV2 = b"ags,total\n05315000,1073097\n"


def data_files(data_dir: Path, source: str) -> list[str]:
    directory = raw_dir(data_dir, source)
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


def test_download_writes_immutable_snapshot_with_sidecar(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/pop.csv").respond_with_data(
        CSV,
        content_type="text/csv",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Dec 2021 10:00:00 GMT"},
    )
    url = httpserver.url_for("/pop.csv")
    snap = download("population", url, data_dir, policy=fast_policy, expect=("csv",))
    assert not snap.reused
    assert snap.path.name == f"{snap.sha256}.csv"
    assert snap.path.read_bytes() == CSV
    sidecar = json.loads((snap.path.parent / f"{snap.sha256}.meta.json").read_text())
    assert sidecar["url"] == url
    assert sidecar["final_url"] == url
    assert sidecar["status"] == 200
    assert sidecar["size"] == len(CSV)
    assert sidecar["sha256"] == snap.sha256
    assert sidecar["etag"] == '"v1"'
    assert sidecar["last_modified"] == "Wed, 01 Dec 2021 10:00:00 GMT"
    assert sidecar["headers"]["content-type"] == "text/csv"
    assert sidecar["original_name"] == "pop.csv"
    assert sidecar["fetched_at"].endswith("Z")
    assert latest_pointer("population", data_dir)["sha256"] == snap.sha256
    assert data_files(data_dir, "population") == sorted(
        [f"{snap.sha256}.csv", f"{snap.sha256}.meta.json", "latest.json"]
    )


def test_304_reuses_the_previous_snapshot(httpserver, data_dir, fast_policy):
    url = httpserver.url_for("/pop.csv")
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(
        CSV,
        content_type="text/csv",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 Dec 2021 10:00:00 GMT"},
    )
    httpserver.expect_ordered_request(
        "/pop.csv", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Wed, 01 Dec 2021 10:00:00 GMT"}
    ).respond_with_data(b"", status=304)
    first = download("population", url, data_dir, policy=fast_policy)
    second = download("population", url, data_dir, policy=fast_policy)
    httpserver.check_assertions()
    assert second.reused and second.sha256 == first.sha256 and second.path == first.path
    assert latest_pointer("population", data_dir)["not_modified"] is True
    assert len(list_snapshots("population", data_dir)) == 1


def test_identical_bytes_reuse_the_snapshot_and_changed_bytes_add_one(httpserver, data_dir, fast_policy):
    url = httpserver.url_for("/pop.csv")
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(CSV, content_type="text/csv")
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(CSV, content_type="text/csv")
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(CSV2, content_type="text/csv")
    first = download("population", url, data_dir, policy=fast_policy)
    again = download("population", url, data_dir, policy=fast_policy)
    changed = download("population", url, data_dir, policy=fast_policy)
    assert again.reused and again.sha256 == first.sha256
    assert not changed.reused and changed.sha256 != first.sha256
    assert first.path.read_bytes() == CSV  # the old snapshot is never rewritten
    assert latest_snapshot("population", data_dir).sha256 == changed.sha256
    assert [s.sha256 for s in list_snapshots("population", data_dir)] == [first.sha256, changed.sha256]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<!DOCTYPE html><html><body>Wartungsarbeiten</body></html>", "text/html; charset=utf-8"),
        (b"\xef\xbb\xbf  <html><head><title>Login</title></head></html>", "application/octet-stream"),
    ],
)
def test_html_page_instead_of_the_file_is_an_error_naming_the_url(
    httpserver, data_dir, fast_policy, body, content_type
):
    httpserver.expect_request("/Ladesaeulenregister.xlsx").respond_with_data(body, content_type=content_type)
    url = httpserver.url_for("/Ladesaeulenregister.xlsx")
    with pytest.raises(SourceFetchError, match="served an HTML page") as info:
        download("bnetza_ladesaeulen", url, data_dir, policy=fast_policy, expect=("xlsx", "csv"))
    assert url in str(info.value)
    assert "XLSX/CSV" in str(info.value)
    assert [n for n in data_files(data_dir, "bnetza_ladesaeulen") if not n.startswith(".")] == []
    assert latest_snapshot("bnetza_ladesaeulen", data_dir) is None


def test_html_is_fine_where_html_is_expected(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/ranking").respond_with_data(
        "<html><table></table></html>", content_type="text/html"
    )
    snap = download(
        "carsharing", httpserver.url_for("/ranking"), data_dir, policy=fast_policy, expect=("html",)
    )
    assert snap.path.suffix == ".html"


def test_unreachable_host_fails_fast_with_cannot_reach(data_dir, fast_policy, free_port):
    url = f"http://127.0.0.1:{free_port}/Ladesaeulenregister.xlsx"
    started = time.monotonic()
    with pytest.raises(SourceUnavailable, match=rf"cannot reach 127\.0\.0\.1:{free_port}") as info:
        download("bnetza_ladesaeulen", url, data_dir, policy=fast_policy, expect=("xlsx",))
    assert time.monotonic() - started < 3
    assert info.value.host == f"127.0.0.1:{free_port}"
    assert "3 attempts" in str(info.value)


def test_5xx_and_429_are_retried_with_backoff_and_retry_after(httpserver, data_dir, fast_policy):
    url = httpserver.url_for("/pop.csv")
    httpserver.expect_ordered_request("/pop.csv").respond_with_data("busy", status=503)
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/pop.csv").respond_with_data(CSV, content_type="text/csv")
    waits: list[float] = []
    snap = download("population", url, data_dir, policy=fast_policy, sleep=waits.append)
    assert snap.path.read_bytes() == CSV
    # first retry: backoff 0.01 s; second: Retry-After 7 s, capped at 0.05 s
    assert waits == [0.01, 0.05]


def test_persistent_5xx_is_unavailable_after_all_attempts(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/pop.csv").respond_with_data("down", status=502)
    waits: list[float] = []
    with pytest.raises(SourceUnavailable, match="answered HTTP 502 on all 3 attempts"):
        download(
            "population", httpserver.url_for("/pop.csv"), data_dir, policy=fast_policy, sleep=waits.append
        )
    assert waits == [0.01, 0.02]


def test_404_is_not_retried(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/gone.csv").respond_with_data("nope", status=404)
    waits: list[float] = []
    with pytest.raises(SourceFetchError, match=r"answered HTTP 404") as info:
        download(
            "population", httpserver.url_for("/gone.csv"), data_dir, policy=fast_policy, sleep=waits.append
        )
    assert info.value.status == 404 and waits == []
    assert len(httpserver.log) == 1


def test_size_limit_by_content_length_and_by_bytes_received(httpserver, data_dir, fast_policy):
    from dataclasses import replace

    small = replace(fast_policy, max_bytes=1000)
    httpserver.expect_request("/big.csv").respond_with_data(b"x" * 5000, content_type="text/csv")

    def chunked(_request):
        return Response((b"y" * 500 for _ in range(10)), content_type="text/csv")  # no Content-Length

    httpserver.expect_request("/stream.csv").respond_with_handler(chunked)
    with pytest.raises(SourceFetchError, match="5,000 bytes, over the limit of 1,000"):
        download("population", httpserver.url_for("/big.csv"), data_dir, policy=small)
    with pytest.raises(SourceFetchError, match="more than the limit of 1,000 bytes"):
        download("population", httpserver.url_for("/stream.csv"), data_dir, policy=small)
    assert [n for n in data_files(data_dir, "population")] == []  # temp files removed


def test_read_timeout_is_retried_then_unavailable(httpserver, data_dir, fast_policy):
    from dataclasses import replace

    def slow(_request):
        time.sleep(0.6)
        return Response(CSV, content_type="text/csv")

    httpserver.expect_request("/slow.csv").respond_with_handler(slow)
    policy = replace(fast_policy, read_timeout=0.2, attempts=2)
    with pytest.raises(SourceUnavailable, match="download failed on all 2 attempts .*ReadTimeout"):
        download("population", httpserver.url_for("/slow.csv"), data_dir, policy=policy)


def test_redirect_records_final_url_and_injected_client_is_used(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/latest").respond_with_data(
        "", status=302, headers={"Location": "/files/2021.csv"}
    )
    httpserver.expect_request("/files/2021.csv").respond_with_data(CSV, content_type="text/csv")
    seen: list[str] = []
    with httpx.Client(event_hooks={"request": [lambda request: seen.append(str(request.url))]}) as client:
        snap = download(
            "population", httpserver.url_for("/latest"), data_dir, policy=fast_policy, client=client
        )
    assert snap.final_url == httpserver.url_for("/files/2021.csv")
    assert snap.original_name == "2021.csv"
    assert seen == [httpserver.url_for("/latest"), httpserver.url_for("/files/2021.csv")]


def test_empty_body_is_an_error(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/empty.csv").respond_with_data(b"", content_type="text/csv")
    with pytest.raises(SourceFetchError, match="empty body"):
        download("population", httpserver.url_for("/empty.csv"), data_dir, policy=fast_policy)


def test_content_disposition_names_the_file(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/download").respond_with_data(
        CSV,
        content_type="application/octet-stream",
        headers={"Content-Disposition": 'attachment; filename="population_2021.csv"'},
    )
    snap = download("population", httpserver.url_for("/download"), data_dir, policy=fast_policy)
    assert snap.original_name == "population_2021.csv"
    assert snap.path.suffix == ".csv"


def test_retry_after_parsing():
    now = datetime(2021, 12, 1, 10, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 01 Dec 2021 10:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("Wed, 01 Dec 2021 09:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_sniff_extension():
    assert sniff_extension(b"\xd0\xcf\x11\xe0rest") == "xls"
    assert sniff_extension(b'\xef\xbb\xbf [{"id": 1}]') == "json"
    assert sniff_extension(b"<!doctype html><html>") == "html"
    assert sniff_extension(b"ags,total") is None


def test_local_directory_snapshot_is_deterministic(tmp_path, data_dir):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "a.txt").write_text("one")
    (folder / "b.txt").write_text("two")
    first = snapshot_file("boundaries", folder, data_dir)
    (folder / "a.txt").touch()  # a new mtime does not change the bundle
    second = snapshot_file("boundaries", folder, data_dir)
    assert first.path.suffix == ".zip" and first.meta["origin"] == "local-directory"
    assert first.meta["members"] == ["a.txt", "b.txt"]
    assert second.reused and second.sha256 == first.sha256


def test_local_file_snapshot_records_its_origin(tmp_path, data_dir):
    path = tmp_path / "pop_2021.csv"
    path.write_bytes(CSV)
    snap = snapshot_file("population", path, data_dir)
    assert snap.meta["origin"] == "local-file"
    assert snap.url == path.resolve().as_uri()
    assert snap.original_name == "pop_2021.csv"
    assert latest_snapshot("population", data_dir).sha256 == snap.sha256


def test_redirect_loop_and_bad_scheme_are_fetch_errors(httpserver, data_dir, fast_policy):
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(SourceFetchError, match="too many redirects"):
        download("population", httpserver.url_for("/loop"), data_dir, policy=fast_policy)
    with pytest.raises(SourceFetchError, match="not a downloadable http\\(s\\) URL"):
        download("population", "ftp://127.0.0.1/pop.csv", data_dir, policy=fast_policy)
