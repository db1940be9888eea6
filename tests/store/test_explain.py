"""The hot queries use their indexes (PostgreSQL): each query the pages and insights
send is explained (``EXPLAIN (FORMAT JSON)``) on a small generated store, with
sequential scans priced out (``enable_seqscan = off``: a small table would otherwise
be read whole), and the plan must read the index named for it. Dropping such an
index, or rewriting a query so that it can no longer use it, fails here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from resonanz.insights import Filters, aspect_scorecard, data_quality, emerging_topics, volume
from resonanz.store import search
from resonanz.store.search import PostQuery, get_post, get_thread, list_posts
from tests.store.scale_store import T0, filled_postgres

N = 3000
PERIOD = Filters("Acme", T0 + timedelta(days=1), T0 + timedelta(days=2))


@pytest.fixture(scope="module")
def store() -> Iterator[Engine]:
    for url in filled_postgres(N):
        planned = create_engine(url, connect_args={"options": "-c enable_seqscan=off"})
        yield planned
        planned.dispose()


def _indexes(plan: dict[str, Any]) -> set[str]:
    found = {plan["Index Name"]} if "Index Name" in plan else set()
    for child in plan.get("Plans", ()):
        found |= _indexes(child)
    return found


def indexes_used(engine: Engine, call: Callable[[Engine], object]) -> list[set[str]]:
    """The indexes each SELECT that ``call`` sends would read, in order."""
    sent: list[tuple[str, Any]] = []

    def grab(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, params))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        call(engine)
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    plans = []
    with engine.connect() as conn:
        for statement, params in sent:
            answer = conn.exec_driver_sql("EXPLAIN (FORMAT JSON) " + statement, params)
            plans.append(_indexes(answer.scalar_one()[0]["Plan"]))
    return plans


def _union(plans: list[set[str]]) -> set[str]:
    return set().union(*plans)


def test_the_explorer_walks_the_time_index(store: Engine) -> None:
    plans = indexes_used(store, lambda e: list_posts(e, PostQuery()))
    assert "ix_posts_created_at" in plans[0]


def test_a_brand_filter_probes_the_mentions_by_post(store: Engine) -> None:
    first = indexes_used(store, lambda e: list_posts(e, PostQuery(brand="Acme")))[0]
    assert "ix_posts_created_at" in first
    assert first & {"ix_post_mentions_post_id", "ix_post_mentions_brand_post_id"}


def test_filters_on_the_analysis_join_it_by_key(store: Engine) -> None:
    query = PostQuery(platforms=("x",), language="de", sentiment="neutral")
    first = indexes_used(store, lambda e: list_posts(e, query))[0]
    assert "pk_post_analysis" in first
    assert first & {"ix_posts_created_at", "ix_posts_platform_created_at"}


def test_a_common_word_is_searched_among_the_newest_posts(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RECENT_WINDOW", 500)
    plans = indexes_used(store, lambda e: list_posts(e, PostQuery(q="haeufig")))
    assert len(plans) == 3  # the window's edge, the window, the brands of the page
    assert "ix_posts_created_at" in plans[0]
    assert "ix_posts_created_at" in plans[1]


def test_a_rare_word_is_found_through_the_full_text_index(
    store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "RECENT_WINDOW", 500)
    plans = indexes_used(store, lambda e: list_posts(e, PostQuery(q="selten")))
    assert len(plans) == 4  # edge, window (too few hits), the whole store, brands
    assert "ix_posts_fts_vector" in plans[2]
    assert "ix_posts_created_at" not in plans[2]  # no walk through every post in time order


def test_a_thread_is_read_by_its_key(store: Engine) -> None:
    plans = indexes_used(store, lambda e: get_thread(e, 1234))
    assert "pk_posts" in plans[0]
    assert "ix_posts_platform_thread_id" in plans[1]
    assert "ix_post_mentions_post_id" in _union(plans[2:])


def test_a_post_is_read_by_its_key(store: Engine) -> None:
    assert "pk_posts" in _union(indexes_used(store, lambda e: get_post(e, 1234)))


def test_the_overview_counts_come_from_the_rollup_key(store: Engine) -> None:
    assert "pk_rollup_posts" in _union(indexes_used(store, lambda e: volume(e, PERIOD)))


def test_aspect_quotes_walk_the_period_newest_first(store: Engine) -> None:
    plans = indexes_used(store, lambda e: aspect_scorecard(e, PERIOD))
    assert "pk_rollup_aspects" in plans[0]
    quotes = plans[2]  # after the counts of the period and of the one before
    assert {"ix_posts_created_at", "ix_post_aspects_post_id"} <= quotes
    assert "pk_posts" in plans[3]  # the texts of the chosen quotes


def test_topics_sample_the_newest_posts_of_the_period(store: Engine) -> None:
    plans = indexes_used(store, lambda e: emerging_topics(e, PERIOD))
    assert "ix_posts_created_at" in plans[0]
    assert "pk_posts" in plans[0]


def test_data_quality_reads_the_rollup_and_the_pending_posts(store: Engine) -> None:
    plans = indexes_used(store, lambda e: data_quality(e, PERIOD))
    assert "pk_rollup_quality" in plans[0]
    assert "ix_posts_unanalyzed" in plans[1]  # only posts without analysis, not the period


def test_data_quality_of_part_days_reads_the_period_by_time(store: Engine) -> None:
    hours = Filters("Acme", PERIOD.start + timedelta(hours=3), PERIOD.end)
    plans = indexes_used(store, lambda e: data_quality(e, hours))
    assert {"ix_posts_created_at", "pk_post_analysis"} <= _union(plans)
