"""How long ``resonanz hub build`` takes for a big hub.

Generates ``--creators`` creators (one YouTube account each, a tenth with a paid
partnership) and ``--posts`` posts spread over them, each analysed (disclosure verdict,
disclosure evidence, one or two brand mentions), all curated into ``--collections``
collections, then times, side by side in one run:

* ``load``: reading the hub from the database and assembling it (:func:`load_hub`);
* ``build``: the whole ``hub build`` (load + every page, feed and asset written), German
  and English;
* ``build de``: the same in one language;
* ``load/build with thumbnails``: the same after every post got a cached thumbnail
  (``snippet.thumbnails`` in its raw record, 1,000 distinct images in ``hub_thumbnails``,
  as ``resonanz hub thumbnails fetch`` leaves them): what reading the raw records and
  the cache adds to a build.

The target of issue 11: ``hub build`` under 10 s for 1,000 creators and 50,000 posts.
Not a test: the machine may be shared.

    python bench/hub.py                          # 1,000 creators, 50,000 posts
    python bench/hub.py --creators 100 --posts 5000
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
from sqlalchemy import insert, select

from resonanz.hub.images import content_hash, url_key
from resonanz.models import Author, Post
from resonanz.service import Workspace, hub
from resonanz.store.annotations import AnalysisRow, MentionRow, write_analysis
from resonanz.store.creators_schema import creator_accounts, creators, partnerships
from resonanz.store.hub_schema import hub_collections, hub_creators, hub_items, hub_thumbnails
from resonanz.store.schema import posts

BRANDS = ("Glanzwerk", "Rivalia", "Nordlicht", "Seidenweich")
VERDICTS = ("disclosed", "no_commercial_signal", "self_promotion", "disclosed")


def _thumb(i: int) -> str:
    return f"https://i.ytimg.com/vi/v{i:010d}/mqdefault.jpg"


def fill_cache(workspace: Workspace, n_posts: int, distinct: int = 1000) -> None:
    """A cached JPEG-like image for every post's thumbnail URL, ``distinct`` different ones."""
    images = [b"\xff\xd8\xff\xe0" + i.to_bytes(4, "big") * 2000 for i in range(distinct)]
    now = datetime.now(UTC)
    rows = [
        {
            "url_key": url_key(_thumb(i)),
            "url": _thumb(i),
            "media_type": "image/jpeg",
            "sha256": content_hash(images[i % distinct]),
            "data": images[i % distinct],
            "fetched_at": now,
        }
        for i in range(n_posts)
    ]
    with workspace.engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            conn.execute(insert(hub_thumbnails), rows[start : start + 5000])


def seed(workspace: Workspace, n_creators: int, n_posts: int, n_collections: int) -> None:
    rng = random.Random(11)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    workspace.save_brands(
        [{"name": "Glanzwerk", "own_accounts": {"youtube": ["UCglanz"]}}]
        + [{"name": b} for b in BRANDS[1:]]
    )

    def items() -> list[Post]:
        return [
            Post(
                platform="youtube",
                native_id=f"video{i:06d}",
                kind="video",
                created_at=start + timedelta(minutes=5 * i),
                text=f"Look Nr. {i} mit {rng.choice(BRANDS)}. Werbung. " + "Text " * 40,
                title=f"Look Nr. {i}",
                url=f"https://www.youtube.com/watch?v=v{i:010d}",
                author=Author(id=f"UC{i % n_creators:05d}", handle=f"@c{i % n_creators}"),
                raw=orjson.dumps({"snippet": {"thumbnails": {"medium": {"url": _thumb(i)}}}}),
            )
            for i in range(n_posts)
        ]

    workspace.import_items(items(), source="bench", fmt="test")
    now = datetime.now(UTC)
    with workspace.engine.begin() as conn:
        ids = [int(i) for i in conn.execute(select(posts.c.id).order_by(posts.c.id)).scalars()]
        rows = []
        for post_id in ids:
            brands = rng.sample(BRANDS, rng.choice((1, 1, 2)))
            rows.append(
                AnalysisRow(
                    post_id,
                    mentions=tuple(MentionRow(b, alias=b) for b in brands),
                    disclosure=rng.choice(VERDICTS),
                    disclosure_evidence={
                        "evidence": [
                            {"kind": "disclosure_label", "start": 0, "end": 7, "text": "Werbung"}
                        ]
                    },
                )
            )
        write_analysis(conn, rows)
        conn.execute(
            insert(creators),
            [
                {
                    "id": c + 1,
                    "slug": f"creator-{c}",
                    "name": f"Creator {c}",
                    "aliases": [],
                    "created_at": now,
                    "updated_at": now,
                }
                for c in range(n_creators)
            ],
        )
        conn.execute(
            insert(creator_accounts),
            [
                {
                    "creator_id": c + 1,
                    "platform": "youtube",
                    "native_id": f"UC{c:05d}",
                    "handle": f"@c{c}",
                    "url": f"https://www.youtube.com/@c{c}",
                    "followers": 1000 * c,
                }
                for c in range(n_creators)
            ],
        )
        conn.execute(
            insert(partnerships),
            [
                {
                    "creator_id": c + 1,
                    "brand": "Glanzwerk",
                    "kind": "paid",
                    "starts_on": date(2026, 1, 1),
                    "ends_on": None,
                    "created_at": now,
                }
                for c in range(0, n_creators, 10)
            ],
        )
        conn.execute(
            insert(hub_creators),
            [
                {"creator_id": c + 1, "added_by": "bench", "added_at": now}
                for c in range(n_creators)
            ],
        )
        conn.execute(
            insert(hub_collections),
            [
                {
                    "id": k + 1,
                    "slug": f"sammlung-{k}",
                    "title": f"Sammlung {k}",
                    "description": "Looks",
                    "position": k,
                    "created_by": "bench",
                    "created_at": now,
                    "updated_at": now,
                }
                for k in range(n_collections)
            ],
        )
        conn.execute(
            insert(hub_items),
            [
                {
                    "collection_id": (i % n_collections) + 1,
                    "post_id": post_id,
                    "added_by": "bench",
                    "added_at": now,
                }
                for i, post_id in enumerate(ids)
            ],
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--creators", type=int, default=1000)
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--collections", type=int, default=20)
    parser.add_argument(
        "--db", default=None, help="database URL (default: a temporary SQLite file)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'hub.db'}"
        workspace = Workspace(url)
        workspace.init()
        began = time.perf_counter()
        seed(workspace, args.creators, args.posts, args.collections)
        print(f"seeded {args.creators:,} creators, {args.posts:,} posts in "
              f"{time.perf_counter() - began:.1f} s")  # fmt: skip
        began, cpu = time.perf_counter(), time.process_time()
        loaded = hub.load_hub(workspace)
        load_s, load_cpu = time.perf_counter() - began, time.process_time() - cpu
        assert len(loaded.items()) == args.posts
        began, cpu = time.perf_counter(), time.process_time()
        report = hub.build(workspace, Path(folder) / "site")
        both_s, both_cpu = time.perf_counter() - began, time.process_time() - cpu
        began, cpu = time.perf_counter(), time.process_time()
        hub.build(workspace, Path(folder) / "site-de", languages=("de",))
        one_s, one_cpu = time.perf_counter() - began, time.process_time() - cpu
        fill_cache(workspace, args.posts)
        began, cpu = time.perf_counter(), time.process_time()
        with_thumbs = hub.load_hub(workspace)
        tload_s, tload_cpu = time.perf_counter() - began, time.process_time() - cpu
        assert sum(i.thumbnail is not None for i in with_thumbs.items()) == args.posts
        began, cpu = time.perf_counter(), time.process_time()
        treport = hub.build(workspace, Path(folder) / "site-thumbs")
        tboth_s, tboth_cpu = time.perf_counter() - began, time.process_time() - cpu
        workspace.close()
    load = os.getloadavg()[0]
    print(f"(wall clock and CPU time of this process; load average {load:.1f} on "
          f"{os.cpu_count()} cores: on a shared machine the CPU time is the fairer figure)")  # fmt: skip
    print(f"load:      {load_s:6.2f} s wall  {load_cpu:6.2f} s CPU")
    print(f"build:     {both_s:6.2f} s wall  {both_cpu:6.2f} s CPU  (de + en: {report.pages:,} pages, "
          f"{report.feeds:,} feeds, {report.bytes / 1e6:.0f} MB)")  # fmt: skip
    print(f"build de:  {one_s:6.2f} s wall  {one_cpu:6.2f} s CPU  "
          f"(build / build de = {both_cpu / one_cpu:.2f})")  # fmt: skip
    print(f"load with thumbnails:  {tload_s:6.2f} s wall  {tload_cpu:6.2f} s CPU  "
          f"(/ load = {tload_cpu / load_cpu:.2f} in CPU time)")  # fmt: skip
    print(f"build with thumbnails: {tboth_s:6.2f} s wall  {tboth_cpu:6.2f} s CPU  "
          f"({treport.media:,} images; / build = {tboth_cpu / both_cpu:.2f} in CPU time)")  # fmt: skip
    verdict = "met" if both_s < 10 else ("met in CPU time" if both_cpu < 10 else "NOT met")
    print(f"target: build < 10 s -> {verdict}")


if __name__ == "__main__":
    main()
