"""Curating the hub through the facade, on SQLite and PostgreSQL: rules, audit, build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from resonanz.errors import HubError, HubRefused, HubUnknown
from resonanz.service import Workspace, hub
from tests.hub.seed import HOSTILE, Seeded, seed


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


@pytest.fixture
def seeded(workspace: Workspace) -> Seeded:
    found = seed(workspace)
    hub.add_collection(workspace, "herbst-looks", "Herbst-Looks", "anna", title_en="Autumn looks")
    assert hub.add_creator(workspace, "lena", "anna") is True
    assert hub.add_creator(workspace, "lena", "anna") is False
    hub.add_creator(workspace, "mo", "anna")
    return found


def test_only_posts_of_creators_in_the_hub(workspace: Workspace, seeded: Seeded) -> None:
    ids = seeded.ids
    with pytest.raises(HubRefused, match="not in the hub") as refused:
        hub.add_item(workspace, "herbst-looks", ids["ninavideo01"], "anna")
    assert "hub creator add nina" in (refused.value.hint or "")
    with pytest.raises(HubRefused, match="no creator"):
        hub.add_item(workspace, "herbst-looks", ids["stranger001"], "anna")
    with pytest.raises(HubUnknown):
        hub.add_item(workspace, "herbst-looks", 999_999, "anna")
    with pytest.raises(HubUnknown):
        hub.add_item(workspace, "no-such", ids["lenavideo01"], "anna")
    hub.add_item(workspace, "herbst-looks", ids["lenavideo01"], "anna", note="Lieblingslook")
    hub.add_item(workspace, "herbst-looks", ids["m1"], "anna")  # Mo: matched by handle
    with pytest.raises(HubRefused, match="already"):
        hub.add_item(workspace, "herbst-looks", ids["m1"], "anna")
    assert [(c.slug, c.items) for c in hub.list_collections(workspace)] == [("herbst-looks", 2)]


def test_undisclosed_commercial_needs_an_override_note_and_is_logged(
    workspace: Workspace, seeded: Seeded
) -> None:
    post = seeded.ids["lenavideo02"]
    with pytest.raises(HubRefused, match="not labelled as advertising") as refused:
        hub.add_item(workspace, "herbst-looks", post, "anna")
    assert "--override-note" in (refused.value.hint or "")
    assert refused.value.http_status == 409
    hub.add_item(
        workspace, "herbst-looks", post, "ben", override_note="Creatorin hat nachgekennzeichnet"
    )
    log = hub.audit_log(workspace)
    actions = [(r.actor, r.action, r.item) for r in log]
    assert ("anna", "item_refused", post) in actions
    assert ("ben", "item_add", post) in actions
    override = next(r for r in log if r.action == "item_override")
    assert (override.actor, override.item, override.note) == (
        "ben",
        post,
        "Creatorin hat nachgekennzeichnet",
    )
    refusal = next(r for r in log if r.action == "item_refused")
    assert refusal.note and refusal.note.startswith("undisclosed_commercial:")
    assert refusal.collection == "herbst-looks" and refusal.creator == "lena"


def test_removing_a_creator_takes_their_items_out(workspace: Workspace, seeded: Seeded) -> None:
    ids = seeded.ids
    hub.add_item(workspace, "herbst-looks", ids["lenavideo01"], "anna")
    hub.add_item(workspace, "herbst-looks", ids["lenavideo03"], "anna")
    hub.add_item(workspace, "herbst-looks", ids["m1"], "anna")
    assert hub.remove_creator(workspace, "lena", "anna") == 2
    assert [c.items for c in hub.list_collections(workspace)] == [1]
    with pytest.raises(HubUnknown):
        hub.remove_creator(workspace, "lena", "anna")
    hub.remove_item(workspace, "herbst-looks", ids["m1"], "anna")
    with pytest.raises(HubUnknown):
        hub.remove_item(workspace, "herbst-looks", ids["m1"], "anna")
    assert hub.remove_collection(workspace, "herbst-looks", "anna") == 0
    assert hub.list_collections(workspace) == []
    actions = [r.action for r in hub.audit_log(workspace)]
    assert actions[:3] == ["collection_remove", "item_remove", "creator_remove"]


def test_bad_input_is_refused(workspace: Workspace, seeded: Seeded) -> None:
    with pytest.raises(HubError):
        hub.add_collection(workspace, "Herbst Looks", "x", "anna")
    with pytest.raises(HubRefused, match="exists already"):
        hub.add_collection(workspace, "herbst-looks", "x", "anna")
    with pytest.raises(HubError):
        hub.add_collection(workspace, "leer", "   ", "anna")
    with pytest.raises(HubUnknown):
        hub.add_creator(workspace, "nobody", "anna")
    with pytest.raises(HubError, match="not a PNG"):
        hub.add_item(
            workspace, "herbst-looks", seeded.ids["lenavideo01"], "anna", thumbnail=b"<svg/>"
        )


def test_the_hub_as_built_from_the_data(
    workspace: Workspace, seeded: Seeded, tmp_path: Path
) -> None:
    ids = seeded.ids
    from tests.hub.world import PNG

    hub.add_collection(workspace, "sensible-haut", HOSTILE, "anna", description=HOSTILE)
    hub.add_item(workspace, "herbst-looks", ids["lenavideo01"], "anna", thumbnail=PNG)
    hub.add_item(workspace, "herbst-looks", ids["m1"], "anna")
    hub.add_item(workspace, "sensible-haut", ids["lenavideo03"], "anna")
    hub.add_item(workspace, "sensible-haut", ids["m1"], "anna")
    hub.add_item(workspace, "herbst-looks", ids["lenavideo02"], "anna", override_note="geprüft")
    built = hub.load_hub(workspace)
    autumn = built.collections[0]
    assert [i.post_id for i in autumn.items] == [ids["m1"], ids["lenavideo02"], ids["lenavideo01"]]
    first = next(i for i in autumn.items if i.post_id == ids["lenavideo01"])
    assert first.creator_slug == "lena" and first.title == "Herbst-Look"
    assert [(b.name, b.own) for b in first.brands] == [("Glanzwerk", True)]
    assert [(s.brand, s.kind) for s in first.sponsors] == [("Glanzwerk", "paid")]
    assert first.disclosure_words == ("Werbung",)  # the discount code is no disclosure
    assert first.thumbnail is not None and first.youtube_id == "lenavideo01"
    mo = next(i for i in autumn.items if i.post_id == ids["m1"])
    assert mo.creator_name == "Mo Looks" and mo.youtube_id is None
    assert [(b.name, b.own) for b in mo.brands] == [("Glanzwerk", True), ("Rivalia", False)]
    assert not mo.sponsors  # Mo has no partnership
    mix = hub.mix(workspace)
    assert (mix.total, mix.own_items, mix.other_items, mix.unbranded_items) == (4, 2, 1, 1)
    assert {b.brand: b.items for b in mix.brands} == {"Glanzwerk": 2, "Rivalia": 2}
    report = hub.build(workspace, tmp_path / "site")
    assert (report.pages, report.feeds, report.media) == (2 * (1 + 2 + 2), 2 * 4, 1)
    page = (tmp_path / "site/collections/sensible-haut.html").read_text()
    assert "<script>window" not in page and "&lt;script&gt;window" in page
    assert "javascript:" not in page
    assert (tmp_path / "site/media" / f"item-{ids['lenavideo01']}.png").is_file()
    english = hub.build(workspace, tmp_path / "en-only", languages=("en",))
    assert english.pages == 5


def test_an_item_judged_undisclosed_later_is_held_back(
    workspace: Workspace, seeded: Seeded
) -> None:
    from resonanz.store.annotations import AnalysisRow, write_analysis

    post = seeded.ids["lenavideo03"]
    hub.add_item(workspace, "herbst-looks", post, "anna")
    assert [i.post_id for i in hub.load_hub(workspace).items()] == [post]
    with workspace.engine.begin() as conn:  # a re-analysis finds hidden advertising
        write_analysis(conn, [AnalysisRow(post, disclosure="undisclosed_commercial")])
    assert hub.load_hub(workspace).items() == ()
    assert hub.mix(workspace).total == 0
