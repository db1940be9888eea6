"""Benchmark: the full analysis pipeline against one TF-IDF + linear classifier.

Usage::

    .venv/bin/python bench/pipeline.py [--data ../shared/data] [--limit N] [--batch-size 512]

Loads >= 20,000 real posts (German tweets and Facebook comments, English airline
tweets, YouTube and customer-care comments) from the shared data sets and, in the
same run and on ONE core (CPU affinity pinned, BLAS threads 1):

1. runs the full pipeline (every registered stage) and reports posts/s, with the
   time spent per stage;
2. fits ``TfidfVectorizer`` (word 1-2-grams) + ``TfidfVectorizer`` (char_wb 2-5-grams)
   on the same texts and a ``LogisticRegression`` (labels: the data set of origin;
   fitted on 4,000 of them to spare the shared CPU), then times prediction only
   (transform + ``predict_proba`` of all texts) and reports posts/s;
3. prints the ratio pipeline / classifier (goal >= 0.5);
4. runs the pipeline again with ``--workers`` processes (default 2) on all cores.

Last measured (``--workers 1``, 31,998 posts, the shared 2-core machine under load from
other jobs, so figures move by about 5 % between runs), base commit 6802bb7 -> a6b4d64,
same outputs (``bench/pipeline_outputs.py``): pipeline 547 -> 595 posts/s CPU against a
classifier at 1,468 / 1,444 posts/s: ratio 0.37 -> 0.41, the 0.5 goal NOT reached.
Per stage (us/post CPU): sentiment 307 -> 301, features 292 -> 236, intent 274 -> 277,
language 200 -> 186, sponsorship 199 -> 176, aspects 170 -> 172, spam 160 -> 124,
normalize 159 -> 141, toxicity 46 -> 48, relevance 20 -> 19 (unchanged stages move
with the noise).

Second round (issue 9, batched language automaton; same outputs), 31,998 posts, load 9-13
on the shared machine: this branch 0.45 / 0.40 / 0.40 in three runs (pipeline 940 / 1,047 /
1,046 posts/s, classifier 2,091 / 2,587 / 2,620 posts/s); main measured at the same time as
the last two: 0.36 (986 / 2,774). Language stage 118 -> 45 us/post. Goal still NOT reached.

Third intent round (issue 9, item 5: more question rules, one Aho-Corasick scan per post for
intent and question cues), ``--workers 1``, 31,998 posts, main (4282279) and the branch run
back to back from the same virtualenv (``PYTHONPATH`` at each version's ``src``), load 8-19
in runs 1-2 and 4-5 in run 3: main 0.57 / 0.48 / 0.49, branch 0.45 / 0.54 / 0.41 (pipeline
1,476 / 1,439 / 1,494 against 1,292 / 1,550 / 1,505 posts/s; classifier 2,597 / 2,981 /
3,073 against 2,887 / 2,849 / 3,706 posts/s). The intent stage costs the same as
before (125 / 121 against 141 / 118 us/post; interleaved 12,000-post runs on one core: main
138 / 139, branch 128 / 140 us/post); the ratio moves by +-0.06 between runs of the same code
under this load, so neither version is reliably at or above 0.5.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import csv
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def _tsv(path: Path, column: int) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > column and parts[column].strip():
                yield parts[column]


def _csv(path: Path, column: str) -> Iterator[str]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if (row.get(column) or "").strip():
                yield row[column]


def load_posts(data: Path) -> list[tuple[str, str]]:
    """(source, text) pairs: German and English posts from the shared data sets."""
    sources = {
        "sb10k": _tsv(data / "sb10k" / "train.tsv", 2),
        "sb10k-dev": _tsv(data / "sb10k" / "dev.tsv", 2),
        "potts": _tsv(data / "potts" / "train.tsv", 2),
        "potts-dev": _tsv(data / "potts" / "dev.tsv", 2),
        "germeval2017": _tsv(data / "germeval2017" / "dev_v1.4.tsv", 1),
        "germeval2021": _csv(data / "germeval2021" / "train.csv", "comment_text"),
        "airline": _csv(data / "airline_sentiment" / "train.csv", "text"),
        "youtube-spam": _csv(data / "youtube_spam" / "train.csv", "CONTENT"),
        "twcs": _csv(data / "twcs_labeled" / "inbound_train.csv", "text"),
    }
    return [(name, text) for name, texts in sources.items() for text in texts]


def pin_one_core() -> set[int] | None:
    """Restrict this process to one CPU; returns the previous set to restore later."""
    if not hasattr(os, "sched_getaffinity"):
        return None
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    return before


def bench_pipeline(
    texts: list[str], batch_size: int
) -> tuple[float, float, dict[str, float], list[str]]:
    from resonanz.analysis.base import Doc
    from resonanz.analysis.engine.builder import build_pipeline

    pipeline = build_pipeline()
    pipeline.run([Doc(-1, "warm up: Modelle laden, load models")])  # load models first
    pipeline.timings = dict.fromkeys(pipeline.timings, 0.0)
    docs = [Doc(i, t) for i, t in enumerate(texts)]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in pipeline.run_all(docs, batch_size=batch_size):
        pass
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall, cpu, dict(pipeline.timings), pipeline.names


def bench_tfidf(texts: list[str], labels: list[str]) -> tuple[float, float, float]:
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    started = time.perf_counter()
    x = sp.hstack([word.fit_transform(texts), char.fit_transform(texts)], format="csr")
    clf = LogisticRegression(max_iter=50, C=4.0)  # convergence does not change predict cost
    clf.fit(x[:4000], labels[:4000])  # any fitted model: prediction cost does not depend on it
    fit_seconds = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    xt = sp.hstack([word.transform(texts), char.transform(texts)], format="csr")
    proba = clf.predict_proba(xt)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert np.allclose(proba.sum(axis=1), 1.0)
    return wall, cpu, fit_seconds


def bench_workers(texts: list[str], batch_size: int, workers: int) -> float:
    from resonanz.analysis.base import Doc
    from resonanz.analysis.engine.builder import build_pipeline
    from resonanz.analysis.engine.workers import run_parallel

    docs = [Doc(i, t) for i, t in enumerate(texts)]
    batches = [docs[i : i + batch_size] for i in range(0, len(docs), batch_size)]
    # warm-up batch per worker is part of the measured run: it is what a user waits for
    started = time.perf_counter()
    n = sum(len(r.docs) for r in run_parallel(build_pipeline, batches, workers))
    seconds = time.perf_counter() - started
    assert n == len(docs)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N posts")
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    posts = load_posts(args.data)
    random.Random(20261126).shuffle(posts)  # mix languages and sources in every batch
    if args.limit:
        posts = posts[: args.limit]
    texts = [t for _, t in posts]
    labels = [s.removesuffix("-dev") for s, _ in posts]
    print(f"posts: {len(texts)} from {len(set(labels))} data sets, batch size {args.batch_size}")
    if len(texts) < 20_000 and not args.limit:
        print("warning: fewer than 20,000 posts found")

    previous = pin_one_core()
    wall, cpu, timings, names = bench_pipeline(texts, args.batch_size)
    n = len(texts)
    print(f"\nfull pipeline, 1 core: {cpu:.2f}s CPU = {n / cpu:,.0f} posts/s ({wall:.2f}s wall)")
    print(f"  stages: {', '.join(names)}")
    for name, spent in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(
            f"  {name:<12} {spent:7.2f}s CPU  {1e6 * spent / n:7.1f} us/post  {100 * spent / cpu:5.1f}%"
        )

    c_wall, c_cpu, fit_seconds = bench_tfidf(texts, labels)
    print(
        f"\nTF-IDF(word+char) + LogisticRegression, prediction only, 1 core: "
        f"{c_cpu:.2f}s CPU = {n / c_cpu:,.0f} posts/s ({c_wall:.2f}s wall; fit {fit_seconds:.1f}s, untimed)"
    )
    print(
        f"\nratio pipeline / single classifier (posts/s, CPU time): {c_cpu / cpu:.2f} "
        f"(wall: {c_wall / wall:.2f}; goal >= 0.5)"
    )

    if previous is not None:
        os.sched_setaffinity(0, previous)
    if args.workers > 1:
        w_seconds = bench_workers(texts, args.batch_size, args.workers)
        print(
            f"\nfull pipeline, --workers {args.workers}: {w_seconds:.2f}s = "
            f"{len(texts) / w_seconds:,.0f} posts/s (including worker start-up and model loading)"
        )


if __name__ == "__main__":
    main()
