"""The contracts of the plug-in groups that have no class of their own to follow.

Importers, analysis stages and publishers follow the protocols next to their code
(:class:`resonanz.importers.base.Importer`, :class:`resonanz.analysis.base.Analyzer`,
:class:`resonanz.connectors.publish.base.Publisher`); the groups below register plain
functions or modules, described here. :data:`resonanz.plugins.GROUPS` names the
protocol of every group; ``docs/plugins.md`` explains each with an example.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import click
    import httpx
    from fastapi import APIRouter

    from resonanz.connectors.publish import Credentials
    from resonanz.connectors.publish.base import Publisher


class PublisherFactory(Protocol):
    """``resonanz.publishers``: builds the adapter that replies on one platform.

    The entry-point name is the platform (``youtube``, ``reddit``, ``mastodon``, as
    the importers store it in ``Post.platform``). Return ``None`` when the
    credentials do not allow replying there (e.g. no Mastodon instance): the outbox
    then falls back to the manual adapter (a person copies text and link).
    """

    def __call__(
        self,
        account: str,
        credentials: Credentials,
        transport: httpx.BaseTransport | None = None,
    ) -> Publisher | None:
        """The adapter replying as ``account`` (``transport`` is replaced by tests)."""
        ...


class Trainer(Protocol):
    """``resonanz.trainers``: ``resonanz train NAME`` builds the model ``NAME``.

    Reads the data sets under ``data_dir`` (train/dev parts only), writes the model
    files to ``out_dir`` and returns its cross-validated metrics by name. Only the
    trainer asked for is imported.
    """

    def __call__(self, data_dir: Path, out_dir: Path) -> dict[str, float]:
        """Train, save into ``out_dir`` and return the cross-validated metrics."""
        ...


class TaxonomySource(Protocol):
    """``resonanz.taxonomies``: a module with an aspect taxonomy brands can name.

    The entry-point name is what a brand writes as ``taxonomy = "NAME"``; the entry
    point names the module itself (no ``:attribute``).
    """

    #: aspect key -> seed terms (German and English) that reveal the aspect in a text
    ASPECTS: Mapping[str, Iterable[str]]


class CommandRegistrar(Protocol):
    """``resonanz.commands``: adds commands to the ``resonanz`` command line.

    Called once at start-up with the root group; add commands or sub-groups with
    ``group.add_command``. Library errors raised by the commands are shown as
    ``error:``/``hint:`` lines like those of the built-in commands.
    """

    def __call__(self, group: click.Group) -> None:
        """Register this module's commands on ``group``."""
        ...


class PageRouters(Protocol):
    """``resonanz.pages``: web pages, as FastAPI routers the app includes.

    Called once per app; the built-in pages come first, plug-ins after them in
    name order. Pages render with the app's templates and must escape post texts.
    """

    def __call__(self) -> list[APIRouter]:
        """The routers, in the order the app should include them."""
        ...


class TableWriter(Protocol):
    """``resonanz.exporters``: writes one table in a file format (``resonanz export``).

    The entry-point name is the format (``csv``, ``xlsx``, ...). Records come in
    batches of dicts whose values follow ``schema`` (``(column, kind)`` pairs, see
    :mod:`resonanz.exports.writers`); write them as they come and return how many
    were written. ``sheet`` names the table for formats with sheets.
    """

    def __call__(
        self,
        path: Path,
        schema: list[tuple[str, str]],
        batches: Iterable[list[dict[str, Any]]],
        sheet: str = "data",
    ) -> int:
        """Write the table to ``path`` (the caller moves it into place atomically)."""
        ...
