"""The detector functions the crawl uses, loaded by module name.

The default is the project's detectors (``crawlers.detectors`` with ``portal_kind`` from
``crawlers.detectors.vendors``). Any module exposing the same names can stand in (setting
``SCI_DETECTORS_MODULE``), which lets tests pin a small deterministic rule set and lets a user try a
new rule set on the archived crawl without touching the default.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

DEFAULT_DETECTORS_MODULE = "crawlers.detectors"


class DetectorsUnavailable(ImportError):
    """The detector module (or one of its required names) cannot be loaded."""


@dataclass(frozen=True)
class DetectorAPI:
    module: str
    detect: Callable[[Any], list[Any]]
    decide: Callable[[list[Any]], dict[str, Any]]
    page_signals: Callable[[Any], dict[str, Any]]
    portal_kind: Callable[[str], str | None]
    version: str
    takes_reference: bool = False  # detect(page, reference=<crawl date>) is supported

    def detect_page(self, page: Any, reference: Any = None) -> list[Any]:
        """detect() with the crawl date as ``reference`` when the rule set accepts one."""
        if self.takes_reference and reference is not None:
            return self.detect(page, reference=reference)
        return self.detect(page)


def load_detector_api(module_name: str | None = None) -> DetectorAPI:
    """Import the detector module ``module_name`` (default ``crawlers.detectors``) and pick its functions."""
    name = module_name or DEFAULT_DETECTORS_MODULE
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        raise DetectorsUnavailable(f"cannot import detector module {name!r}: {exc}") from exc
    portal_kind = getattr(module, "portal_kind", None)
    if portal_kind is None:
        try:
            portal_kind = importlib.import_module(f"{name}.vendors").portal_kind
        except (ImportError, AttributeError) as exc:
            raise DetectorsUnavailable(f"{name}: no portal_kind (nor {name}.vendors.portal_kind)") from exc
    missing = [n for n in ("detect", "decide", "page_signals") if not callable(getattr(module, n, None))]
    if missing:
        raise DetectorsUnavailable(f"detector module {name!r} lacks {', '.join(missing)}")
    version = str(getattr(module, "DETECTOR_VERSION", getattr(module, "__version__", "unversioned")))
    return DetectorAPI(
        module=name,
        detect=module.detect,
        decide=module.decide,
        page_signals=module.page_signals,
        portal_kind=portal_kind,
        version=version,
        takes_reference="reference" in inspect.signature(module.detect).parameters,
    )
