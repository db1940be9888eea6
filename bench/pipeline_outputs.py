"""Dump the full pipeline's per-post results, to check that a speed-up changed nothing.

Usage::

    .venv/bin/python bench/pipeline_outputs.py OUT.jsonl [--limit N]
    # change code, then again into another file, and compare:
    cmp before.jsonl after.jsonl

Runs the default pipeline over the same shuffled posts as ``bench/pipeline.py``
and writes one JSON line per post (every annotation slot, floats in full
precision) plus one line per batch with a digest of the shared feature matrix.
To compare code versions under identical model files, point ``PYTHONPATH`` at a
checkout of each version (``git archive <commit> src | tar -x -C DIR``): shipped
models are retrained now and then, and a retrained model changes the outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import DEFAULT_DATA, load_posts


def main() -> None:
    from resonanz.analysis.base import Batch, Doc
    from resonanz.analysis.engine.builder import build_pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--batch-size", type=int, default=512)
    args = parser.parse_args()

    posts = load_posts(args.data)
    random.Random(20261126).shuffle(posts)
    if args.limit:
        posts = posts[: args.limit]
    pipeline = build_pipeline()
    with args.out.open("w", encoding="utf-8") as fh:
        for start in range(0, len(posts), args.batch_size):
            chunk = posts[start : start + args.batch_size]
            batch: Batch = pipeline.run([Doc(start + i, t) for i, (_, t) in enumerate(chunk)])
            x = batch.features
            if x is not None:
                digest = hashlib.sha256()
                for part in (x.data, x.indices, x.indptr):
                    digest.update(part.tobytes())
                digest.update(repr(x.shape).encode())
                fh.write(json.dumps({"features": digest.hexdigest()}) + "\n")
            for doc in batch.docs:
                fh.write(json.dumps(asdict(doc), default=repr, ensure_ascii=False) + "\n")
    print(f"{len(posts)} posts written to {args.out}")


if __name__ == "__main__":
    main()
