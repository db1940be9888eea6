from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from resonanz.insights import Filters, volume
from resonanz.insights.volume import flag_spikes
from tests.insights.builder import P, at, build

# Acme posts per day, 1-10 March 2024: 2 a day, except 9 on the 8th and none on the 10th.
PER_DAY = {1: 2, 2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 2, 8: 9, 9: 2, 10: 0}


def data() -> list[P]:
    items = [P(f"a{d}-{i}", at(d, 8 + i)) for d, n in PER_DAY.items() for i in range(n)]
    items += [
        P("spam", at(5), spam=0.97),  # spam: not counted
        P("bolt", at(5), brands=("Bolt",)),  # another brand
        P("none", at(5), brands=()),  # unattributed
        P("yt", at(6), platform="youtube"),  # counted unless filtered by platform
        P("late", at(9, 23)),  # 9 March 23:00: inside a period ending at midnight
    ]
    return items


def test_daily_counts_and_spike(engine: Engine) -> None:
    build(engine, data())
    points = volume(engine, Filters("Acme", at(1, 0), at(11, 0)))
    assert [p.period for p in points] == [date(2024, 3, d) for d in range(1, 11)]
    # 6 March gets the youtube post, 9 March the late one.
    assert [p.count for p in points] == [2, 2, 2, 2, 2, 3, 2, 9, 3, 0]
    # Baseline of the 8th: median of the 7 days before = 2; MAD = 0 so the spread is the
    # floor 1; 9 > 2 + 3 * 1 makes it a spike. No other day exceeds its baseline by 3.
    assert [p.spike for p in points] == [False] * 7 + [True, False, False]
    assert points[7].baseline == 2.0
    # The 10th: window 3rd..9th = [2,2,2,3,2,9,3], median 2.
    assert points[9].baseline == 2.0


def test_platform_filter_and_weeks(engine: Engine) -> None:
    build(engine, data())
    reddit = volume(engine, Filters("Acme", at(1, 0), at(11, 0), platforms=("reddit",)))
    assert [p.count for p in reddit] == [2, 2, 2, 2, 2, 2, 2, 9, 3, 0]
    weekly = volume(engine, Filters("Acme", at(1, 0), at(11, 0), granularity="week"))
    # Week of Mon 26 Feb holds 1-3 March (2+2+2); week of Mon 4 March holds 4-10 March
    # (2+2+3+2+9+3+0 = 21).
    assert [(p.period, p.count) for p in weekly] == [
        (date(2024, 2, 26), 6),
        (date(2024, 3, 4), 21),
    ]


def test_partial_days_are_answered_exactly_from_raw_tables(engine: Engine) -> None:
    build(engine, data())
    # From 8 March 12:00 to 9 March 12:00: on the 8th the posts at 12..16h (i = 4..8: 5
    # posts); on the 9th those at 8h and 9h (before noon: 2). The late post is outside.
    points = volume(engine, Filters("Acme", at(8, 12), at(9, 12)))
    assert [(p.period, p.count) for p in points] == [(date(2024, 3, 8), 5), (date(2024, 3, 9), 2)]


def test_rollup_and_raw_agree(engine: Engine) -> None:
    build(engine, data())
    f = Filters("Acme", at(1, 0), at(11, 0))
    assert volume(engine, f, tables="rollup") == volume(engine, f, tables="raw")


def test_spike_rule_ignores_short_history_and_one_outlier() -> None:
    # Two earlier points only: never a spike. Later, one outlier in the window does not
    # lift the median baseline.
    flags = flag_spikes([1, 1, 50, 1, 1, 1, 12])
    assert [s for _, s in flags] == [False, False, False, False, False, False, True]
    # For the last point: window [1,1,50,1,1,1], median 1, MAD 0 -> spread 1, 12 > 4.
    assert flags[-1][0] == 1.0


def test_local_midnight_is_not_taken_for_a_utc_day(engine: Engine) -> None:
    from datetime import datetime, timedelta, timezone

    from resonanz.insights.counts import resolve

    build(engine, data())
    berlin = timezone(timedelta(hours=1))
    f = Filters("Acme", datetime(2024, 3, 8, tzinfo=berlin), datetime(2024, 3, 10, tzinfo=berlin))
    assert resolve("auto", f) == "raw"
    # UTC 7 March 23:00 .. 9 March 23:00: the 8th has all 9 posts; the 9th has those at
    # 8h and 9h, not the one at 23:00 (the end is exclusive); nothing on the 7th after 23h.
    points = volume(engine, f)
    assert [(p.period, p.count) for p in points] == [
        (date(2024, 3, 7), 0),
        (date(2024, 3, 8), 9),
        (date(2024, 3, 9), 2),
    ]
