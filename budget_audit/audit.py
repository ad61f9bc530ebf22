"""The library entry point: audit files with rule sets. The CLI is a thin layer over this."""

from __future__ import annotations

import gc
import glob
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from budget_audit import limits as bounds
from budget_audit.controls import visible
from budget_audit.errors import InputError, UsageError, UserError
from budget_audit.findings import ERROR, WARNING, Finding, RuleResult
from budget_audit.ingest import is_html, is_pdf, load_html, load_pdf, load_text
from budget_audit.ingest.stdin import STDIN, is_pdf_data, spooled
from budget_audit.ingest.text import read_source
from budget_audit.model import Document
from budget_audit.rules.engine import evaluate, load_rules, select_rules
from budget_audit.rules.ruleset import RuleSet
from budget_audit.selection import check_selectors

if TYPE_CHECKING:
    from budget_audit.cache import Cache
    from budget_audit.ingest.pdf import ProgressFn

SUPPORTED = (".txt", ".text", ".pdf", ".html", ".htm")  # what a directory is searched for; any file can be named


@dataclass
class DocumentReport:
    path: str
    document: Document | None = None
    error: str | None = None
    results: list[RuleResult] = field(default_factory=list)
    known: list[Finding] = field(default_factory=list)  # findings the baseline accepts (budget_audit.baseline)

    @property
    def all_findings(self) -> list[Finding]:
        """Every finding, in reading order: page first (a PDF line number restarts on each page), then line."""
        found = [f for r in self.results for f in r.findings]
        return sorted(found, key=lambda f: (f.page or 0, f.line or 0, f.rule))

    @property
    def findings(self) -> list[Finding]:
        """The findings to report and to fail on: all of them less those the baseline knows."""
        if not self.known:
            return self.all_findings
        known = Counter(self.known)
        out = []
        for f in self.all_findings:
            if known[f]:
                known[f] -= 1
            else:
                out.append(f)
        return out

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def unread(self) -> int:
        """Rules skipped because what they judge could not be read reliably (not for want of it)."""
        return sum(1 for r in self.results if r.status == "skipped" and r.unread)


def read_lines(path: str, progress: ProgressFn | None = None) -> tuple[list[str], list[tuple[int, int]] | None]:
    """The raw lines of a file and, for a PDF, the (page, line within page) of each."""
    if is_pdf(path):
        items = load_pdf(path, progress)
        return [t for _, _, t in items], [(p, n) for p, n, _ in items]
    if is_html(path):
        return load_html(path), None
    return load_text(path), None


def read_document(path: str, ruleset: RuleSet, progress: ProgressFn | None = None) -> Document:
    if path == STDIN:
        return _read_stdin(ruleset, progress)
    raw, pages = read_lines(path, progress)
    return parse_document(path, raw, ruleset.tables, pages)


def parse_document(*args, **kwargs) -> Document:
    """budget_audit.parse.parse_document, imported when a document is first read: a run
    answered from the cache never loads the parser."""
    from budget_audit.parse import parse_document as parse

    return parse(*args, **kwargs)


JOIN = " + "  # how a document read from several files is named: "说明.pdf + 表格.pdf"


LineReader = Callable[[str], tuple[list[str], list[tuple[int, int]] | None]]


def join_lines(parts: list[str], read: LineReader) -> tuple[list[str], list[tuple[int, int]], list[str | None]]:
    """The lines of several files as one: every line keeps its file and its page within that
    file (a text part's page is 0), so a finding points into the right one."""
    raw: list[str] = []
    pages: list[tuple[int, int]] = []
    sources: list[str | None] = []
    for part in parts:
        lines, part_pages = read(part)
        raw.extend(lines)
        pages.extend(part_pages or [(0, n) for n in range(1, len(lines) + 1)])
        sources.extend([part] * len(lines))
    return raw, pages, sources


def read_joined(parts: list[str], ruleset: RuleSet, progress: ProgressFn | None = None) -> Document:
    """One document published as several files (情况说明 and 公开表), read in the order given."""
    raw, pages, sources = join_lines(parts, lambda part: read_lines(part, progress))
    return parse_document(JOIN.join(parts), raw, ruleset.tables, pages, sources)


def _pdf_document(path: str, items: list[tuple[int, int, str]], ruleset: RuleSet) -> Document:
    return parse_document(path, [t for _, _, t in items], ruleset.tables, [(p, n) for p, n, _ in items])


def _read_stdin(ruleset: RuleSet, progress: ProgressFn | None) -> Document:
    """Text or, by its %PDF header, a PDF (spooled to a temporary file, which pdfplumber needs)."""
    data = read_source(STDIN)
    if not is_pdf_data(data):
        return parse_document(STDIN, load_text(STDIN, data), ruleset.tables)
    with spooled(data) as tmp:
        try:
            items = load_pdf(tmp, progress)
        except InputError as exc:
            raise InputError(STDIN, exc.message) from None  # name stdin, not the temporary file
    return _pdf_document(STDIN, items, ruleset)


def _folder_files(folder: Path) -> list[str]:
    return sorted(str(f) for f in folder.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED)


def expand_paths(paths: list[str]) -> list[str]:
    """Files, directories (their .txt and .pdf files) and globs, in a stable order.

    A directory or a pattern that yields no document is an error, not an empty run: a CI job
    pointed at the wrong folder must fail rather than pass having checked nothing.
    """
    out: list[str] = []
    for p in paths:
        if p == STDIN:
            out.append(p)
        elif Path(p).is_dir():
            found = _folder_files(Path(p))
            if not found:
                raise InputError(p, f"no documents in this directory (looked for {', '.join(SUPPORTED)} files)")
            out.extend(found)
        elif any(ch in p for ch in "*?[") and not Path(p).exists():
            found = []
            for match in sorted(glob.glob(p, recursive=True)):
                found.extend(_folder_files(Path(match)) if Path(match).is_dir() else [match])
            if not found:
                raise InputError(p, "no file matches this pattern")
            out.extend(found)
        else:
            out.append(p)
    if not out:
        raise InputError("budget-audit", "no input files given")
    return out


def _documents(paths: list[str], join: bool) -> list[list[str]]:
    """The files of each document: one each, or with ``join`` one document per directory and
    one for the files named on their own."""
    if not join:
        return [[p] for p in expand_paths(paths)]
    out: list[list[str]] = []
    loose: list[str] = []
    for p in paths:
        if p != STDIN and Path(p).is_dir():
            out.append(expand_paths([p]))
        else:
            loose.extend(expand_paths([p]))
    return ([loose] if loose else []) + out


def audit(
    paths: list[str],
    ruleset: RuleSet,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: ProgressFn | None = None,
    ignore_for: Callable[[str], Sequence[str]] | None = None,
    stdin_name: str | None = None,
    join: bool = False,
    jobs: int = 1,
    kind: str | None = None,
    pair: bool = False,
    cache: Cache | None = None,
    watch: Watcher | None = None,
    limits: bounds.Limits = bounds.DEFAULT,
    outline: bool = False,
) -> list[DocumentReport]:
    """Read each document and evaluate the selected rules on it.

    ``ignore_for(path)`` gives extra rule ids/prefixes to skip for one document (the
    configuration's per-file-ignores); ``stdin_name`` is the name reports give ``-``.
    With ``join``, each directory given is one document made of its files, and the files
    given by name are together one document (a narrative and its tables published apart).
    With ``jobs`` > 1 documents are checked in that many processes; reports keep input order.
    ``kind`` (预算, 决算, 部门决算, 单位预算 …) overrides the kind read from each document.
    With ``pair``, a 决算 among the inputs is given the 预算 of the same department and year, when
    one is among them too, so its 年初预算 figures are compared with that budget's.
    With a ``cache`` (whose rule key is set: ``Cache.rules``), a document checked before with
    the same content, rules, options and tool is not checked again, and a new report is kept
    (not with ``pair``: a report then depends on the other documents).
    A ``watch`` is told how many documents there are, then of each as it is done (in the order
    they finish): a progress display.
    Each document is read and checked under ``limits`` (budget_audit.limits): one beyond them
    is reported unreadable, with the limit named.
    With ``outline``, each report's document is its outline (``Document.outline``: metadata,
    contents, tables' names), for a report that shows no more: a batch then holds no document whole.
    A selector that matches no rule raises UsageError: a typo must not silently check nothing.
    """
    check_selectors(ruleset.rules, "--select", select)
    check_selectors(ruleset.rules, "--ignore", ignore)
    rules = select_rules(ruleset.rules, list(select), list(ignore))
    forced = parse_kind(kind) if kind else None
    documents = _documents(paths, join)
    watch = watch or _Unwatched()
    watch.begin(len(documents))
    if pair:
        reports = _paired(documents, ruleset, rules, ignore_for, stdin_name, forced, progress, limits)
        for report in reports:
            watch.done(report)
        return reports
    tasks = [
        (parts, ruleset, rules, list(ignore_for(_name(parts, stdin_name))) if ignore_for else [], stdin_name, forced, limits)
        for parts in documents
    ]
    reports: list[DocumentReport | None] = [None] * len(tasks)
    keys: list[str | None] = [None] * len(tasks)
    if cache is not None:
        for i, task in enumerate(tasks):
            keys[i] = _cache_key(cache, task)
            reports[i] = cache.load_report(keys[i]) if keys[i] else None
            if reports[i] is not None:
                watch.done(reports[i])  # type: ignore[arg-type]
    todo = [i for i, report in enumerate(reports) if report is None]
    keep = Keeping(cache, keys, outline)
    for i, report in _check_all(todo, tasks, jobs, progress, keep):
        reports[i] = report
        watch.done(report)
    return reports  # type: ignore[return-value]  # every slot is filled


@dataclass(frozen=True)
class Keeping:
    """What becomes of a report where it is made — in a -j worker, before it is sent back: kept in
    the cache under its key (the whole report: another format may need all of the document), then,
    when the run's reports show no more than ``Document.outline`` holds, cut to that outline."""

    cache: Cache | None = None
    keys: list[str | None] = field(default_factory=list)
    outline: bool = False

    def __call__(self, i: int, task: tuple, report: DocumentReport) -> DocumentReport:
        cache = self.cache
        if cache is not None and self.keys[i]:
            cache.store_report(self.keys[i], report, lambda: _cache_key(cache, task))
        if self.outline and report.document is not None:
            report.document = report.document.outline()
        return report


class Watcher(Protocol):
    """What follows a run: told the number of documents, then of each report as it is done."""

    def begin(self, total: int) -> None: ...

    def done(self, report: DocumentReport) -> None: ...


class _Unwatched:
    def begin(self, total: int) -> None:
        pass

    def done(self, report: DocumentReport) -> None:
        pass


def _cache_key(cache: Cache, task: tuple) -> str | None:
    """What a document's report depends on besides the tool and rule files: its name and files,
    the rules evaluated on it, the kind forced on it, the limits it was read under."""
    parts, _, rules, extra, stdin_name, forced, limits = task
    chosen = select_rules(rules, [], extra) if extra else rules
    return cache.report_key(_name(parts, stdin_name), parts, [r.id for r in chosen], [forced, repr(limits)])


def _check_all(todo: list[int], tasks: list[tuple], jobs: int, progress: ProgressFn | None,
               keep: Keeping) -> Iterator[tuple[int, DocumentReport]]:
    """(index, report) of each task in ``todo``, as they finish: in this process, or in ``jobs``
    processes (budget_audit.parallel) when there is more than one document, or one long PDF;
    each report ``keep``'s where it was made."""
    if jobs > 1 and not any(p == STDIN for i in todo for p in tasks[i][0]) and (len(todo) > 1 or _one_pdf(todo, tasks)):
        from budget_audit import parallel  # not for one text: the process pool's modules cost a start-up

        done = set()
        for i, report in parallel.check_in_processes(todo, tasks, jobs, progress, keep):
            done.add(i)
            yield i, report
        todo = [i for i in todo if i not in done]  # one PDF not worth several processes: checked here
    for i in todo:
        yield i, keep(i, tasks[i], _check_one(tasks[i], progress))


def _one_pdf(todo: list[int], tasks: list[tuple]) -> bool:
    return len(todo) == 1 and len(tasks[todo[0]][0]) == 1 and is_pdf(tasks[todo[0]][0][0])


def _paired(documents, ruleset, rules, ignore_for, stdin_name, forced, progress, limits) -> list[DocumentReport]:
    """Read every document first, give each 决算 its same-year 预算, then evaluate (one process:
    a document's rules need its partner). Reading and checking each stay under ``limits``."""
    reports = [_bounded(limits, parts, stdin_name, lambda p=parts: _read_one(p, ruleset, stdin_name, forced, progress))
               for parts in documents]
    budgets = {
        (r.document.metadata.department, r.document.metadata.year): r.document
        for r in reports if r.document is not None and r.document.metadata.kind == "预算"
    }
    for report in reports:
        doc = report.document
        if doc is None:
            continue
        if doc.metadata.kind == "决算":
            doc.budget = budgets.get((doc.metadata.department, doc.metadata.year))
        extra = list(ignore_for(report.path)) if ignore_for else []

        def work(r: DocumentReport = report, x: list[str] = extra) -> DocumentReport:
            _evaluate_one(r, rules, x)
            return r

        checked = _bounded(limits, [report.path], None, work)
        if checked.error:
            report.document, report.error = None, checked.error
    return reports


def cycles_left_collected() -> None:
    """With the cycle collector off while documents are checked (the command line turns it off:
    see ``cli``), the reference cycles the documents before left are collected: the youngest
    generation only, the objects made since the last collection, so a long batch looks at each
    object once."""
    if not gc.isenabled():
        gc.collect(0)


def _bounded(limits: bounds.Limits, parts: list[str], stdin_name: str | None, work) -> DocumentReport:
    """``work()``'s report, or — past a limit — a report of the document as unreadable, naming the
    limit; what the documents before left is collected first."""
    cycles_left_collected()
    name = visible(_name(parts, stdin_name))
    try:
        with bounds.applied(limits, name):
            return work()
    except UserError as exc:
        return DocumentReport(name, error=visible(str(exc)))


def _read_one(parts: list[str], ruleset: RuleSet, stdin_name: str | None, forced, progress=None,
              read: Callable[[], Document] | None = None) -> DocumentReport:
    """A document read from its file(s) (or by ``read``, from pages read elsewhere), its kind
    forced if the user said so; an unreadable one carries its error."""
    report = DocumentReport(visible(_name(parts, stdin_name)))  # a name goes to terminals, logs and XML
    path = parts[0] if len(parts) == 1 else JOIN.join(parts)
    try:
        if read is not None:
            report.document = read()
        else:
            report.document = read_document(path, ruleset, progress) if len(parts) == 1 else read_joined(parts, ruleset, progress)
    except UserError as exc:
        report.error = visible(str(exc))
    else:
        if forced:
            force_kind(report.document, *forced)
    return report


def _evaluate_one(report: DocumentReport, rules: list, extra: list[str]) -> None:
    """The rules' results on a document that was read (the engine places and orders the findings)."""
    report.results = evaluate(report.document, select_rules(rules, [], extra) if extra else rules)


def _name(parts: list[str], stdin_name: str | None) -> str:
    path = parts[0] if len(parts) == 1 else JOIN.join(parts)
    return (stdin_name or path) if path == STDIN else path


def _check_one(task: tuple, progress: ProgressFn | None = None, read: Callable[[], Document] | None = None) -> DocumentReport:
    """Read one document (or take it from ``read``) and evaluate the rules on it (in this process or a worker)."""
    parts, ruleset, rules, extra, stdin_name, forced, limits = task

    def work() -> DocumentReport:
        report = _read_one(parts, ruleset, stdin_name, forced, progress, read)
        if report.document is not None:
            _evaluate_one(report, rules, extra)
        return report

    return _bounded(limits, parts, stdin_name, work)


KINDS = ("预算", "决算")
SCOPES = ("部门", "单位")


def parse_kind(text: str) -> tuple[str, str | None]:
    """``--kind``: 预算 or 决算, optionally with its scope (部门决算, 单位预算); English budget/final too."""
    value = {"budget": "预算", "final": "决算"}.get(text.strip().lower(), text.strip())
    scope = next((s for s in SCOPES if value.startswith(s)), None)
    rest = value[len(scope):] if scope else value
    if rest not in KINDS:
        raise UsageError("--kind", f"unknown kind {text!r} (known: 预算, 决算, 部门预算, 单位预算, 部门决算, 单位决算, budget, final)")
    return rest, scope


def force_kind(doc: Document, kind: str, scope: str | None) -> None:
    """The kind the user said, over the one read from the document (shown as forced)."""
    doc.metadata.kind = kind
    doc.metadata.scope = scope or doc.metadata.scope
    doc.metadata.kind_source = "forced"


def exit_status(reports: list[DocumentReport], fail_on: str) -> int:
    if any(r.error for r in reports):
        return 2
    if fail_on == "never":
        return 0
    levels = {ERROR} if fail_on == ERROR else {ERROR, WARNING}
    return 1 if any(f.severity in levels for r in reports for f in r.findings) else 0


__all__ = ["audit", "exit_status", "load_rules", "read_document", "DocumentReport"]
