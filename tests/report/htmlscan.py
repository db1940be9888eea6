"""An html.parser based scan of a rendered report: elements, attributes, text, scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]


@dataclass
class Scan:
    elements: list[Element] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    h2: list[str] = field(default_factory=list)

    def ids(self, tag: str) -> list[str]:
        return [str(e.attrs.get("id")) for e in self.elements if e.tag == tag and e.attrs.get("id")]

    def tags(self, tag: str) -> list[Element]:
        return [e for e in self.elements if e.tag == tag]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []
        self._in_h2 = False
        self._h2: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.elements.append(Element(tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
            self._script_text = []
        if tag == "h2":
            self._in_h2, self._h2 = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scan.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        if tag == "h2" and self._in_h2:
            self.scan.h2.append("".join(self._h2).strip())
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
            return
        self.scan.text.append(data)
        if self._in_h2:
            self._h2.append(data)


def scan(html: str) -> Scan:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.scan
