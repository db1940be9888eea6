"""Every extension point of Resonanz, loaded one way: entry-point groups.

A plug-in is an entry point in one of the groups of :data:`GROUPS`, declared in
the ``pyproject.toml`` of the package that provides it. Resonanz registers its own
built-ins in its ``pyproject.toml`` exactly the same way, so an outside package
adds an importer, a stage or a page without touching Resonanz::

    [project.entry-points."resonanz.analyzers"]
    shouting = "shouting_plugin:ShoutingStage"

Each group names the ``Protocol`` its objects follow (the contract, documented in
``docs/plugins.md``) and a cheap check of that contract. Loading is lazy and per
entry point (naming the trainers imports no training module); whatever fails —
an import error, an object of the wrong kind, a name registered twice — is kept as
a :class:`Failure` and reported the same way for every group: by :func:`get` when
the broken plug-in is asked for, and by ``resonanz plugins`` for all of them.
Working plug-ins stay usable next to a broken one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from resonanz.errors import PluginLoadError, UnknownFormatError, UsageError

#: the distribution whose plug-ins come first (the built-ins)
BUILTIN = "resonanz"


def _has(*attrs: str, call: str = "") -> Callable[[Any], str | None]:
    """A check that the object has ``attrs`` and, if given, a callable ``call``."""

    def check(obj: Any) -> str | None:
        missing = [a for a in attrs if not hasattr(obj, a)]
        if call and not callable(getattr(obj, call, None)):
            missing.append(call + "()")
        return f"missing {', '.join(missing)}" if missing else None

    return check


def _callable(obj: Any) -> str | None:
    return None if callable(obj) else f"a {type(obj).__name__}, not callable"


def _taxonomy(obj: Any) -> str | None:
    aspects = getattr(obj, "ASPECTS", None)
    return None if isinstance(aspects, Mapping) else "missing an ASPECTS mapping"


@dataclass(frozen=True)
class Group:
    """One extension point: its entry-point group and the contract its objects follow."""

    key: str  # short name: "importers"
    entry_point: str  # "resonanz.importers"
    contract: str  # "module:Protocol", documented in docs/plugins.md
    noun: str  # how messages name one plug-in: "importer"
    check: Callable[[Any], str | None]  # None when the object fits, else why not
    unknown: type[UsageError] = UsageError  # raised for a name nobody registered


GROUPS: dict[str, Group] = {
    g.key: g
    for g in (
        Group(
            "importers",
            "resonanz.importers",
            "resonanz.importers.base:Importer",
            "format",
            _has("name", "description", "sniff", call="read"),
            UnknownFormatError,
        ),
        Group(
            "analyzers",
            "resonanz.analyzers",
            "resonanz.analysis.base:Analyzer",
            "analysis stage",
            _has("name", "version", "requires", "provides", call="analyze"),
        ),
        Group(
            "publishers",
            "resonanz.publishers",
            "resonanz.hookspecs:PublisherFactory",
            "publisher",
            _callable,
        ),
        Group("trainers", "resonanz.trainers", "resonanz.hookspecs:Trainer", "model", _callable),
        Group(
            "taxonomies",
            "resonanz.taxonomies",
            "resonanz.hookspecs:TaxonomySource",
            "taxonomy",
            _taxonomy,
        ),
        Group(
            "commands",
            "resonanz.commands",
            "resonanz.hookspecs:CommandRegistrar",
            "command module",
            _callable,
        ),
        Group("pages", "resonanz.pages", "resonanz.hookspecs:PageRouters", "page set", _callable),
        Group(
            "exporters",
            "resonanz.exporters",
            "resonanz.hookspecs:TableWriter",
            "export format",
            _callable,
        ),
    )
}


@dataclass(frozen=True)
class Plugin:
    """One loaded plug-in."""

    group: str
    name: str
    value: str  # "module:attribute" as declared
    origin: str  # the distribution that declares it, e.g. "resonanz 0.1.0"
    obj: Any


@dataclass(frozen=True)
class Failure:
    """A plug-in that could not be used, and why."""

    group: str
    name: str
    value: str
    origin: str
    reason: str


def _origin(ep: EntryPoint) -> str:
    dist = ep.dist
    return f"{dist.name} {dist.version}" if dist is not None else "?"


def _group(key: str) -> Group:
    if key not in GROUPS:
        raise UsageError(f"unknown plug-in group {key!r}", hint="one of: " + ", ".join(GROUPS))
    return GROUPS[key]


@cache
def _declared(key: str) -> tuple[dict[str, EntryPoint], tuple[Failure, ...]]:
    """The entry points of a group by name (built-ins first), and the duplicates."""
    eps = sorted(
        entry_points(group=_group(key).entry_point),
        key=lambda ep: (_origin(ep).split(" ")[0] != BUILTIN, ep.name),
    )
    found: dict[str, EntryPoint] = {}
    dupes: list[Failure] = []
    for ep in eps:
        if ep.name in found:
            reason = f"name already registered by {_origin(found[ep.name])}"
            dupes.append(Failure(key, ep.name, ep.value, _origin(ep), reason))
            continue
        found[ep.name] = ep
    return found, tuple(dupes)


@cache
def _load(key: str, name: str) -> Plugin | Failure:
    ep = _declared(key)[0][name]
    try:
        obj = ep.load()
    except Exception as exc:  # report every failure, keep the other plug-ins usable
        return Failure(key, name, ep.value, _origin(ep), f"{type(exc).__name__}: {exc}")
    wrong = GROUPS[key].check(obj)
    if wrong is not None:
        contract = GROUPS[key].contract.split(":")[1]
        article = "an" if contract[0] in "AEIOU" else "a"
        reason = f"{ep.value} is not {article} {contract} ({wrong})"
        return Failure(key, name, ep.value, _origin(ep), reason)
    return Plugin(key, name, ep.value, _origin(ep), obj)


def names(key: str) -> list[str]:
    """Every name registered in group ``key`` (built-ins first), without loading any."""
    return list(_declared(key)[0])


def load(key: str) -> dict[str, Any]:
    """Every plug-in of group ``key`` that loads and fits its contract, by name."""
    loaded = (_load(key, name) for name in _declared(key)[0])
    return {p.name: p.obj for p in loaded if isinstance(p, Plugin)}


def failures(key: str) -> dict[str, str]:
    """The plug-ins of group ``key`` that cannot be used, with the reason."""
    out = {f.name: f.reason for f in _declared(key)[1]}
    for name in _declared(key)[0]:
        result = _load(key, name)
        if isinstance(result, Failure):
            out[name] = result.reason
    return out


def get(key: str, name: str) -> Any:
    """The plug-in ``name`` of group ``key``; clear errors when unknown or broken."""
    group = _group(key)
    declared = _declared(key)[0]
    if name not in declared:
        known = ", ".join(sorted(declared)) or "none registered"
        raise group.unknown(f"unknown {group.noun} {name!r}", hint=f"known {group.noun}s: {known}")
    result = _load(key, name)
    if isinstance(result, Failure):
        raise PluginLoadError(
            f"{group.noun} {name!r} is registered but failed to load: {result.reason}",
            hint=f"reinstall {result.origin.split(' ')[0]}, or uninstall it",
        )
    return result.obj


def report() -> list[Plugin | Failure]:
    """Every plug-in of every group, loaded or failed (for ``resonanz plugins``)."""
    out: list[Plugin | Failure] = []
    for key in GROUPS:
        declared, dupes = _declared(key)
        out.extend(_load(key, name) for name in declared)
        out.extend(dupes)
    return out


def clear_cache() -> None:
    """Forget what was discovered (tests that install plug-ins call this)."""
    _declared.cache_clear()
    _load.cache_clear()
