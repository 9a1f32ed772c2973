"""Fixtures of the crawler tests: the local test world and crawls of it shared by several tests."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from normalize.cities import City
from tests.crawler.site import SiteServer, start_test_world

STANDIN = "tests.crawler.standin_detectors"
MONTH = "2021-06"
NEXT_MONTH = "2021-07"
FAST = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}


def make_city(ags: str, name: str, website: str) -> City:
    return City(ags, name, "Bayern", 100_000, "2019-12-31", website, "2021-01-01")


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class World:
    city: SiteServer
    portal: SiteServer
    teststadt: City
    deadstadt: City


@pytest.fixture(scope="module")
def world():
    city, portal = start_test_world(tls=True)
    teststadt = make_city("09999001", "Teststadt", city.url("/"))
    deadstadt = make_city("09999002", "Totstadt", f"http://127.0.0.1:{closed_port()}/")
    yield World(city, portal, teststadt, deadstadt)
    city.stop()
    portal.stop()


@pytest.fixture(scope="module")
def crawl_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("crawl-data")
