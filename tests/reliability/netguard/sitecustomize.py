"""Loaded at start-up by every Python process whose PYTHONPATH holds this directory (the crawl
subprocesses of the reliability tests): installs the loopback-only network guard."""

import sci_netguard

sci_netguard.from_environment()
