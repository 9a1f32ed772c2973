"""Process-wide defaults for running Prefect and Scrapy offline (set before either is imported)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def configure_environment() -> None:
    """Default Prefect to a project-local home, no analytics, a generous ephemeral start-up timeout."""
    defaults = {
        "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        # Scrapy's cookie middleware would download the Public Suffix List on the first cookie.
        "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS": "",
        "TLDEXTRACT_CACHE": str(PROJECT_ROOT / ".prefect" / "tldextract"),
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)
