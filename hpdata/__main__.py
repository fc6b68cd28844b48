"""``python -m hpdata`` runs the command-line interface.

SIGTERM is an interrupt from the first line on (as in :func:`hpdata.cli.main`), so a command
stopped while it starts ends with one line and exit 130, not silently."""

import signal
import sys


def _terminated(signum, frame):
    raise KeyboardInterrupt


signal.signal(signal.SIGTERM, _terminated)
try:
    from .cli import main
except KeyboardInterrupt:
    print("hpdata: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
