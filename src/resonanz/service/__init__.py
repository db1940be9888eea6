"""The service layer: the facades every face (CLI, web) calls.

Faces (:mod:`resonanz.cli`, :mod:`resonanz.web`) import from ``resonanz`` only this
package (and its modules), :mod:`resonanz.models`, :mod:`resonanz.errors` and
:mod:`resonanz.settings`; ``tests/test_architecture.py`` enforces it. Each module
is one facade:

* :mod:`~resonanz.service.workspace` -- :class:`Workspace`: a database, importing, stats, brands;
* :mod:`~resonanz.service.analysis` -- analysing posts, training and evaluating models;
* :mod:`~resonanz.service.inbox` -- the dialogue inbox, its outbox and "publish on approve";
* :mod:`~resonanz.service.selection` -- the explorer's posts, threads and their export;
* :mod:`~resonanz.service.exports` -- ``resonanz export`` and the report file;
* :mod:`~resonanz.service.insights` -- the numbers the pages and the API show;
* :mod:`~resonanz.service.users` -- web users, roles, API tokens;
* :mod:`~resonanz.service.privacy` -- access and erasure requests of data subjects;
* :mod:`~resonanz.service.sources` -- import formats, input limits, import runs;
* :mod:`~resonanz.service.catalog` -- the brand catalog;
* :mod:`~resonanz.service.live` -- posts fetched from platform APIs and feeds;
* :mod:`~resonanz.service.jobs` -- background imports of uploaded files;
* :mod:`~resonanz.service.hub` -- the creator hub: curation, its static site, the brand mix.

The modules are imported on demand (only :mod:`~resonanz.service.workspace` comes
with the package), so a face loads what it uses.
"""

from __future__ import annotations

from resonanz.service.importing import ImportIssue, ImportSummary
from resonanz.service.retry import public_error, retrying
from resonanz.service.workspace import DEFAULT_URL, URL_ENV, Workspace

__all__ = [
    "DEFAULT_URL",
    "URL_ENV",
    "ImportIssue",
    "ImportSummary",
    "Workspace",
    "public_error",
    "retrying",
]
