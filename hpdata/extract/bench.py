"""``python -m hpdata.extract.bench``: print the extractor's throughput on one core.

The corpus repeats the two articles of ``data/raw/`` to 10 MB (see
:func:`hpdata.extract.extractor.extract_throughput`). The figure is printed, never asserted in a test.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print ``extract throughput: X MB/s (10.0 MB corpus, 1 core)``."""
    from .extractor import extract_throughput

    parser = argparse.ArgumentParser(prog="python -m hpdata.extract.bench")
    parser.add_argument("--megabytes", type=float, default=10.0, help="corpus size (default 10)")
    args = parser.parse_args(argv)
    speed = extract_throughput(args.megabytes)
    print(f"extract throughput: {speed:.1f} MB/s ({args.megabytes:.1f} MB corpus, 1 core)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
