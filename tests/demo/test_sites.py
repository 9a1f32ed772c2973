"""The demo world's websites and files (no flows): what the spider and the adapters get to see."""

from __future__ import annotations

import httpx
import pytest

from flows.demo import world
from flows.demo.sites import DemoSites, city_host, site_pages

M1, M2 = world.DEMO_MONTHS


@pytest.fixture(scope="module")
def sites():
    with DemoSites() as running:
        running.set_month(M1)
        yield running


def test_every_city_has_its_own_loopback_host(sites):
    websites = sites.websites()
    assert list(websites) == [c.ags for c in world.CITIES]
    assert websites["17001000"] == f"http://127.0.0.11:{sites.port}/"
    assert websites["17008000"] == f"http://127.0.0.18:{sites.port}/"
    assert len({city_host(c) for c in world.CITIES}) == 8


def test_pages_robots_sitemap_and_conditional_requests(sites):
    base = sites.websites()["17005000"]  # Eschwald: robots.txt disallows its press archive
    robots = httpx.get(base + "robots.txt")
    assert robots.text.splitlines() == [
        "User-agent: *",
        "Disallow: /intern/",
        "Disallow: /presse/archiv/",
        f"Sitemap: {base}sitemap.xml",
    ]
    home = httpx.get(base)
    assert home.status_code == 200 and "Stadt Eschwald" in home.text
    again = httpx.get(base, headers={"If-None-Match": home.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert f"<loc>{base}termine/</loc>" in httpx.get(base + "sitemap.xml").text
    assert httpx.get(base + "opendata/").status_code == 404  # no open-data section on this site


def test_a_site_that_is_down_in_the_first_month(sites):
    down = httpx.get(sites.websites()["17008000"])
    assert down.status_code == 503 and down.headers["retry-after"] == "3600"
    assert site_pages(world.city_by_ags("17008000"), M1, "http://x") == {}
    assert "/termine/" in site_pages(world.city_by_ags("17008000"), M2, "http://x")


def test_ckan_api_of_the_open_data_portal(sites):
    base = sites.websites()["17001000"]
    body = httpx.get(base + "data/api/3/action/package_search").json()
    assert body["success"] is True and body["result"]["count"] == 4
    assert {d["license_id"] for d in body["result"]["results"]} == {
        "dl-by-de/2.0",
        "cc-by/4.0",
        "dl-zero-de/2.0",
    }
    assert httpx.get(base + "data/api/3/action/status_show").json()["result"]["ckan_version"] == "2.9.5"
    # Corvingen opens its portal only in June.
    corvingen = sites.websites()["17003000"]
    assert httpx.get(corvingen + "data/api/3/action/package_search").status_code == 404


def test_negative_wording_and_vendor_signatures():
    dornfeld = site_pages(world.city_by_ags("17004000"), M1, "http://h")
    assert "nur telefonisch" in dornfeld["/termine/"].body.decode()
    auenstadt = site_pages(world.city_by_ags("17001000"), M1, "http://h")
    assert 'src="http://h/tevisweb/select2?md=buergeramt"' in auenstadt["/termine/buergeramt/"].body.decode()
    birkhafen = site_pages(world.city_by_ags("17002000"), M1, "http://h")
    assert "http://h/etermin/birkhafen-buergeramt" in birkhafen["/termine/buergeramt/"].body.decode()
    assert "pmPayment" in auenstadt["/bussgeld/"].body.decode()
    assert "ePayBL" in auenstadt["/bezahlen/"].body.decode()


def test_register_has_preamble_header_row_and_the_month_stations(tmp_path):
    from python_calamine import CalamineWorkbook

    paths = world.write_world_month(tmp_path, M1)
    rows = CalamineWorkbook.from_path(str(paths["bnetza_ladesaeulen"])).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "Ladesäulenregister Bundesnetzagentur"
    assert rows[2][0] == "Stand: 01.05.2021"
    assert rows[5][:2] == ["Betreiber", "Straße"] and rows[5][12] == "Art der Ladeeinrichung"
    stations = rows[6:]
    assert (
        len(stations) == sum(c.facts[M1].stations for c in world.CITIES) + 3
    )  # + 2 outside + 1 without coords
    assert sum(1 for r in stations if r[5] == "Auenstadt") == 168
