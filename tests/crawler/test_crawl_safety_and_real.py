"""Crawls through the CLI without loopback permission (refused before any request) and with the real detectors."""

from __future__ import annotations

import math

from typer.testing import CliRunner

from crawlers.normalise import CRAWL_SOURCE, PROBE_SOURCE
from flows.cli import app
from flows.steps.crawl import run_crawl
from normalize.storage import read_evidence, read_parameters
from tests.crawler.conftest import FAST, MONTH
from tests.crawler.site import SiteServer, html_page

HEADER = "ags,name,state,population,population_date,website,boundary_vintage\n"


def test_cli_crawl_refuses_loopback_without_permission(tmp_path, monkeypatch):
    server = SiteServer({"/": html_page("Start", "<p>Hallo</p>")}).start()
    try:
        cities = tmp_path / "cities.csv"
        cities.write_text(
            HEADER
            + f"09999011,Hoststadt,Bayern,100000,2019-12-31,http://localhost:{server.port}/,2021-01-01\n"
            + f"09999012,Ipstadt,Bayern,100000,2019-12-31,http://127.0.0.1:{server.port}/,2021-01-01\n"
        )
        data = tmp_path / "data"
        monkeypatch.setenv("SCI_DATA_DIR", str(data))
        result = CliRunner().invoke(
            app,
            [
                "crawl",
                "--cities-file",
                str(cities),
                "--month",
                MONTH,
                "--max-pages",
                "5",
                "--city",
                "Hoststadt",
                "--city",
                "09999012",
            ],
        )
        assert result.exit_code == 1, result.output  # every city failed
        assert server.log == []  # nothing reached the server
        rows = read_parameters(MONTH, data, sources=[CRAWL_SOURCE]).set_index(["city_ags", "parameter_id"])
        assert set(rows["status"]) == {"not_checkable"}
        host_reason = rows.loc[("09999011", "verwaltung.payment.epayment"), "raw"]
        ip_reason = rows.loc[("09999012", "verwaltung.payment.epayment"), "raw"]
        assert host_reason.startswith("homepage unreadable: unsafe:") and "loopback" in host_reason
        assert ip_reason == (
            f"homepage unreadable: unsafe: UnsafeRequest: refused http://127.0.0.1:{server.port}/: "
            "127.0.0.1 is a loopback address"
        )
        assert "Hoststadt" in result.output and "failed" in result.output
    finally:
        server.stop()


def test_real_detectors_on_the_test_site(world, tmp_path):
    result = run_crawl(
        [world.teststadt], month=MONTH, data_dir=tmp_path, max_pages=200, allow_loopback=True, settings=FAST
    )
    assert [c.status for c in result.cities] == ["completed"]
    rows = read_parameters(MONTH, tmp_path, sources=[CRAWL_SOURCE]).set_index("parameter_id")
    evidence = read_evidence(MONTH, tmp_path, sources=[CRAWL_SOURCE]).set_index("evidence_id")

    def rules(pid):
        return set(evidence.loc[list(rows.loc[pid, "evidence"]), "rule_id"])

    for pid in (
        "verwaltung.payment.epayment",
        "verwaltung.online_terminvergabe.buergeramt",
        "verwaltung.social_media.facebook",
        "verwaltung.bevoelkerungsanliegen.maengelmelder",
        "gesellschaft.open_data.verfuegbarkeit",
        "gesellschaft.geodaten.interaktiver_stadtplan",
    ):
        assert rows.loc[pid, "status"] == "present" and rows.loc[pid, "value"] >= 1, pid
    assert "vendor.booking.tevis" in rules("verwaltung.online_terminvergabe.buergeramt")
    assert rows.loc["verwaltung.online_terminvergabe.standesamt", "status"] == "absent"
    assert rows.loc["verwaltung.website.informationsgehalt", "value"] == 3.0
    assert rows.loc["verwaltung.website.nutzungsfreundlichkeit", "value"] == 3.0
    assert rows.loc["verwaltung.serviceportal.nutzungsfreundlichkeit", "value"] == 2.0
    assert rows.loc["gesellschaft.geodaten.nutzungsfreundlichkeit", "value"] == 2.0
    assert not any(math.isnan(v) for v in rows["value"])  # a completed crawl: nothing unknown
    ev = evidence.loc[list(rows.loc["verwaltung.online_terminvergabe.buergeramt", "evidence"])]
    assert set(ev["version"]) == {__import__("crawlers.detectors").detectors.DETECTOR_VERSION}
    probe = read_parameters(MONTH, tmp_path, sources=[PROBE_SOURCE]).set_index("parameter_id")
    assert probe.loc["gesellschaft.open_data.anzahl_datensaetze", "value"] == 42.0
    assert probe.loc["gesellschaft.open_data.lizenz", "value"] == 2.0
