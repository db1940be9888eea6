from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import zstandard

from resonanz.errors import InputError, UnknownFormatError
from resonanz.importers.detect import detect_format, scores
from resonanz.importers.registry import importer_names
from tests.store.fake_importer import FAKES, line


def test_highest_score_wins(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_bytes(line("1") + line("2"))
    assert detect_format(path, FAKES) == "lines"
    other = tmp_path / "x.txt"
    other.write_bytes(b"<other>")
    assert detect_format(other, FAKES) == "other"
    assert scores(other, FAKES) == {"lines": 0.0, "other": 0.5}


@pytest.mark.parametrize("compress", [zstandard.ZstdCompressor().compress, gzip.compress])
def test_compressed_input_is_sniffed_decompressed(tmp_path: Path, compress: object) -> None:
    path = tmp_path / "dump.bin"
    path.write_bytes(compress(line("1") * 50))  # type: ignore[operator]
    assert detect_format(path, FAKES) == "lines"


def test_unknown_format_lists_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"just some words\n")
    with pytest.raises(UnknownFormatError) as info:
        detect_format(path, FAKES)
    assert "lines, other" in info.value.message
    assert info.value.hint and "--format" in info.value.hint


@pytest.mark.parametrize("content", [b"", b"\n\n  \n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(content)
    with pytest.raises(InputError, match="file is empty"):
        detect_format(path, FAKES)


def test_a_failing_sniffer_does_not_break_detection(tmp_path: Path) -> None:
    class Broken:
        name = "broken"
        description = "raises"

        def sniff(self, head: bytes, filename: str) -> float:
            raise RuntimeError("boom")

    path = tmp_path / "a.jsonl"
    path.write_bytes(line("1"))
    assert detect_format(path, {**FAKES, "broken": Broken}) == "lines"  # type: ignore[dict-item]


def test_real_registry_recognises_a_pushshift_dump(tmp_path: Path) -> None:
    if "reddit" not in importer_names():
        pytest.skip("reddit importer not installed")
    path = tmp_path / "RC_2024-01.zst"
    record = (
        b'{"id":"k1","author":"anna","body":"Fit Me!","created_utc":1704067200,'
        b'"subreddit":"MakeupAddiction","score":3,"link_id":"t3_abc","parent_id":"t3_abc"}\n'
    )
    path.write_bytes(zstandard.ZstdCompressor().compress(record * 3))
    assert detect_format(path) == "reddit"
