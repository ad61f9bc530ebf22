"""The command line: options in, one library call, output out. Nothing else lives here."""

from __future__ import annotations

import shutil
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from budget_audit import __version__
from budget_audit import limits as bounds
from budget_audit.audit import read_document
from budget_audit.config import load_config
from budget_audit.controls import visible
from budget_audit.errors import UserError
from budget_audit.output import write_file
from budget_audit.report import FORMATS
from budget_audit.rules.engine import load_rules
from budget_audit.runner import CheckOptions, run_check, wants_color

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Check published budget disclosures (部门/单位预算公开) for inconsistent figures.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

Format = Enum("Format", {name: name for name in FORMATS}, type=str)  # the reporters' registry names


class ExtractFormat(str, Enum):
    console = "console"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


class Color(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Lang(str, Enum):
    zh = "zh"
    en = "en"


def _error(message: object) -> None:
    """One line on stderr, whatever a file name holds (budget_audit.controls)."""
    err.print(f"error: {visible(str(message))}", markup=False, style="bold red")


def _fail(exc: UserError) -> None:
    _error(exc)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        print(f"budget-audit {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = None,
) -> None:
    """budget-audit."""


class _PageProgress:
    """A progress bar on stderr for long PDFs, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.bar = None
        self.task = None

    def __call__(self, done: int, total: int) -> None:
        if not err.is_terminal or total < 5:
            return
        if self.bar is None:
            from rich.progress import Progress

            self.bar = Progress(console=err, transient=True)
            self.bar.start()
            self.task = self.bar.add_task("reading PDF pages", total=total)
        self.bar.update(self.task, completed=done, total=total)
        if done >= total:
            self.bar.stop()
            self.bar = None


LIMIT_HELP = f"Set a per-document limit, NAME=N (0: none; repeatable): {', '.join(bounds.NAMES)}."


def _ids(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [x.strip() for v in values for x in v.split(",") if x.strip()]


def _write(text: str, output: Path | None) -> None:
    if text and not text.endswith("\n"):
        text += "\n"
    if output is None:
        sys.stdout.write(text)
        return
    try:
        write_file(output, text.encode("utf-8"))  # whole or not at all, never through a link (budget_audit.output)
    except UserError as exc:
        _fail(exc)


def _terminal() -> tuple[bool, int | None]:
    """Whether stdout is a terminal, and its width (None: never wrap)."""
    if sys.stdout.isatty():
        return True, shutil.get_terminal_size().columns
    return False, None


def _stdout_console(color: Color = Color.auto) -> Console:
    from budget_audit.report.common import text_console

    tty, width = _terminal()
    return text_console(wants_color(color.value, tty), width)


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Disclosure files, directories or globs; - for stdin (text or PDF).")],
    rules: Annotated[list[str] | None, typer.Option("--rules", help="YAML rule file (repeatable).")] = None,
    fmt: Annotated[Format | None, typer.Option("--format", help="Output format (default: console).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids or prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids or prefixes.")] = None,
    fail_on: Annotated[
        FailOn | None, typer.Option("--fail-on", help="Lowest severity that makes the exit status 1 (default: error).")
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list skipped rules and known findings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the findings (or, if none, the summary line).")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Also count the findings per rule.")] = False,
    show_source: Annotated[
        bool, typer.Option("--show-source", help="Quote the printed line(s) of each finding, figures marked.")
    ] = False,
    color: Annotated[Color, typer.Option("--color", help="Colour the output; auto honours NO_COLOR.")] = Color.auto,
    lang: Annotated[Lang | None, typer.Option("--lang", help="Language of headings and summary (default: config, then locale).")] = None,
    baseline: Annotated[
        str | None, typer.Option("--baseline", help="Findings in this file are known: reported apart, never failing.")
    ] = None,
    write_baseline: Annotated[
        str | None, typer.Option("--write-baseline", help="Write every finding to this baseline file and exit 0.")
    ] = None,
    config: Annotated[str | None, typer.Option("--config", help="Configuration file (instead of discovery).")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")] = False,
    stdin_filename: Annotated[
        str | None, typer.Option("--stdin-filename", help="The name reports give the document read from -.")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Check documents in this many processes (default: every core).")
    ] = None,
    join: Annotated[
        bool,
        typer.Option("--join", help="One document in several files: each directory is one document, and so are the files named."),
    ] = False,
    limit: Annotated[list[str] | None, typer.Option("--limit", help=LIMIT_HELP)] = None,
) -> None:
    """Check disclosures against the rules and report every inconsistency."""
    options = CheckOptions(
        paths=paths, rules=rules, format=fmt.value if fmt else None, select=_ids(select), ignore=_ids(ignore),
        fail_on=fail_on.value if fail_on else None, verbose=verbose, quiet=quiet, statistics=statistics,
        show_source=show_source, color=color.value, lang=lang.value if lang else None, baseline=baseline,
        write_baseline=write_baseline, config=config, isolated=isolated, stdin_filename=stdin_filename,
        output=output, join=join, jobs=jobs, limits=limit,
    )
    tty, width = _terminal() if output is None else (False, None)
    try:
        outcome = run_check(options, tty, width, _PageProgress())
    except UserError as exc:
        _fail(exc)
    for message in outcome.errors:
        _error(message)
    if outcome.note:
        err.print(outcome.note, markup=False)
    if outcome.text:
        _write(outcome.text, output)
    raise typer.Exit(outcome.status)


def _rules_from_config(rules: list[str] | None, config: str | None, isolated: bool):
    return load_rules(rules or load_config(config, isolated).rules)


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="A disclosure file; - for stdin (text or PDF).")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.console,
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Rule files whose table aliases to use.")] = None,
    color: Annotated[Color, typer.Option("--color", help="Colour the output; auto honours NO_COLOR.")] = Color.auto,
    config: Annotated[str | None, typer.Option("--config", help="Configuration file (instead of discovery).")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")] = False,
    limit: Annotated[list[str] | None, typer.Option("--limit", help=LIMIT_HELP)] = None,
) -> None:
    """Print the parsed document: metadata, 目录, every table with its rows and lines."""
    try:
        settings = load_config(config, isolated)
        ruleset = load_rules(rules or settings.rules)
        with bounds.applied(bounds.resolve(settings.limits, limit), path):
            doc = read_document(path, ruleset, _PageProgress())
    except UserError as exc:
        _fail(exc)
    if fmt is ExtractFormat.json:
        from budget_audit.report.json_report import document_json

        _write(document_json(doc), None)
    else:
        from budget_audit.report.common import console_text
        from budget_audit.report.console import print_document

        console = _stdout_console(color)
        print_document(console, doc)
        _write(console_text(console), None)


@app.command(name="rules")
def list_rules(
    rules: Annotated[list[str] | None, typer.Option("--rules", help="YAML rule file (repeatable).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Also say what each rule checks, with examples.")] = False,
    color: Annotated[Color, typer.Option("--color", help="Colour the output; auto honours NO_COLOR.")] = Color.auto,
    config: Annotated[str | None, typer.Option("--config", help="Configuration file (instead of discovery).")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore every configuration file.")] = False,
) -> None:
    """List the rules: id, severity, check kind and title."""
    try:
        ruleset = _rules_from_config(rules, config, isolated)
    except UserError as exc:
        _fail(exc)
    from budget_audit.report.common import console_text
    from budget_audit.report.console import print_rules

    console = _stdout_console(color)
    print_rules(console, ruleset, explain)
    _write(console_text(console), None)


def main() -> None:
    app()
