"""Set-based generation of a large analysed store directly in PostgreSQL.

Used by ``bench/pg_scale.py``. Every value is a deterministic hash of the post id
(``hashint8extended``), so a chunk of ids always yields the same rows: the load is
done in chunks of ids, each one transaction that also records its progress in
``bench_progress``, and a run that was stopped continues where it left off.

The store (defaults for 10 M posts):

* threads of 1 to 24 posts (a post and its comments) on one platform, on one day
  of two years (2024-01-01 to 2025-12-30), more of them toward the end;
* authors with a long tail (``author = N/10 * u**3``): a few write thousands of posts;
* languages 50 % German, 40 % English, 5 % French, 5 % Spanish; texts of two
  phrases drawn from 4,000 German or English phrases of six words each (word
  frequencies Zipf-like: ``preis`` or ``price`` is in a large share of the posts,
  the last words of each vocabulary in very few), the brands named, and now and
  then a rare word (``RARE``: about one post in 10,000, 100,000 and 1,000,000);
* 98 % analysed: sentiment, spam (3 %), toxicity (German only), intents,
  disclosure verdicts; brand mentions (60 % one brand, 10 % two, 30 % of them a
  product), aspects (40 % of the posts); the rollup tables counted from those rows
  with the rules of :mod:`resonanz.store.rollups` (no ``post_brand_sentiment`` rows).

The plain secondary indexes of the four big tables are dropped during the load
and created again at the end (their definitions are kept in
``bench_saved_indexes``, so an interrupted load still gets them back).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from sqlalchemy import Connection, Engine, text

from resonanz.store.brands import save_brands
from resonanz.store.rollups import fill_quality

BRANDS = ["Acme", "Bolt", "Crux", "Dyna", "Echo", "Flux", "Gala", "Halo", "Iris", "Juno"]
PLATFORMS = ["reddit", "youtube", "x", "mastodon", "feed"]
ASPECTS = ["price", "service", "quality", "delivery", "battery", "packaging", "app", "design"]
DAYS = 730
START = "2024-01-01"
PHRASES = 4000  # per language
CHUNK = 500_000
_DE = (
    "preis lieferung akku qualität service kundendienst paket leider wirklich super schlecht "
    "toll teuer günstig bestellung verspätet kaputt funktioniert endlich wieder empfehlen "
    "enttäuscht zufrieden versand rückgabe garantie rechnung update app display kamera "
    "ladegerät kabel hülle farbe verpackung geruch geschmack schnell langsam laut leise "
    "stabil wackelig hotline warteschleife erstattung gutschein rabatt angebot filiale "
    "onlineshop lieferzeit umtausch reklamation ersatzteil bedienungsanleitung einrichtung "
    "verbindung bluetooth ladezeit laufzeit gewicht material oberfläche kratzer handhabung "
    "nachhaltigkeit recycling plastik karton zustellung paketbote abholstation packstation "
    "kundenkonto passwort newsletter werbung influencer kooperation testbericht vergleich "
    "alternative konkurrenz nachfolger vorgänger modell version firmware absturz fehlermeldung "
    "tastatur lautsprecher mikrofon kopfhörer akkulaufzeit ladestation netzteil stecker "
    "adapter zubehör halterung montage schraube dichtung wasserdicht staubdicht frostschutz "
    "sonnenschutz wärmeleitpaste lüftersteuerung"
)
_EN = (
    "price delivery battery quality service support package sadly really great awful "
    "amazing expensive cheap order late broken works finally again recommend disappointed "
    "happy shipping return warranty invoice update app screen camera charger cable case "
    "colour packaging smell taste fast slow loud quiet sturdy flimsy hotline queue refund "
    "voucher discount offer store webshop leadtime exchange complaint spare manual setup "
    "connection bluetooth charging runtime weight material surface scratch handling "
    "sustainability recycling plastic cardboard courier parcel locker account password "
    "newsletter advert influencer partnership review comparison alternative competitor "
    "successor predecessor model version firmware crash error keyboard speaker microphone "
    "headphones batterylife dock adapter accessory mount screw gasket waterproof dustproof "
    "antifreeze sunscreen thermalpaste fancurve"
)
#: rare words and the share of posts that carry one (German posts get the first of a pair)
RARE = (("zahnputzbecher", "toothbrushholder", 1e-6), ("kulanzantrag", "goodwillclaim", 1e-5),
        ("garantieverlängerung", "warrantyextension", 1e-4))  # fmt: skip
STAMP = "2026-01-01 00:00:00+00"


def _h(key: str, salt: int) -> str:
    """SQL for a non-negative 63-bit hash of ``key`` (an SQL expression) and ``salt``."""
    return f"(hashint8extended({key}, {salt}) & 9223372036854775807)"


def _u(key: str, salt: int) -> str:
    """SQL for a uniform number in [0, 1) from ``key`` and ``salt``."""
    return f"(({_h(key, salt)} % 1000000) / 1000000.0)"


# -- per-post values, the same SQL wherever they are needed -------------------------------
# threads: 12 posts on average, 1 to 24; a thread is identified by its first id
THREAD = "(i - ((i - 1) % 24) % (1 + " + _h("(i - 1) / 24", 1) + " % 24))"
LANG = (
    f"(CASE WHEN {_u('i', 4)} < 0.5 THEN 'de' WHEN {_u('i', 4)} < 0.9 THEN 'en' "
    f"WHEN {_u('i', 4)} < 0.95 THEN 'fr' ELSE 'es' END)"
)
ANALYSED = f"({_u('i', 13)} < 0.98)"
MENTIONS = f"(CASE WHEN {_u('i', 5)} < 0.1 THEN 2 WHEN {_u('i', 5)} < 0.7 THEN 1 ELSE 0 END)"
B1 = f"({_h('i', 6)} % 10)"
B2 = f"(({_h('i', 6)} % 10 + 1 + {_h('i', 7)} % 9) % 10)"
P1 = f"(CASE WHEN {_u('i', 8)} < 0.3 THEN {_h('i', 9)} % 2 ELSE -1 END)"
P2 = f"(CASE WHEN {_u('i', 18)} < 0.3 THEN {_h('i', 19)} % 2 ELSE -1 END)"
ASPECT_N = f"(CASE WHEN {_u('i', 20)} >= 0.4 THEN 0 WHEN {_u('i', 21)} < 0.3 THEN 2 ELSE 1 END)"
A1 = f"({_h('i', 22)} % 8)"
A2 = f"(({_h('i', 22)} % 8 + 1 + {_h('i', 23)} % 7) % 8)"
AGAIN = f"({_u('i', 24)} < 0.1)"


def _brand(code: str) -> str:
    return "(ARRAY[" + ",".join(f"'{b}'" for b in BRANDS) + f"])[{code} + 1]"


def _product(brand: str, code: str) -> str:
    return f"CASE WHEN {code} < 0 THEN NULL ELSE {_brand(brand)} || " + (
        f"(ARRAY[' One', ' Pro'])[{code} + 1] END"
    )


def _polarity(salt: int) -> str:
    u = _u("i", salt)
    return (
        f"(CASE WHEN {u} < 0.4 THEN 'positive' WHEN {u} < 0.7 THEN 'negative' ELSE 'neutral' END)"
    )


def _rare() -> str:
    parts = []
    for salt, (de, en, share) in enumerate(RARE, start=40):
        word = f"CASE WHEN {LANG} = 'de' THEN '{de}' ELSE '{en}' END"
        parts.append(f"CASE WHEN {_u('i', salt)} < {share} THEN ' ' || {word} ELSE '' END")
    return " || ".join(parts)


def _phrases_sql() -> str:
    pick = "1 + floor(array_length(w, 1) * power(" + _u("p * 16 + k", 11) + ", 2.0))::int"
    return (
        "INSERT INTO bench_phrases (id, lang, phrase) "
        "SELECT p, l.lang, (SELECT string_agg(w[" + pick + "], ' ' ORDER BY k) "
        "FROM generate_series(1, 6) AS k) "
        "FROM (VALUES ('de', string_to_array(:de, ' '), 0), ('en', string_to_array(:en, ' '), "
        f"{PHRASES})) AS l(lang, w, first), generate_series(l.first, l.first + {PHRASES - 1}) AS p"
    )


def _posts_sql(authors: int) -> str:
    root = THREAD
    day = f"floor({DAYS} * sqrt({_u(root, 2)}))::int"
    phrase_lang = f"CASE WHEN {LANG} = 'de' THEN 0 ELSE {PHRASES} END"
    author = f"floor({authors} * power({_u('i', 10)}, 3))::bigint"
    named = (
        f"CASE WHEN {ANALYSED} AND {MENTIONS} >= 1 THEN ' ' || {_brand(B1)} ELSE '' END || "
        f"CASE WHEN {ANALYSED} AND {MENTIONS} = 2 THEN ' und ' || {_brand(B2)} ELSE '' END"
    )
    return f"""
INSERT INTO posts (id, platform, native_id, kind, thread_id, parent_id, text, language,
  created_at, author_id, author_handle, author_followers, author_is_own, views, likes,
  replies, shares, content_hash, imported_at, updated_at, analyzed_at)
SELECT i,
  (ARRAY['reddit','youtube','x','mastodon','feed'])[1 + {_h(root, 3)} % 5],
  'n' || i, CASE WHEN i = {root} THEN 'post' ELSE 'comment' END,
  't' || {root}, CASE WHEN i = {root} THEN NULL ELSE 'n' || {root} END,
  a.phrase || ' ' || b.phrase || {named} || {_rare()},
  {LANG},
  TIMESTAMPTZ '{START} 00:00:00+00' + make_interval(days => {day},
    secs => ({_h(root, 12)} % 80000) + (i - {root}) * 97),
  'a' || {author}, 'user' || {author}, {_h(author, 14)} % 100000, {author} < 3,
  CASE WHEN {_h(root, 3)} % 5 = 1 THEN {_h("i", 15)} % 100000 END,
  floor(200 * power({_u("i", 16)}, 3))::bigint, {_h("i", 17)} % 20, {_h("i", 17)} % 7, i,
  TIMESTAMPTZ '{STAMP}', TIMESTAMPTZ '{STAMP}',
  CASE WHEN {ANALYSED} THEN TIMESTAMPTZ '{STAMP}' END
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS i
JOIN bench_phrases a ON a.id = {phrase_lang} + {_h("i", 30)} % {PHRASES}
JOIN bench_phrases b ON b.id = {phrase_lang} + {_h("i", 31)} % {PHRASES}
"""


def _analysis_sql() -> str:
    u = _u("i", 35)
    commercial = f"({_u('i', 36)} < 0.03)"
    return f"""
INSERT INTO post_analysis (post_id, language, lang_supported, relevance, sentiment,
  sentiment_score, intent, needs_reply, reply_reason, spam, toxic, disclosure,
  disclosure_evidence, analyzed_at)
SELECT i, {LANG}, {LANG} IN ('de', 'en'), 0.9, {_polarity(14)}, 0.5 + {u} / 2,
  CASE WHEN {u} < 0.05 THEN 'question' WHEN {u} < 0.08 THEN 'complaint|question' END,
  {u} < 0.05, CASE WHEN {u} < 0.05 THEN 'question' END,
  CASE WHEN {_u("i", 37)} < 0.03 THEN 0.9 ELSE 0.05 END,
  CASE WHEN {LANG} = 'de' THEN CASE WHEN {_u("i", 38)} < 0.04 THEN 0.8 ELSE 0.1 END END,
  CASE WHEN NOT {commercial} THEN 'no_commercial_signal'
       WHEN {_u("i", 39)} < 0.5 THEN 'disclosed' ELSE 'undisclosed_commercial' END,
  CASE WHEN {commercial} THEN CAST('{{"strength": "weak"}}' AS json) END,
  TIMESTAMPTZ '{STAMP}'
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS i
WHERE {ANALYSED}
"""


def _mentions_sql() -> str:
    return f"""
INSERT INTO post_mentions (post_id, brand, product, fuzzy)
SELECT i, {_brand(B1)}, {_product(B1, P1)}, false
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS i
WHERE {ANALYSED} AND {MENTIONS} >= 1
UNION ALL
SELECT i, {_brand(B2)}, {_product(B2, P2)}, false
FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS i
WHERE {ANALYSED} AND {MENTIONS} = 2
"""


def _aspects_sql() -> str:
    names = "(ARRAY[" + ",".join(f"'{a}'" for a in ASPECTS) + "])"
    rows = (
        (f"{ASPECT_N} >= 1", A1, 25, 26),
        (f"{ASPECT_N} >= 1 AND {AGAIN}", A1, 27, 28),
        (f"{ASPECT_N} = 2", A2, 29, 32),
    )
    parts = [
        f"SELECT i, {names}[{code} + 1], {_polarity(pol)}, {_u('i', score)} "
        f"FROM generate_series(CAST(:lo AS bigint), CAST(:hi AS bigint) - 1) AS i "
        f"WHERE {ANALYSED} AND {cond}"
        for cond, code, pol, score in rows
    ]
    return "INSERT INTO post_aspects (post_id, aspect, polarity, score)\n" + "\nUNION ALL\n".join(
        parts
    )


# -- rollups: counted from the raw rows by the rules of resonanz.store.rollups -------------
_KEYS = """
  SELECT post_id, brand, '' AS product FROM post_mentions
  UNION ALL SELECT post_id, brand, product FROM post_mentions WHERE coalesce(product, '') <> ''
  UNION ALL SELECT a.post_id, '', '' FROM post_analysis a
    WHERE NOT EXISTS (SELECT 1 FROM post_mentions m WHERE m.post_id = a.post_id)
"""
_DAY = "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
ROLLUP_POSTS = f"""
INSERT INTO rollup_posts (brand, product, day, platform, language, sentiment, spam, n)
SELECT k.brand, k.product, {_DAY}, p.platform, coalesce(a.language, ''),
  coalesce(a.sentiment, ''), coalesce(a.spam >= 0.5, false), count(*)
FROM ({_KEYS}) AS k JOIN posts p ON p.id = k.post_id JOIN post_analysis a ON a.post_id = p.id
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
ROLLUP_ASPECTS = f"""
INSERT INTO rollup_aspects (brand, product, day, platform, language, aspect, polarity, spam, n)
SELECT k.brand, k.product, {_DAY}, p.platform, coalesce(a.language, ''), x.aspect,
  x.polarity, coalesce(a.spam >= 0.5, false), count(*)
FROM ({_KEYS}) AS k JOIN posts p ON p.id = k.post_id JOIN post_analysis a ON a.post_id = p.id
JOIN (
  SELECT post_id, aspect, CASE
    WHEN bool_or(polarity = 'positive') AND bool_or(polarity = 'negative') THEN 'mixed'
    WHEN bool_or(polarity = 'positive') THEN 'positive'
    WHEN bool_or(polarity = 'negative') THEN 'negative'
    WHEN bool_or(polarity = 'neutral') THEN 'neutral' ELSE '' END AS polarity
  FROM post_aspects GROUP BY post_id, aspect
) AS x ON x.post_id = p.id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
"""

BIG_TABLES = ("posts", "post_analysis", "post_mentions", "post_aspects")
_LOCK = 0x5CA1E  # advisory lock key of a running generation


def _step_done(conn: Connection, step: str) -> int:
    found = conn.execute(
        text("SELECT done FROM bench_progress WHERE step = :s"), {"s": step}
    ).scalar_one_or_none()
    return int(found or 0)


def _mark(conn: Connection, step: str, done: int) -> None:
    conn.execute(
        text(
            "INSERT INTO bench_progress (step, done) VALUES (:s, :d) "
            "ON CONFLICT (step) DO UPDATE SET done = excluded.done"
        ),
        {"s": step, "d": done},
    )


def _drop_indexes(conn: Connection) -> None:
    """Keep the definitions of the plain secondary indexes, then drop them."""
    conn.execute(
        text(
            "INSERT INTO bench_saved_indexes (name, definition) "
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:t) "
            "AND NOT x.indisunique AND NOT x.indisprimary ON CONFLICT (name) DO NOTHING"
        ),
        {"t": list(BIG_TABLES)},
    )
    for (name,) in conn.execute(text("SELECT name FROM bench_saved_indexes")).all():
        conn.execute(text(f'DROP INDEX IF EXISTS "{name}"'))


def _restore_indexes(engine: Engine, log: Callable[[str], None]) -> None:
    with engine.connect() as conn:
        saved = conn.execute(text("SELECT name, definition FROM bench_saved_indexes")).all()
    for name, definition in saved:
        began = time.perf_counter()
        with engine.begin() as conn:
            conn.execute(text("SET maintenance_work_mem = '512MB'"))
            conn.execute(text(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1)))
            conn.execute(text("DELETE FROM bench_saved_indexes WHERE name = :n"), {"n": name})
        log(f"index {name}: {time.perf_counter() - began:.0f} s")


def generate(engine: Engine, n: int, log: Callable[[str], None] = print) -> None:
    """Fill the (migrated) database behind ``engine`` with ``n`` analysed posts.

    A second run at the same time waits for the first (an advisory lock), then finds
    the work done.
    """
    with engine.connect() as held:
        held.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _LOCK})
        try:
            _generate(engine, n, log)
        finally:
            held.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK})
            held.commit()


def _generate(engine: Engine, n: int, log: Callable[[str], None]) -> None:
    save_brands(engine, [{"name": b, "competitors": [c for c in BRANDS[:5] if c != b],
                          "product": [{"name": f"{b} One"}, {"name": f"{b} Pro"}]} for b in BRANDS])  # fmt: skip
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE IF NOT EXISTS bench_progress (step text PRIMARY KEY, done bigint)")
        )
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_saved_indexes (name text PRIMARY KEY, definition text)"
            )
        )
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_phrases (id int PRIMARY KEY, lang text, phrase text)"
            )
        )
        if not _step_done(conn, "phrases"):
            conn.execute(text(_phrases_sql()), {"de": _DE, "en": _EN})
            conn.execute(text("ANALYZE bench_phrases"))
            _mark(conn, "phrases", 1)
        if _step_done(conn, "finished") >= n:
            log(f"already generated: {n:,} posts")
            return
        _drop_indexes(conn)
    steps = {
        "posts": _posts_sql(max(n // 10, 1)),
        "post_analysis": _analysis_sql(),
        "post_mentions": _mentions_sql(),
        "post_aspects": _aspects_sql(),
    }
    for step, sql in steps.items():
        began = time.perf_counter()
        with engine.connect() as conn:
            done = _step_done(conn, step)
        for lo in range(max(done, 0) + 1, n + 1, CHUNK):
            hi = min(lo + CHUNK, n + 1)
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL session_replication_role = replica"))  # no FK checks
                conn.execute(text(sql), {"lo": lo, "hi": hi})
                _mark(conn, step, hi - 1)
            log(f"{step}: {hi - 1:,} / {n:,} ({time.perf_counter() - began:.0f} s)")
    _restore_indexes(engine, log)
    with engine.begin() as conn:
        if _step_done(conn, "rollups") < n:
            began = time.perf_counter()
            conn.execute(text("SET LOCAL work_mem = '256MB'"))
            conn.execute(text("DELETE FROM rollup_posts"))
            conn.execute(text("DELETE FROM rollup_aspects"))
            conn.execute(text(ROLLUP_POSTS))
            conn.execute(text(ROLLUP_ASPECTS))
            conn.execute(text("DELETE FROM rollup_quality"))
            fill_quality(conn)
            _mark(conn, "rollups", n)
            log(f"rollups: {time.perf_counter() - began:.0f} s")
        conn.execute(text("SELECT setval(pg_get_serial_sequence('posts', 'id'), :n)"), {"n": n})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        began = time.perf_counter()
        conn.execute(text("VACUUM ANALYZE"))
        log(f"vacuum analyze: {time.perf_counter() - began:.0f} s")
    with engine.begin() as conn:
        _mark(conn, "finished", n)
