"""``python -m hpdata.extract.bench``: the extractor's speed, and that its time per MB is flat.

Two figures, printed and never asserted in a test:

* throughput in MB/s on one core over the two articles of ``data/raw/`` repeated to 10 MB
  (:func:`throughput`);
* CPU seconds per MB at 0.1, 1 and 10 MB on each worst pattern of :data:`WORST` (text that defeats
  sentence-based shortcuts: one long sentence with no full stop and a figure every few words,
  a period phrase every few words, thresholds after "chưa" that give no row). Linear time shows
  as the same s/MB at every size; the quadratic extractor of before took 198 s/MB at 0.44 MB.

``hpdata.bench`` (``make bench``) calls :func:`extract_throughput` here and prints its rows
(throughput and the evaluation's recall); ``python -m hpdata.extract.bench`` prints those and
the s/MB of the worst patterns.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Sequence

#: The worst patterns: name and the piece repeated (without a full stop) to the size measured.
WORST: dict[str, str] = {
    "one long sentence, many figures": (
        "thu ngân sách đạt 1.234 tỷ đồng, tăng 5,5% so với cùng kỳ, bằng 30% dự toán, "
    ),
    "many period phrases": "quý I năm 2023, 6 tháng đầu năm, giai đoạn 2021-2025, đến năm 2030 ",
    "thresholds not reached": "chưa đạt 25% kế hoạch, GRDP tăng 7% ",
}
#: The sizes (MB) at which the time per MB is measured.
SIZES = (0.1, 1.0, 10.0)

PathLike = str | os.PathLike[str] | None


def corpus(megabytes: float = 10.0, data_dir: PathLike = None) -> str:
    """The benchmark corpus: the two articles of ``data/raw/`` repeated to ``megabytes`` MB."""
    from .. import paths
    from ..load import read_text

    raw = paths.data_dir(data_dir) / "raw"

    pieces = [read_text(p) for p in sorted(raw.glob("*.txt"))]
    unit = "\n\n".join(pieces) + "\n\n"
    size = len(unit.encode("utf-8"))
    repeats = max(1, round(megabytes * 1_000_000 / size))
    return unit * repeats


def throughput(megabytes: float = 10.0, data_dir: PathLike = None) -> float:
    """The extractor's speed in MB/s on one core (one process), over :func:`corpus`.

    The grammar is compiled before the clock starts; the time covers :func:`extract` on the
    whole corpus, normalisation included. It is the CPU time of this (single-threaded) process,
    so other work on a shared machine does not count against it.
    """
    from .extractor import extract

    text = corpus(megabytes, data_dir)
    extract("", data_dir=data_dir)  # compile the grammar and aliases first
    size = len(text.encode("utf-8")) / 1_000_000
    start = time.process_time()
    extract(text, data_dir=data_dir)
    return size / (time.process_time() - start)


def pattern_text(piece: str, megabytes: float) -> str:
    """``piece`` repeated to ``megabytes`` MB of UTF-8 (at least once)."""
    return piece * max(1, round(megabytes * 1_000_000 / len(piece.encode("utf-8"))))


def seconds_per_mb(piece: str, megabytes: float) -> float:
    """CPU seconds per MB of :func:`~hpdata.extract.extractor.extract` on ``piece`` repeated."""
    from .extractor import extract

    text = pattern_text(piece, megabytes)
    size = len(text.encode("utf-8")) / 1_000_000
    start = time.process_time()
    extract(text, published="2024-07-01")
    return (time.process_time() - start) / size


def scaling_rows(sizes: Sequence[float] = SIZES) -> list[tuple[str, str, str]]:
    """One row per worst pattern: its s/MB at each size, e.g. ``0.1 MB 2.1 | 1 MB 2.0 | ...``."""
    from .extractor import extract

    extract("", published="2024-07-01")  # compile the grammar and aliases first
    rows = []
    for name, piece in WORST.items():
        figures = [f"{size:g} MB {seconds_per_mb(piece, size):.2f}" for size in sizes]
        rows.append((f"extract s/MB, {name}", " | ".join(figures), "flat = linear time"))
    return rows


def extract_throughput(megabytes: float = 10.0) -> list[tuple[str, str, str]]:
    """The rows ``make bench`` prints (through ``hpdata.bench``'s hook): the throughput on the
    articles and the scored evaluation's recall. The s/MB of the worst patterns (about 100 s of
    work) are printed by ``python -m hpdata.extract.bench``, not by this hook."""
    from .evaluate import evaluate, total

    speed = throughput(megabytes)
    score = total(evaluate())
    return [
        ("extract throughput (hpdata.extract)", f"{speed:.1f} MB/s", "1 core (CPU time), ≥ 5"),
        (
            "extract recall on tests/extract_corpus",
            f"{score.recall:.1%}",
            f"{score.right}/{score.expected} right, {score.wrong} wrong, {score.spurious} spurious",
        ),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the throughput and the s/MB of every worst pattern at each size."""
    parser = argparse.ArgumentParser(prog="python -m hpdata.extract.bench")
    parser.add_argument("--megabytes", type=float, default=10.0, help="corpus size (default 10)")
    parser.add_argument(
        "--sizes",
        default=",".join(f"{s:g}" for s in SIZES),
        help="comma-separated sizes in MB for the worst patterns (default 0.1,1,10)",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [float(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes {args.sizes!r} is not a list of numbers")
    if not sizes or min(sizes) <= 0 or args.megabytes <= 0:
        parser.error("--megabytes and --sizes must be positive")
    for label, value, note in [*extract_throughput(args.megabytes), *scaling_rows(sizes)]:
        print(f"{label:52s} {value}  {note}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
