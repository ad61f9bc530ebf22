"""The command line: options in, one library call, output out. Nothing else lives here."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from budget_audit import __version__
from budget_audit.audit import audit, exit_status, read_document
from budget_audit.errors import UserError
from budget_audit.rules.engine import load_rules

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Check published budget disclosures (部门/单位预算公开) for inconsistent figures.",
)
err = Console(stderr=True, highlight=False)


class Format(str, Enum):
    console = "console"
    json = "json"
    sarif = "sarif"
    github = "github"
    html = "html"
    xlsx = "xlsx"


class ExtractFormat(str, Enum):
    console = "console"
    json = "json"


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def _fail(exc: UserError) -> None:
    err.print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True)
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


def _ids(values: list[str] | None) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


def _write(text: str, output: Path | None) -> None:
    if text and not text.endswith("\n"):
        text += "\n"
    if output is None:
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _fail(UserError(str(output), f"cannot write output ({exc.strerror or exc})"))


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Disclosure files, directories or globs; - for stdin.")],
    rules: Annotated[list[str] | None, typer.Option("--rules", help="YAML rule file (repeatable).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.console,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help="Only these rule ids or prefixes.")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule ids or prefixes.")] = None,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit status 1.")] = FailOn.error,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list skipped rules and why.")] = False,
) -> None:
    """Check disclosures against the rules and report every inconsistency."""
    try:
        ruleset = load_rules(rules)
        reports = audit(paths, ruleset, _ids(select), _ids(ignore), progress=_PageProgress())
    except UserError as exc:
        _fail(exc)
    for rep in reports:
        if rep.error:
            err.print(f"[bold red]error:[/] {rep.error}", soft_wrap=True)
    if fmt is Format.json:
        from budget_audit.report.json_report import check_json

        _write(check_json(reports), output)
    elif fmt is Format.sarif:
        from budget_audit.report.sarif import check_sarif

        _write(check_sarif(reports, ruleset), output)
    elif fmt in (Format.html, Format.xlsx):
        from budget_audit.report.visual import write_visual

        try:
            write_visual(fmt.value, reports, ruleset, output)
        except UserError as exc:
            _fail(exc)
    elif fmt is Format.github:
        from budget_audit.report.github import check_github

        _write(check_github(reports), output)
    else:
        from budget_audit.report.console import print_check

        if output is None:
            print_check(Console(highlight=False), reports, verbose)
        else:
            import io

            console = Console(record=True, file=io.StringIO(), width=120)
            print_check(console, reports, verbose)
            _write(console.export_text(), output)
    raise typer.Exit(exit_status(reports, fail_on.value))


@app.command()
def extract(
    path: Annotated[str, typer.Argument(help="A disclosure file; - for stdin.")],
    fmt: Annotated[ExtractFormat, typer.Option("--format", help="Output format.")] = ExtractFormat.console,
    rules: Annotated[list[str] | None, typer.Option("--rules", help="Rule files whose table aliases to use.")] = None,
) -> None:
    """Print the parsed document: metadata, 目录, every table with its rows and lines."""
    try:
        doc = read_document(path, load_rules(rules), _PageProgress())
    except UserError as exc:
        _fail(exc)
    if fmt is ExtractFormat.json:
        from budget_audit.report.json_report import document_json

        _write(document_json(doc), None)
    else:
        from budget_audit.report.console import print_document

        print_document(Console(highlight=False), doc)


@app.command(name="rules")
def list_rules(
    rules: Annotated[list[str] | None, typer.Option("--rules", help="YAML rule file (repeatable).")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Also say what each rule checks, with examples.")] = False,
) -> None:
    """List the rules: id, severity, check kind and title."""
    try:
        ruleset = load_rules(rules)
    except UserError as exc:
        _fail(exc)
    from budget_audit.report.console import print_rules

    print_rules(Console(highlight=False), ruleset, explain)


def main() -> None:
    app()
