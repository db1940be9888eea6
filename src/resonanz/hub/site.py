"""The hub as a static site: a page plan (path -> page) and a writer.

Layout (the first language at the root, every further one under ``<lang>/``)::

    index.html                      collections, creators, brand mix
    collections/<slug>.html         one page per collection
    creators/<slug>.html            one page per creator in the hub
    feeds/<slug>.json, .atom        JSON Feed 1.1 and Atom per collection
    en/...                          the same in English
    assets/hub.css, hub.js, placeholder.svg
    media/item-<id>.<ext>           thumbnails stored with the items

Every link between pages is relative, so the same pages work from a directory,
from any web server and under ``/hub/`` of ``resonanz serve`` (which renders single
pages from :meth:`Site.page`). Templates are autoescaped Jinja2; text from posts is
never marked safe, links leave only as http(s). The pages load nothing from other
servers: ``hub.js`` is only linked when YouTube embeds are enabled, and it loads a
``youtube-nocookie.com`` player only after the reader clicks "load video".
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from resonanz.hub import cards, feeds
from resonanz.hub.mix import BrandMix, brand_mix
from resonanz.hub.model import Collection, Creator, Hub, Item
from resonanz.hub.rules import safe_link
from resonanz.hub.texts import (
    LANGUAGES,
    format_count,
    format_share,
    texts,
    translator,
)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ASSETS = ("hub.css", "hub.js", "placeholder.svg")
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/feed+json",
    ".atom": "application/atom+xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}
_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def file_name(slug: str) -> str:
    """A slug as a file name: kept when it is plain, else made plain plus a short hash."""
    if _NAME.match(slug) and len(slug) <= 80:
        return slug
    plain = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:60] or "x"
    digest = hashlib.blake2b(slug.encode(), digest_size=4).hexdigest()
    return f"{plain}-{digest}"


def _read(path: Path) -> bytes:
    return path.read_bytes()


@dataclass(frozen=True, slots=True)
class SiteOptions:
    languages: tuple[str, ...] = LANGUAGES
    youtube_embeds: bool = False

    def __post_init__(self) -> None:
        if not self.languages or any(lang not in LANGUAGES for lang in self.languages):
            raise ValueError(f"languages must be some of {LANGUAGES}")


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    media_type: str
    render: Callable[[], bytes] = field(repr=False)


@dataclass(frozen=True, slots=True)
class BuildReport:
    out: Path
    pages: int
    feeds: int
    media: int
    bytes: int


def _clean(value: Any) -> Any:
    """Every value a template prints, less the code points HTML does not allow."""
    if type(value) is str and not value.isprintable() and cards.FORBIDDEN.search(value):
        return cards.FORBIDDEN.sub("", value)
    return value


def _environment() -> Environment:
    env = Environment(
        finalize=_clean,
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["safe_link"] = safe_link
    return env


class Site:
    """The pages of one hub in the chosen languages."""

    def __init__(self, hub: Hub, options: SiteOptions | None = None) -> None:
        self.hub = hub
        self.options = options or SiteOptions()
        self.env = _environment()
        self.mix: BrandMix = brand_mix(hub.items())
        self._by_creator = hub.by_creator()
        self._creators = {c.slug: c for c in hub.creators}
        self._creator_files = {c.slug: file_name(c.slug) for c in hub.creators}
        self._cards: dict[tuple[int, str, str | None, str | None], Markup] = {}
        self._card_base: dict[str, tuple[cards.EscapedTexts, str]] = {}
        self._fields: dict[tuple[Any, ...], cards.Fields] = {}
        self._pages: dict[str, Page] = {}
        for lang in self.options.languages:
            self._plan(lang)
        for name in ASSETS:
            self._add(f"assets/{name}", partial(_read, STATIC / name))
        for item in hub.items():
            thumb = item.thumbnail
            if thumb is not None:
                self._add(f"media/{thumb.name}", thumb.content, thumb.media_type)

    # -- the plan ------------------------------------------------------------------------

    def prefix(self, lang: str) -> str:
        return "" if lang == self.options.languages[0] else f"{lang}/"

    def _add(self, path: str, render: Callable[[], bytes], media_type: str | None = None) -> None:
        kind = media_type or MEDIA_TYPES[Path(path).suffix]
        self._pages[path] = Page(path, kind, render)

    def _plan(self, lang: str) -> None:
        base = self.prefix(lang)
        self._add(f"{base}index.html", partial(self._index, lang))
        for collection in self.hub.collections:
            name = file_name(collection.slug)
            self._add(
                f"{base}collections/{name}.html",
                partial(self._collection, collection, lang),
            )
            self._add(f"{base}feeds/{name}.json", partial(self._json, collection, lang))
            self._add(f"{base}feeds/{name}.atom", partial(self._atom, collection, lang))
        for creator in self.hub.creators:
            self._add(
                f"{base}creators/{self._creator_files[creator.slug]}.html",
                partial(self._creator, creator, lang),
            )

    def paths(self) -> list[str]:
        return list(self._pages)

    def page(self, path: str) -> Page | None:
        return self._pages.get(path)

    def __iter__(self) -> Iterator[Page]:
        return iter(self._pages.values())

    # -- rendering -----------------------------------------------------------------------

    def _context(self, lang: str, path: str, title: str, **extra: Any) -> dict[str, Any]:
        depth = path.count("/")
        root = "../" * depth
        home = root + self.prefix(lang)
        t = translator(lang)
        relative = path.removeprefix(self.prefix(lang))
        others = [
            (other, root + self.prefix(other) + relative)
            for other in self.options.languages
            if other != lang
        ]
        return {
            "lang": lang,
            "t": t,
            "root": root,
            "home": home,
            "page_title": title,
            "others": others,
            "embeds": self.options.youtube_embeds,
            "generated": self.hub.generated_at.date().isoformat(),
            "count": lambda n: format_count(n, lang),
            "percent": lambda share: format_share(share, lang),
            "items_label": lambda n: (
                t("items.count_one") if n == 1 else t("items.count", n=format_count(n, lang))
            ),
            "feeds": [],
            **extra,
        }

    def _html(self, template: str, context: dict[str, Any]) -> bytes:
        return self.env.get_template(template).render(context).encode()

    def card(self, item: Item, lang: str) -> Markup:
        """One item's card, rendered once per language and reused on every page.

        Cards sit on pages one folder below the language's top (``collections/``,
        ``creators/``), so one rendering's relative links hold on all of them.
        """
        key = (item.post_id, lang, item.note, item.override_note)
        found = self._cards.get(key)
        if found is None:
            base = self._card_base.get(lang)
            if base is None:
                base = self._card_base[lang] = (
                    cards.escaped_texts(texts(lang)),
                    "../" * (self.prefix(lang) + "x/").count("/"),
                )
            parts = self._fields.get(key[::3])
            if parts is None:
                parts = self._fields[key[::3]] = cards.fields(item)
            html = cards.card(
                parts,
                base[0],
                base[1],
                self._creator_files.get(item.creator_slug),
                self.options.youtube_embeds,
            )
            found = Markup(html)  # noqa: S704 - every value escaped by cards.card
            self._cards[key] = found
        return found

    def _cards_of(self, items: tuple[Item, ...], lang: str) -> Markup:
        return Markup("".join([self.card(i, lang) for i in items]))  # noqa: S704 - escaped cards

    def _index(self, lang: str) -> bytes:
        t = translator(lang)
        path = f"{self.prefix(lang)}index.html"
        counts = {c.slug: len(self._by_creator.get(c.slug, ())) for c in self.hub.creators}
        context = self._context(
            lang,
            path,
            t("site.title"),
            collections=[(c, file_name(c.slug)) for c in self.hub.collections],
            creators=[(c, self._creator_files[c.slug], counts[c.slug]) for c in self.hub.creators],
            mix=self.mix,
        )
        return self._html("index.html", context)

    def _collection(self, collection: Collection, lang: str) -> bytes:
        name = file_name(collection.slug)
        path = f"{self.prefix(lang)}collections/{name}.html"
        context = self._context(
            lang,
            path,
            collection.title_in(lang),
            collection=collection,
            cards=self._cards_of(collection.items, lang),
            count_cards=len(collection.items),
            feeds=[("json", f"../feeds/{name}.json"), ("atom", f"../feeds/{name}.atom")],
        )
        return self._html("collection.html", context)

    def _creator(self, creator: Creator, lang: str) -> bytes:
        path = f"{self.prefix(lang)}creators/{self._creator_files[creator.slug]}.html"
        items = self._by_creator.get(creator.slug, ())
        context = self._context(
            lang,
            path,
            creator.name,
            creator=creator,
            cards=self._cards_of(items, lang),
            count_cards=len(items),
        )
        return self._html("creator.html", context)

    def _json(self, collection: Collection, lang: str) -> bytes:
        return feeds.json_feed(collection, lang, translator(lang))

    def _atom(self, collection: Collection, lang: str) -> bytes:
        return feeds.atom_feed(collection, lang, translator(lang), self.hub.generated_at)

    # -- writing -------------------------------------------------------------------------

    def write(self, out: Path) -> BuildReport:
        """Write every page under ``out`` (created; files of an earlier build are replaced)."""
        out.mkdir(parents=True, exist_ok=True)
        root = out.resolve()
        pages = feed_count = media = size = 0
        made: set[Path] = set()
        for page in self:
            target = (root / page.path).resolve()
            if not target.is_relative_to(root):  # pragma: no cover - file_name() prevents it
                raise ValueError(f"page path {page.path!r} leaves the output folder")
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            data = page.render()
            target.write_bytes(data)
            size += len(data)
            if page.path.endswith((".json", ".atom")):
                feed_count += 1
            elif page.path.startswith("media/"):
                media += 1
            elif page.path.endswith(".html"):
                pages += 1
        return BuildReport(out, pages, feed_count, media, size)
