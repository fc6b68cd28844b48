"""The ``hpdata`` command.

Subcommands import their modules only when run, so ``hpdata --help`` and a no-op ``hpdata render``
start without loading pandas or matplotlib. A user's mistake (bad data, a bad parameter, a missing
file) is printed as one line on standard error, never as a traceback.

Exit codes: 0 success; 1 the data are invalid or a report failed; 2 bad usage, bad input or an
environment problem (a path that is not a directory, a file that cannot be read or written, a
symlink loop, another writer holding the data directory); 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from . import __version__
from .errors import DataError, HpdataError, ParameterError

Handler = Callable[[argparse.Namespace], int]
AREA_HELP = (
    "the area the report is about (an id of data/areas.csv; default: named in its title or "
    "first paragraph)"
)


EXIT_CODES = """exit codes:
  0    success
  1    the data are invalid (one line per problem) or a report failed
  2    bad usage or bad input, or an environment problem (a --data-dir that is not a
       directory, a file that cannot be read or written, a symlink loop, a data
       directory locked by another writer); one line on standard error
  130  interrupted (Ctrl-C)"""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line: the command, the option at fault
    and what is wrong, then where the usage is (``--help``), exit 2 (argparse's own code)."""

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message> (see '<prog> --help')`` and exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _data_dir_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help="data directory to read (default: $HPDATA_DATA_DIR, else the project's data/)",
    )
    loudness = parent.add_mutually_exclusive_group()
    loudness.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
        help="print only the data asked for and the errors (no summary or progress lines)",
    )  # fmt: skip
    loudness.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
        help="also say on standard error what is read and written and how long it took "
        "(render: the kernels' and libraries' logs too)",
    )  # fmt: skip
    return parent


#: The commands whose standard output is the data asked for: --quiet leaves it alone.
DATA_COMMANDS = ("progress", "extract")


def _run(args: argparse.Namespace, handler: Handler) -> int:
    """Run ``handler`` with the manners of ``--quiet`` (standard output dropped, but for the data
    of :data:`DATA_COMMANDS`) and ``--verbose`` (the data directory first, the time taken last,
    on standard error)."""
    import io
    import time

    from . import paths

    started = time.perf_counter()
    if args.verbose:
        where = paths.display(paths.data_dir(args.data_dir))
        print(f"hpdata {args.command}: data directory {where}", file=sys.stderr)
    if args.quiet and args.command not in DATA_COMMANDS:
        with contextlib.redirect_stdout(io.StringIO()):
            code = handler(args)
    else:
        code = handler(args)
    if args.verbose:
        seconds = time.perf_counter() - started
        print(f"hpdata {args.command}: done in {seconds:.2f} s (exit {code})", file=sys.stderr)
    return code


def _cmd_validate(args: argparse.Namespace) -> int:
    from .validation import validate

    try:
        counts = validate(args.data_dir)
    except DataError as error:
        print_problems(error.problems, args.data_dir)
        print(f"hpdata validate: {len(error.problems)} problem(s) found", file=sys.stderr)
        return 1
    from . import paths

    where = paths.display(paths.data_dir(args.data_dir))
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    print(f"hpdata validate: {where} is valid ({summary})")
    return 0


def print_problems(problems: list, data_dir: str | None) -> None:
    """One line per problem on standard error, at most ``[files] messages_per_kind`` of
    ``limits.toml`` of each kind (the same file, column and message), then the count of the
    rest, so a million bad rows print a screenful."""
    from .bounds import capped, limits

    kinds = {str(p): f"{p.file}, column {p.column!r}: {p.message}" for p in problems}
    per_kind = limits(data_dir)["messages_per_kind"]
    for line in capped([str(p) for p in problems], kinds.__getitem__, per_kind):
        print(line, file=sys.stderr)


def _cmd_progress(args: argparse.Namespace) -> int:
    from .analysis.progress import progress
    from .report.overview import progress_text

    table = progress(args.data_dir, lang=args.lang, as_of=args.as_of, area=args.area)
    if args.plan is not None:
        from .analysis.plans import plan_rows, plans_in

        if args.plan not in plans_in(table):
            valid = ", ".join(plans_in(table))
            raise ParameterError(f"--plan: unknown plan {args.plan!r} (valid: {valid})")
        table = plan_rows(table, args.plan).reset_index(drop=True)
    if args.format != "text":
        from .analysis.tracker import progress_as

        sys.stdout.write(progress_as(table, args.format))
        return 0
    from .texttable import terminal_width

    print(progress_text(table, lang=args.lang, columns=terminal_width()))
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from .extract.extractor import extract_files, format_table

    table = extract_files(args.files, published=args.date, data_dir=args.data_dir, area=args.area)
    text = format_table(table, args.format)
    sys.stdout.write(terminal_safe(text) if sys.stdout.isatty() else text)
    return 0


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)] if c != 0x0A}
_CONTROL.update({c: f"\\u{c:04x}" for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]})


def terminal_safe(text: str) -> str:
    """``text`` with every control character but the line feed written as ``\\xNN``, so text
    from a file cannot move the cursor, recolour or retitle a terminal (C0, DEL and C1 codes),
    and every bidirectional override as ``\\uNNNN``, so it cannot reorder what is shown.

    Examples
    --------
    >>> terminal_safe("a\\x1b[2Jb\\n")
    'a\\\\x1b[2Jb\\n'
    """
    return text.translate(_CONTROL)


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .extract.ingest import ingest

    try:
        ingest(
            args.file,
            source_id=args.source_id,
            published=args.date,
            title=args.title,
            data_dir=args.data_dir,
            dry_run=args.dry_run,
            accept=args.accept,
            rows=args.rows,
            area=args.area,
            lang=args.lang,
        )
    except DataError as error:
        print_problems(error.problems, args.data_dir)
        print(f"hpdata ingest: not ingested, {len(error.problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


def _cmd_migrate(args: argparse.Namespace) -> int:
    from . import paths
    from .migrate import migrate

    written = migrate(args.data_dir, area=args.area, dry_run=args.dry_run)
    where = paths.display(paths.data_dir(args.data_dir))
    if not written:
        print(f"hpdata migrate: {where} is up to date; nothing written")
    else:
        verb = "would write" if args.dry_run else "wrote"
        print(f"hpdata migrate: {verb} {', '.join(written)} in {where}")
    return 0


def _cmd_render(args: argparse.Namespace) -> int:
    from .report.render import main as render_main

    return render_main(args)


def _os_error(error: OSError) -> str:
    """An operating-system error on one line: the file, then the reason."""
    reason = error.strerror or str(error) or type(error).__name__
    where = [str(f) for f in (error.filename, error.filename2) if f is not None]
    return f"{' -> '.join(where)}: {reason}" if where else reason


def one_line(message: str) -> str:
    """``message`` on one line: a library's reason may hold line breaks (pandas' "Error
    tokenizing data. C error: ...\n"), and an error is one line on standard error.

    Examples
    --------
    >>> one_line("cannot be read (Error tokenizing data.\\n)")
    'cannot be read (Error tokenizing data.)'
    >>> one_line("a\\n  b")
    'a b'
    """
    parts = [part.strip() for part in message.splitlines()]
    joined = " ".join(part for part in parts if part)
    return joined.replace(" )", ")")


def _check_data_dir(args: argparse.Namespace) -> None:
    """Refuse a ``--data-dir`` (or ``$HPDATA_DATA_DIR``) that is not an existing directory."""
    from . import paths

    if args.data_dir is not None and not str(args.data_dir).strip():
        raise ParameterError("--data-dir is empty (give a directory; '.' for this one)")
    directory = paths.data_dir(args.data_dir)
    try:
        ok = directory.is_dir()
        exists = ok or directory.exists()
    except OSError:  # a symlink loop, a name too long...
        ok = exists = False
    if not ok:
        what = "is not a directory" if exists else "does not exist"
        raise ParameterError(f"data directory {paths.display(directory)} {what}")
    from .bounds import special_files

    special = special_files(directory)
    if special:
        raise ParameterError(
            f"data directory {paths.display(directory)}: {', '.join(special[:5])}"
            f"{f' and {len(special) - 5} more' if len(special) > 5 else ''}: not a regular file "
            "(refused before reading: a pipe or a device would block)"
        )


#: The options that take a value, by attribute: given empty ('') they are refused, never read as
#: "not given" (``--area ''`` would otherwise guess the area, ``--title ''`` use the text's).
VALUE_OPTIONS = ("area", "title", "source_id", "date", "plan", "as_of", "rows", "only")


def _check_parameters(args: argparse.Namespace) -> None:
    """Refuse in one line an option given empty, a ``--title`` beyond ``[parameters]
    title_chars`` and an ``--as-of`` beyond the years of ``limits.toml``."""
    from . import bounds

    for name in VALUE_OPTIONS:
        value = getattr(args, name, None)
        if value is not None and not str(value).strip():
            raise ParameterError(
                f"--{name.replace('_', '-')} is empty (leave it out, or give a value)"
            )
    if getattr(args, "title", None) is not None:
        bounds.check_text(args.title, "--title", "title_chars", args.data_dir)
        import re

        from .files import CONTROL_CHARACTERS

        found = re.search(CONTROL_CHARACTERS, args.title)
        if found:
            raise ParameterError(f"--title holds a control character (U+{ord(found.group()):04X})")
    bounds.check_period_years(getattr(args, "as_of", None), "--as-of", args.data_dir)


def _check_out(args: argparse.Namespace) -> None:
    """Refuse an ``--out`` that cannot be a folder's path: empty, or through a symlink loop."""
    out = getattr(args, "out", None)
    if out is None:
        return
    if not str(out).strip():
        raise ParameterError("--out is empty (give a directory)")
    from pathlib import Path

    from . import paths

    try:
        where = Path(out).resolve()
        data = paths.data_dir(args.data_dir).resolve()
    except (RuntimeError, OSError):
        raise ParameterError(f"--out {out}: a path that loops (symlink loop)") from None
    if where == data or data in where.parents:
        raise ParameterError(
            f"--out {out} is inside the data directory {paths.display(data)} (pages written "
            "there would change the data; choose a folder outside it)"
        )


def _recover(args: argparse.Namespace) -> None:
    """Finish or undo a change to the data directory that a killed writer left (see
    :func:`hpdata.journal.recover`) and say so on standard error; silent when there was none."""
    from . import journal, paths

    done = journal.recover(paths.data_dir(args.data_dir))
    if done:
        what = "" if done.startswith("left ") else "recovered the data directory: "
        print(f"hpdata {args.command}: {what}{done}", file=sys.stderr)
    swept = journal.sweep_scratch()
    if swept:
        print(
            f"hpdata {args.command}: removed what a killed ingest left in the temporary "
            f"directory: {', '.join(swept[:5])}{' ...' if len(swept) > 5 else ''}",
            file=sys.stderr,
        )


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM, handled like Ctrl-C: the command stops through the same clean-up (a writer's
    journal and temporary files, the render's children) and says it was interrupted, exit 130,
    instead of dying silently in the middle (the render turns it into its own interrupt)."""
    raise KeyboardInterrupt


def term_as_interrupt() -> object:
    """Handle SIGTERM with :func:`_terminated`; return the previous handler (None when this is
    not the main thread, where no handler can be set)."""
    import signal

    try:
        return signal.signal(signal.SIGTERM, _terminated)
    except ValueError:
        return None


def quiet_exit() -> None:
    """Ignore further Ctrl-C: the command is already stopping, and a second Ctrl-C during the
    clean-up that runs at exit (a library's ``atexit`` handlers) would print a traceback."""
    import signal

    with contextlib.suppress(ValueError):  # not the main thread: nothing to change
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def _add_ingest(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The ``ingest`` subcommand's options."""
    p = sub.add_parser(
        "ingest", parents=[common], help="add a report and its figures to the data directory"
    )
    p.add_argument("file", metavar="FILE", help="UTF-8 text of a report")
    p.add_argument("--source-id", default=None, metavar="ID", help="id of the new source")
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="publication date")
    p.add_argument("--title", default=None, help="title (default: read from the text)")
    p.add_argument("--area", default=None, metavar="ID", help=AREA_HELP)
    p.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    p.add_argument(
        "--lang",
        choices=["vi", "en"],
        default="vi",
        help="how the rows for review write their figures (default: vi)",
    )
    p.add_argument(
        "--accept",
        choices=("all", "confident"),
        default=None,
        help="store every row with an indicator and a period, or only the confident ones "
        "(without --accept or --rows nothing is stored: the rows are shown for review)",
    )
    p.add_argument(
        "--rows",
        default=None,
        metavar="CSV",
        help="store these rows instead: the output of 'hpdata extract FILE', edited",
    )
    p.set_defaults(handler=_cmd_ingest)


def _cmd_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import paths
    from .exports import export

    files = export(args.format, args.out, data_dir=args.data_dir, area=args.area)
    for path in files if args.verbose else ():
        print(f"hpdata export: wrote {paths.display(path)}", file=sys.stderr)
    print(
        f"hpdata export: wrote {len(files)} {args.format} file(s) to {paths.display(Path(args.out))}"
    )
    return 0


def _add_export(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """The ``export`` subcommand's options (the formats: :mod:`hpdata.exports`)."""
    from .exports import REGISTRY  # standard library only: the formats, registered

    formats = "; ".join(f"{name}: {cls.help}" for name, cls in REGISTRY.items())
    p = sub.add_parser(
        "export", parents=[common], help="write the dataset as csv, xlsx, parquet, a data package "
        "or Open SDG input", description=f"formats: {formats}",
    )  # fmt: skip
    p.add_argument("--format", required=True, choices=list(REGISTRY), help="the output format")
    p.add_argument(
        "--area", default=None, metavar="ID", help="only this area's rows (default: all)"
    )
    p.add_argument("--out", required=True, metavar="DIR", help="the folder to write into")
    p.set_defaults(handler=_cmd_export)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``hpdata`` command (one subparser per subcommand)."""
    common = _data_dir_parent()
    parser = _Parser(
        prog="hpdata",
        description=(
            "Hai Phong targets and results: validate the data, print progress, render reports."
        ),
        parents=[common],
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"hpdata {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "validate", parents=[common], help="check every data file; exit 1 on problems"
    )
    p.set_defaults(handler=_cmd_validate)

    p = sub.add_parser("progress", parents=[common], help="print the progress table")
    p.add_argument("--lang", choices=["vi", "en"], default="vi", help="language (default: vi)")
    p.add_argument("--as-of", default=None, metavar="PERIOD", help="result period to compare")
    p.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help="text (a table to read, default), or csv / json: one row per target",
    )
    p.add_argument(
        "--plan", default=None, metavar="ID", help="only this plan's targets (sources.csv's plan)"
    )
    p.add_argument(
        "--area", default=None, metavar="ID",
        help="the area to judge (default: dataset.toml's default_area)",
    )  # fmt: skip
    p.set_defaults(handler=_cmd_progress)

    p = sub.add_parser(
        "extract", parents=[common], help="print the figures of report texts as observation rows"
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text of a report")
    p.add_argument("--format", choices=["csv", "json"], default="csv", help="default: csv")
    p.add_argument("--date", default=None, metavar="YYYY-MM-DD", help="publication date")
    p.add_argument("--area", default=None, metavar="ID", help=AREA_HELP)
    p.set_defaults(handler=_cmd_extract)

    _add_ingest(sub, common)

    p = sub.add_parser(
        "migrate",
        parents=[common],
        help="bring a data directory of an earlier hpdata up to date (adds the area columns)",
    )
    p.add_argument(
        "--area",
        default=None,
        metavar="ID",
        help="the area its sources report on (an id of data/areas.csv; default: dataset.toml)",
    )
    p.add_argument("--dry-run", action="store_true", help="say what would change, write nothing")
    p.set_defaults(handler=_cmd_migrate)

    _add_export(sub, common)

    from .report.render import add_arguments as render_arguments

    p = sub.add_parser(
        "render",
        parents=[common],
        help="execute the notebooks and write self-contained HTML reports (cached)",
    )
    render_arguments(p)
    p.set_defaults(handler=_cmd_render)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``hpdata`` command and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    args.quiet = getattr(args, "quiet", False)
    args.verbose = getattr(args, "verbose", False)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    previous = term_as_interrupt()
    try:
        _check_data_dir(args)
        _check_parameters(args)
        _check_out(args)
        _recover(args)
        return _run(args, handler)
    except DataError as error:
        print(f"hpdata {args.command}: {one_line(str(error))}", file=sys.stderr)
        return 1
    except HpdataError as error:
        print(f"hpdata {args.command}: {one_line(str(error))}", file=sys.stderr)
        return 2
    except OSError as error:  # the environment: permissions, a full disk, a path that is a file
        print(f"hpdata {args.command}: {one_line(_os_error(error))}", file=sys.stderr)
        return 2
    except RecursionError:
        print(f"hpdata {args.command}: a path loops (symlink loop)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        quiet_exit()
        print(f"hpdata {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        if previous is not None:
            import signal

            with contextlib.suppress(ValueError):
                signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
