from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from resonanz.store import creators as store

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


def test_creator_accounts_and_partnerships_round_trip(engine: Engine) -> None:
    with engine.begin() as conn:
        cid = store.insert_creator(
            conn, slug="kochlust", name="Kochlust", now=NOW, aliases=["Koch Lust"], language="de"
        )
        aid = store.insert_account(
            conn,
            creator_id=cid,
            platform="youtube",
            native_id="UCabc",
            handle="@kochlust",
            followers=1200,
            fetched_at=NOW,
        )
        store.insert_partnership(
            conn,
            creator_id=cid,
            brand="Fairphone",
            kind="paid",
            starts_on=date(2026, 1, 1),
            ends_on=None,
            now=NOW,
        )
    with engine.connect() as conn:
        creator = store.creator_by_slug(conn, "kochlust")
        assert creator is not None and creator.aliases == ["Koch Lust"]
        assert creator.created_at == NOW
        account = store.account_by_native(conn, "youtube", "UCabc")
        assert account is not None and account.id == aid and account.followers == 1200
        (deal,) = store.partnerships_of(conn, [cid])
        assert deal.starts_on == date(2026, 1, 1) and deal.ends_on is None


def test_an_account_belongs_to_one_creator_and_goes_with_it(engine: Engine) -> None:
    with engine.begin() as conn:
        a = store.insert_creator(conn, slug="a", name="A", now=NOW)
        b = store.insert_creator(conn, slug="b", name="B", now=NOW)
        acc = store.insert_account(conn, creator_id=a, platform="reddit", native_id="u1")
    with pytest.raises(IntegrityError), engine.begin() as conn:
        store.insert_account(conn, creator_id=b, platform="reddit", native_id="u1")
    with engine.begin() as conn:
        store.move_accounts(conn, [acc], b)
        assert [x.native_id for x in store.accounts_of(conn, [b])] == ["u1"]
        store.delete_creator(conn, b)
        assert store.read_account(conn, acc) is None


def test_erasing_an_author_removes_the_matching_accounts(engine: Engine) -> None:
    with engine.begin() as conn:
        a = store.insert_creator(conn, slug="a", name="A", now=NOW)
        store.insert_account(conn, creator_id=a, platform="reddit", native_id="t2_x", handle="x")
        store.insert_account(conn, creator_id=a, platform="reddit", native_id="t2_y", handle="y")
        assert store.delete_accounts_of_author(conn, "reddit", [], ["@X"]) == 1
        assert [x.native_id for x in store.accounts_of(conn, [a])] == ["t2_y"]
        assert store.delete_accounts_of_author(conn, "youtube", ["t2_y"], []) == 0
        assert store.delete_accounts_of_author(conn, "reddit", ["t2_y"], []) == 1
        assert store.read_creator(conn, a) is None  # no account left: the creator goes
