"""Item pipeline: the spider's raw records (one JSON object per page or failed fetch) to a JSON-lines file.

Raw first: these records keep every detection, page signal and link fact of the crawl, so the
parameter/evidence rows can be rebuilt (``crawlers.normalise``) without crawling again. The file is a
temp file chosen by ``crawlers.run``, which renames it into place only when the crawl is committed.
"""

from __future__ import annotations

import json
import os
from typing import Any

from scrapy.exceptions import NotConfigured


class RawRecordPipeline:
    def __init__(self, path: str, header: dict[str, Any]):
        self.path = path
        self.header = header
        self._fh = None
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("SCI_PAGES_PATH")
        if not path:
            raise NotConfigured("SCI_PAGES_PATH not set")
        header = {"kind": "header", "run_id": crawler.settings.get("SCI_RUN_ID")}
        return cls(path, header)

    def open_spider(self, spider=None) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self._fh = open(self.path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close_spider
        self._write(self.header)

    def close_spider(self, spider=None) -> None:
        if self._fh is not None:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def process_item(self, item, spider=None):
        self._write(dict(item))
        self.count += 1
        return item

    def _write(self, record: dict[str, Any]) -> None:
        assert self._fh is not None
        self._fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
