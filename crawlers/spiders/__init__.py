"""Scrapy spiders of the crawl (one: ``city_sites``)."""
