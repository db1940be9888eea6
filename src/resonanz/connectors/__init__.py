"""Live platform API clients with an injectable HTTP transport (httpx).

* :mod:`resonanz.connectors.http` - the shared base: timeouts, retries, error mapping.
* :mod:`resonanz.connectors.youtube` - YouTube Data API v3 (``live_posts``).
* :mod:`resonanz.connectors.mastodon` - Mastodon REST API (``live_posts``).

Connectors fetch pages; the importers' mapping functions turn them into posts, so a
saved response and a live one become exactly the same records.
"""
