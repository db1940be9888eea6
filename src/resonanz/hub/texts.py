"""The hub site's wording in German (first) and English."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("de", "en")

_TEXTS: dict[str, tuple[str, str]] = {
    "site.title": ("Creator-Hub", "Creator hub"),
    "site.intro": (
        "Ausgewählte Videos und Beiträge von Creatorinnen und Creatorn. Hier stehen auch "
        "Produkte anderer Marken; welche Marken vorkommen und welche Beiträge gesponsert "
        "sind, steht offen bei jedem Beitrag.",
        "Selected videos and posts by creators. Other brands' products appear here too; "
        "which brands appear and which posts are sponsored is stated openly with each post.",
    ),
    "skip": ("Zum Inhalt springen", "Skip to content"),
    "nav.label": ("Hauptnavigation", "Main navigation"),
    "nav.home": ("Übersicht", "Overview"),
    "nav.language": ("Sprache", "Language"),
    "collections": ("Sammlungen", "Collections"),
    "creators": ("Creator", "Creators"),
    "brands.heading": ("Marken im Hub", "Brands in the hub"),
    "brands.intro": (
        "Anteil der Beiträge, die eine Marke nennen. Eigene Marken sind markiert.",
        "Share of posts that name a brand. Own brands are marked.",
    ),
    "brands.own": ("eigene Marke", "own brand"),
    "brands.other": ("andere Marke", "other brand"),
    "brands.none": ("ohne Marke", "no brand"),
    "brands.column.brand": ("Marke", "Brand"),
    "brands.column.items": ("Beiträge", "Posts"),
    "brands.column.share": ("Anteil", "Share"),
    "brands.column.sponsored": ("davon gesponsert", "of which sponsored"),
    "brands.column.kind": ("Art", "Kind"),
    "items": ("Beiträge", "Posts"),
    "items.count": ("{n} Beiträge", "{n} posts"),
    "items.count_one": ("1 Beitrag", "1 post"),
    "items.empty": ("Noch keine Beiträge.", "No posts yet."),
    "item.by": ("von", "by"),
    "item.brands": ("Marken", "Brands"),
    "item.no_brands": ("keine Marke genannt", "no brand named"),
    "item.original": ("Zum Original", "View original"),
    "item.original_on": ("Original auf", "Original on"),
    "item.thumbnail": ("Vorschaubild", "Thumbnail"),
    "item.placeholder": ("Kein Vorschaubild", "No thumbnail"),
    "item.avatar": ("Profilbild von", "Profile picture of"),
    "item.disclosure_words": ("Kennzeichnung der Creator", "The creator's disclosure"),
    "item.no_disclosure_words": ("keine eigene Kennzeichnung", "no disclosure of their own"),
    "item.sponsored_by": ("Gesponsert von", "Sponsored by"),
    "item.override": ("Freigegeben trotz fehlender Kennzeichnung", "Shown despite missing label"),
    "item.curator_note": ("Notiz der Redaktion", "Curator's note"),
    "badge.disclosed": ("Werbung, gekennzeichnet", "Advertising, labelled"),
    "badge.self_promotion": ("Eigenwerbung", "Self-promotion"),
    "badge.undisclosed_commercial": (
        "Kommerziell, nicht gekennzeichnet",
        "Commercial, not labelled",
    ),
    "badge.no_commercial_signal": ("Kein Hinweis auf Werbung", "No sign of advertising"),
    "badge.unknown": ("Nicht geprüft", "Not checked"),
    "kind.sample": ("Produktmuster", "Product sample"),
    "kind.paid": ("bezahlte Kooperation", "paid partnership"),
    "kind.affiliate": ("Affiliate", "affiliate"),
    "kind.contract": ("Vertrag", "contract"),
    "creator.accounts": ("Kanäle", "Channels"),
    "creator.partnerships": ("Kooperationen mit Marken", "Partnerships with brands"),
    "creator.no_partnerships": ("Keine Kooperationen bekannt.", "No partnerships known."),
    "creator.followers": ("{n} Follower", "{n} followers"),
    "creator.since": ("seit", "since"),
    "creator.until": ("bis", "until"),
    "feeds": ("Feeds", "Feeds"),
    "feed.json": ("JSON Feed", "JSON Feed"),
    "feed.atom": ("Atom-Feed", "Atom feed"),
    "embed.load": ("Video laden (YouTube)", "Load video (YouTube)"),
    "embed.consent": (
        "Beim Laden wird eine Verbindung zu YouTube (youtube-nocookie.com) aufgebaut; "
        "dabei erhält YouTube Ihre IP-Adresse.",
        "Loading connects to YouTube (youtube-nocookie.com); YouTube then receives your "
        "IP address.",
    ),
    "embed.title": ("YouTube-Video", "YouTube video"),
    "footer.privacy": (
        "Diese Seite setzt keine Cookies, zählt keine Besuche und lädt nichts von anderen Servern.",
        "This site sets no cookies, counts no visits and loads nothing from other servers.",
    ),
    "footer.privacy_embeds": (
        "Diese Seite setzt keine Cookies und zählt keine Besuche. YouTube-Videos werden "
        "erst nach Klick geladen.",
        "This site sets no cookies and counts no visits. YouTube videos load only after a click.",
    ),
    "footer.generated": ("Erstellt am {date}", "Generated on {date}"),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **values)`` in ``lang`` (German for anything but ``en``)."""
    index = 1 if lang == "en" else 0

    def t(key: str, **values: object) -> str:
        pair = _TEXTS.get(key)
        if pair is None:
            return key
        text = pair[index]
        return text.format(**values) if values else text

    return t


class Texts(dict[str, str]):
    """All texts of one language for templates: ``tx[key]`` (an unknown key is itself)."""

    def __missing__(self, key: str) -> str:
        return key


def texts(lang: str) -> Texts:
    """Every text in ``lang`` at once (templates look them up without calls)."""
    index = 1 if lang == "en" else 0
    return Texts({key: pair[index] for key, pair in _TEXTS.items()})


def has_text(key: str) -> bool:
    return key in _TEXTS


def format_count(n: int, lang: str) -> str:
    """1234 as ``1.234`` (German) or ``1,234`` (English)."""
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


def format_share(share: float, lang: str) -> str:
    text = f"{share * 100:.1f} %"
    return text.replace(".", ",") if lang != "en" else text
