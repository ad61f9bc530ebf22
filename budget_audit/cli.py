"""The command line: options in, one library call, output out. Nothing else lives here.

Built on argparse, not typer: a run is short and start-up is most of a one-file check, and
typer (with the pydantic it now brings) cost more to import and set up than reading,
checking and reporting a whole text disclosure. Modules a command does not need (the PDF
stack, rich, a reporter not asked for) are imported only when it needs them.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import NoReturn

from budget_audit import __version__
from budget_audit.errors import UserError
from budget_audit.terminal import interactive, wants_color

COLORS = ("auto", "always", "never")
FAIL_ON = ("error", "warning", "never")
LANGS = ("zh", "en")
PROG = "budget-audit"


class _Exit(Exception):
    """Leave the command with this status (the parser's own errors and help included)."""

    def __init__(self, status: int) -> None:
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit status 2, as every other error."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _error(f"{self.prog}: {message} (see {self.prog} -h)")
        raise _Exit(2)

    def exit(self, status: int = 0, message: str | None = None) -> None:  # type: ignore[override]
        if message:
            sys.stderr.write(message)
        raise _Exit(status)


def _error(message: str) -> None:
    """One line on stderr, whatever a file name holds (budget_audit.controls); bold red on a terminal."""
    from budget_audit.controls import visible

    message = visible(message)
    if wants_color("auto", sys.stderr.isatty()):
        message = f"\x1b[1;31m{message}\x1b[0m"
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is below 1")
    return n


def _limit_option(parser: argparse.ArgumentParser) -> None:
    from budget_audit.limits import NAMES

    parser.add_argument("--limit", action="append", metavar="NAME=N",
                        help=f"Set a per-document limit, NAME=N (0: none; repeatable): {', '.join(NAMES)}.")


def _config_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="Configuration file (instead of discovery).")
    parser.add_argument("--isolated", action="store_true", help="Ignore every configuration file.")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: ``check``, ``extract``, ``rules`` and their options."""
    from budget_audit.report import FORMATS

    parser = _Parser(prog=PROG, description="Check published budget disclosures (部门/单位预算公开) for inconsistent figures.")
    parser.add_argument("--version", action="store_true", help="Show the version.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="Check disclosures against the rules and report every inconsistency.",
                                description="Check disclosures against the rules and report every inconsistency.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="Disclosure files, directories or globs; - for stdin (text or PDF).")
    check.add_argument("--rules", action="append", metavar="FILE", help="YAML rule file (repeatable).")
    check.add_argument("--format", dest="fmt", choices=FORMATS, help="Output format (default: console).")
    check.add_argument("--output", "-o", type=Path, metavar="FILE", help="Write the report to this file.")
    check.add_argument("--select", action="append", metavar="IDS", help="Only these rule ids or prefixes.")
    check.add_argument("--ignore", action="append", metavar="IDS", help="Skip these rule ids or prefixes.")
    check.add_argument("--fail-on", choices=FAIL_ON, help="Lowest severity that makes the exit status 1 (default: error).")
    check.add_argument("--verbose", "-v", action="store_true", help="Also list skipped rules and known findings.")
    check.add_argument("--quiet", "-q", action="store_true", help="Only the findings (or, if none, the summary line).")
    check.add_argument("--statistics", action="store_true", help="Also count the findings per rule.")
    check.add_argument("--show-source", action="store_true", help="Quote the printed line(s) of each finding, figures marked.")
    check.add_argument("--color", choices=COLORS, default="auto", help="Colour the output; auto honours NO_COLOR.")
    check.add_argument("--lang", choices=LANGS, help="Language of headings and summary (default: config, then locale).")
    check.add_argument("--baseline", metavar="FILE", help="Findings in this file are known: reported apart, never failing.")
    check.add_argument("--write-baseline", metavar="FILE", help="Write every finding to this baseline file and exit 0.")
    _config_options(check)
    check.add_argument("--stdin-filename", metavar="NAME", help="The name reports give the document read from -.")
    check.add_argument("--jobs", "-j", type=_positive, metavar="N", help="Check documents in this many processes (default: every core).")
    check.add_argument("--join", action="store_true",
                       help="One document in several files: each directory is one document, and so are the files named.")
    check.add_argument("--kind", help="Treat every document as this kind: 预算, 决算, 部门预算, 单位决算 … (default: read from each).")
    check.add_argument("--pair", action="store_true",
                       help="Compare each 决算 with the 预算 of the same department and year given beside it.")
    _limit_option(check)
    check.add_argument("--no-cache", action="store_true", help="Neither read nor write the result cache.")
    check.add_argument("--cache-dir", metavar="DIR", help="Where results are cached (default: .budget_audit_cache beside the configuration, else here).")
    check.set_defaults(run=_check)

    extract = commands.add_parser("extract", help="Print the parsed document: metadata, 目录, every table with its rows and lines.",
                                  description="Print the parsed document: metadata, 目录, every table with its rows and lines.")
    extract.add_argument("path", metavar="PATH", help="A disclosure file; - for stdin (text or PDF).")
    extract.add_argument("--format", dest="fmt", choices=("console", "json"), default="console", help="Output format.")
    extract.add_argument("--rules", action="append", metavar="FILE", help="Rule files whose table aliases to use.")
    extract.add_argument("--color", choices=COLORS, default="auto", help="Colour the output; auto honours NO_COLOR.")
    _config_options(extract)
    _limit_option(extract)
    extract.set_defaults(run=_extract)

    rules = commands.add_parser("rules", help="List the rules: id, severity, check kind and title.",
                                description="List the rules: id, severity, check kind and title.")
    rules.add_argument("--rules", action="append", metavar="FILE", help="YAML rule file (repeatable).")
    rules.add_argument("--explain", action="store_true", help="Also say what each rule checks, with examples.")
    rules.add_argument("--color", choices=COLORS, default="auto", help="Colour the output; auto honours NO_COLOR.")
    _config_options(rules)
    rules.set_defaults(run=_rules)
    return parser


class _FilesProgress:
    """A progress bar on stderr for a batch: documents done, findings so far, time left.

    Only on a terminal, never in CI, pipes or files (terminal.interactive), and only for
    batches of ``MIN_FILES`` or more: one document is quick, and a long PDF has its page bar.
    """

    MIN_FILES = 3

    def __init__(self) -> None:
        self.bar = None
        self.task = None
        self.findings = 0

    @property
    def active(self) -> bool:
        return self.bar is not None

    def begin(self, total: int, console=None) -> None:
        if total < self.MIN_FILES or (console is None and not interactive(sys.stderr)):
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TextColumn("documents, {task.fields[found]}"),
            TimeRemainingColumn(), console=console or Console(stderr=True), transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("check", total=total, found="0 findings")

    def done(self, report) -> None:
        if self.bar is None:
            return
        self.findings += len(report.all_findings)
        self.bar.update(self.task, advance=1, found=f"{self.findings} finding{'s' if self.findings != 1 else ''}")

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


class _PageProgress:
    """A progress bar on stderr for long PDFs, only on a terminal, and not under a batch's bar."""

    def __init__(self, files: _FilesProgress | None = None) -> None:
        self.bar = None
        self.task = None
        self.files = files

    def __call__(self, done: int, total: int) -> None:
        if total < 5 or not interactive(sys.stderr) or (self.files is not None and self.files.active):
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("reading PDF pages", total=total)
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()
            self.bar = None


def _cycles_collected_between_documents() -> None:
    """Reading a document allocates millions of small objects and frees nearly all of them by
    reference counting; the model holds no reference cycles to speak of. Python's cycle collector
    still looked through them as they were made, and its young collections grew dearer with the
    document (each looks into the older objects the young ones refer to): at 50,000 allocations
    between collections (700 is Python's default) 0.04 s of a check of 5 MB of text, 1.6 s of one
    of 50 MB, the part of the time that grew faster than the input. So a check runs without it:
    the cycles a document leaves (a PDF library's, mostly) are collected before the next document
    is read (``audit.cycles_left_collected``), and what is loaded so far (the modules) is set aside
    for good."""
    import gc

    gc.freeze()
    gc.disable()


def _ids(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def _write(pieces: Iterator[str], output: Path | None) -> None:
    """The report, ended by a newline; nothing at all for an empty report (no file written)."""
    ended = _ended(pieces)
    first = next(ended, None)
    if first is None:
        return
    if output is None:
        sys.stdout.write(first)
        for piece in ended:
            sys.stdout.write(piece)
        return
    from budget_audit.output import write_file

    # whole or not at all, never through a link (budget_audit.output)
    write_file(output, (p.encode("utf-8") for p in itertools.chain([first], ended)))


def _ended(pieces: Iterator[str]) -> Iterator[str]:
    """The non-empty pieces, a newline added after the last when it has none."""
    last = ""
    for piece in pieces:
        if piece:
            last = piece
            yield piece
    if last and not last.endswith("\n"):
        yield "\n"


def _terminal() -> tuple[bool, int | None]:
    """Whether stdout is a terminal, and its width (None: never wrap)."""
    if sys.stdout.isatty():
        return True, shutil.get_terminal_size().columns
    return False, None


def _stdout_console(color: str):
    from budget_audit.report.common import text_console
    tty, width = _terminal()
    return text_console(wants_color(color, tty), width)


def _check(ns: argparse.Namespace) -> int:
    from budget_audit.runner import CheckOptions, run_check

    _cycles_collected_between_documents()

    options = CheckOptions(
        paths=ns.paths, rules=ns.rules, format=ns.fmt, select=_ids(ns.select), ignore=_ids(ns.ignore),
        fail_on=ns.fail_on, verbose=ns.verbose, quiet=ns.quiet, statistics=ns.statistics,
        show_source=ns.show_source, color=ns.color, lang=ns.lang, baseline=ns.baseline,
        write_baseline=ns.write_baseline, config=ns.config, isolated=ns.isolated, stdin_filename=ns.stdin_filename,
        output=ns.output, join=ns.join, jobs=ns.jobs, kind=ns.kind, pair=ns.pair, no_cache=ns.no_cache,
        cache_dir=ns.cache_dir, limits=ns.limit,
    )
    tty, width = _terminal() if ns.output is None else (False, None)
    files = _FilesProgress()
    try:
        outcome = run_check(options, tty, width, _PageProgress(files), files)
    finally:
        files.stop()
    for message in outcome.errors:
        _error(f"error: {message}")
    if outcome.note:
        sys.stderr.write(outcome.note + "\n")
    _write(outcome.pieces(), ns.output)
    return outcome.status


def _ruleset(ns: argparse.Namespace):
    from budget_audit.config import load_config
    from budget_audit.rules.engine import load_rules

    return load_rules(ns.rules or load_config(ns.config, ns.isolated).rules)


def _extract(ns: argparse.Namespace) -> int:
    from budget_audit import limits as bounds
    from budget_audit.audit import read_document
    from budget_audit.config import load_config
    from budget_audit.rules.engine import load_rules

    settings = load_config(ns.config, ns.isolated)
    ruleset = load_rules(ns.rules or settings.rules)
    with bounds.applied(bounds.resolve(settings.limits, ns.limit), ns.path):
        doc = read_document(ns.path, ruleset, _PageProgress())
    if ns.fmt == "json":
        from budget_audit.report.json_report import document_json

        _write(document_json(doc), None)
    else:
        from budget_audit.report.common import console_text
        from budget_audit.report.console import print_document

        console = _stdout_console(ns.color)
        print_document(console, doc)
        _write(console_text(console), None)
    return 0


def _rules(ns: argparse.Namespace) -> int:
    ruleset = _ruleset(ns)
    from budget_audit.report.common import console_text
    from budget_audit.report.console import print_rules

    console = _stdout_console(ns.color)
    print_rules(console, ruleset, ns.explain)
    _write(console_text(console), None)
    return 0


def run(argv: list[str]) -> int:
    """Run the command line ``argv`` (without the program name); the exit status."""
    if argv == ["--version"]:  # answered before anything else is imported
        sys.stdout.write(f"{PROG} {__version__}\n")
        return 0
    parser = build_parser()
    try:
        ns = parser.parse_args(argv)
        if ns.version:
            sys.stdout.write(f"{PROG} {__version__}\n")
            return 0
        if ns.command is None:
            parser.print_help()
            return 2
        return ns.run(ns)
    except _Exit as done:
        return done.status
    except UserError as exc:
        _error(f"error: {exc}")
        return 2


def main(argv: list[str] | None = None) -> NoReturn:
    """The command: ``run``, then an exit that does not tear the interpreter down.

    Freeing a read document object by object (a PDF's characters, a document's lines and
    figures) took about 14 ms of a 0.25 s check. By then every report and cache file is written
    and closed (each where it is made, in a ``with``), so only the standard streams are flushed
    and the process ends (``os._exit``) without it."""
    status = run(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed or broken pipe: nothing more can be said
            stream.flush()
    os._exit(status)
