"""Checking documents in several processes (``check -j N``): the longest started first, and a
long PDF's pages read in several processes at once.

A batch finishes when its longest document does: a 48-page table file among twenty short
narratives was a third of the work, and one process read it alone while the others sat idle.
So a PDF that alone outlasts a fair share of the batch (or a single long PDF checked with -j)
has its pages read in ranges, by as many processes as are free; the ranges come back as pages
read but not yet laid out (``ingest.pdf.PageRead``) and one process lays them out in order
(the only step that carries anything from page to page), reads the document and checks it.
The report is the one a single process gives: the same pages, read the same way, in order.
"""

from __future__ import annotations

import gc
import math
import os
import re
from collections.abc import Iterator
from contextlib import suppress
from typing import TYPE_CHECKING

from budget_audit.audit import DocumentReport, Keeping, _bounded, _check_one, _name, _pdf_document
from budget_audit.controls import visible
from budget_audit.ingest import is_pdf
from budget_audit.ingest.stdin import STDIN

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from budget_audit.ingest.pdf import ProgressFn

DIED = "the process checking it ended abruptly (killed, perhaps for its memory, or a crash in a PDF library)"  # what a document whose worker died is reported as (check -j, sweep -j)
# how far a document's weight (_work) may be from its time, either way: over the corpus's 115 PDFs checked
# alone, the time per unit of weight runs 0.24-0.48 ms from the tenth to the ninetieth percentile (median 0.30;
# a page of tables takes longer than a page of prose, and a file does not say which it holds)
_UNCERTAINTY = 2
_MIN_RANGE = 6  # pages read by one task at the least: opening the file and sending pages back cost a little
# a PDF weighing less (about 40 pages) is read in one process: with the compiled reader its pages take a few
# milliseconds each, and starting a pool, forking and sending the pages back cost more than two processes
# save (measured on the corpus: 12–42 pages no faster or up to 40 ms slower split; 48 pages and more 15–25 % faster)
_MIN_SPLIT_WORK = 600


def _work(parts: list[str]) -> int:
    """About how long a document takes, to start the longest first (in thousandths of a second;
    0 for what cannot be read: it fails fast anyway). A PDF's time goes with its pages, not its
    bytes (a scanned page weighs a megabyte, a table page a few KiB and takes longer): its page
    objects are counted in the file as it lies, without a PDF library; text goes with its bytes."""
    return sum(_file_work(p) for p in parts if p != STDIN and os.path.isfile(p))


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # not /Pages; objects in compressed streams are not seen
_MS_PER_PAGE = 15  # a PDF page read and checked
_MS_PER_KB = 1  # text read and checked
_PDF_KB_PER_PAGE = 100  # for a PDF whose page objects are all compressed: its bytes, as pages
_SCANNED_BYTES = 64 << 20  # a PDF larger than this is weighed by its size alone


def _file_work(path: str) -> int:
    try:
        size = os.path.getsize(path)
        if not is_pdf(path):
            return size // 1024 * _MS_PER_KB
        pages = _page_objects(path) if size <= _SCANNED_BYTES else 0  # a huge one is not read twice
    except OSError:
        return 0
    if not pages and size <= _SCANNED_BYTES:
        # every page object in compressed object streams (Aspose, recent Word exports): a few KiB a
        # page, not a scanned page's 100 — weighed by its bytes, a 39-page file was weighed as 3
        # pages, started last and ended the batch alone; PDFium counts its page tree instead
        pages = _pages(path)
    return (pages or size // 1024 // _PDF_KB_PER_PAGE + 1) * _MS_PER_PAGE


def _page_objects(path: str) -> int:
    """The page objects a PDF's bytes show (none when they all lie in compressed object streams)."""
    pages = 0
    tail = b""
    with open(path, "rb") as f:  # by pieces: a large file is never held whole
        while piece := f.read(1 << 20):
            pages += len(_PAGE_OBJECT.findall(tail + piece)) - len(_PAGE_OBJECT.findall(tail))
            tail = piece[-16:]
    return pages


def _pages(path: str) -> int:
    """The PDF's page count as the reader sees it (0 when it cannot be opened: its own check says why)."""
    from budget_audit.ingest.pdf import page_count

    try:
        return page_count(path)
    except Exception:  # noqa: BLE001 - a refusal or a damaged file: the document's own check reports it
        return 0


def _ranges(path: str, jobs: int) -> list[tuple[int, int]]:
    """Page ranges to read apart: about two per process, none shorter than ``_MIN_RANGE``."""
    total = _pages(path)
    count = min(2 * jobs, total // _MIN_RANGE)
    if count < 2:
        return []
    size = math.ceil(total / count)
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def split_plan(weights: dict[int, int], tasks: list[tuple], jobs: int) -> dict[int, list[tuple[int, int]]]:
    """The documents whose pages are worth reading in several processes, with their page ranges:
    a single PDF that might on its own take longer than a process's fair share of the batch. The
    weights are estimates, so a PDF is split when it is half that share by its weight (``weights``:
    each document's ``_work``; see ``_UNCERTAINTY``) and long enough for processes to gain on it
    (``_MIN_SPLIT_WORK``). A shorter one needs no splitting: the longest are started first, so it
    runs in one process while the others share the rest of the batch, and splitting would cost
    the pages sent between processes twice (a 149-page file: 0.1 s of the 1.2 s it takes alone).
    """
    share = sum(weights.values()) / jobs / _UNCERTAINTY
    plan = {}
    for i in weights:
        parts = tasks[i][0]
        if len(parts) == 1 and parts[0] != STDIN and is_pdf(parts[0]) and weights[i] > max(share, _MIN_SPLIT_WORK):
            ranges = _ranges(parts[0], jobs)
            if ranges:
                plan[i] = ranges
    return plan


def check_in_processes(todo: list[int], tasks: list[tuple], jobs: int, progress: ProgressFn | None = None,
                       keep: Keeping | None = None) -> Iterator[tuple[int, DocumentReport]]:
    """(index, report) of each task in ``todo`` as they finish, checked in ``jobs`` processes, or
    nothing at all when there is one document and it is not worth more than one (the caller
    checks it in its own process). Each report is ``keep``'s (``audit.Keeping``) in the process
    that made it, before it is sent back."""
    keep = keep or Keeping()
    pdf = any(is_pdf(p) for i in todo for p in tasks[i][0])
    # with a document for each process the pool's size does not hang on the plan: its processes are
    # started first, and get ready (import the reader and the checks) while the batch is weighed here
    pool = _started(_pool(jobs, tasks, keep, pdf)) if len(todo) >= jobs else None
    try:
        weights = {i: _work(tasks[i][0]) for i in todo}  # a PDF's pages are counted in its bytes: once
        plan = split_plan(weights, tasks, jobs)
        if pool is None and len(todo) == 1 and not plan:
            return
        schedule = _Schedule(sorted(todo, key=lambda i: -weights[i]), plan)  # the longest first
        # fewer documents than processes: as many processes as there is work to share (a long PDF's ranges);
        # they check documents only if one is not split (one long PDF's ranges are read, its pages laid out
        # and checked here, the last work of the run)
        pool = pool or _pool(min(jobs, len(schedule.queue)), tasks, keep, pdf, checks=len(plan) < len(todo))
    except BaseException:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        raise
    # the process pool's modules (multiprocessing, concurrent.futures, logging) were imported only now
    # that a pool runs: not for the one short PDF a plain `check FILE` is given
    from concurrent.futures.process import BrokenProcessPool

    reported: set[int] = set()
    try:
        for i, report in _run(schedule, pool, tasks, keep, jobs, progress):
            reported.add(i)
            yield i, report
    except BrokenProcessPool:
        # a worker died (killed for its memory, or a crash inside a PDF library): every document still
        # running or waiting is checked again alone, each in a process of its own, so that the one
        # whose process dies is reported as such and the others are checked as usual
        for i in (i for i in todo if i not in reported):
            yield i, _alone(i, tasks, keep)
    finally:
        _receive([], Keeping())  # the run's tasks are not kept in this process after it


def _run(schedule: _Schedule, pool: ProcessPoolExecutor, tasks: list[tuple], keep: Keeping, jobs: int,
         progress: ProgressFn | None) -> Iterator[tuple[int, DocumentReport]]:
    """The schedule run in ``pool``'s processes: (index, report) as documents are done."""
    from concurrent.futures import FIRST_COMPLETED, wait

    with pool:
        running: dict[Future, tuple[str, int, int]] = {}
        while True:
            while schedule.queue and len(running) <= jobs:  # every process busy, and one more waiting
                step = schedule.queue.pop(0)
                if step[0] == "finish" and not running and not schedule.queue:
                    # the last work of the run: finished here, not sent (its pages) and sent back (its report)
                    i = step[1]
                    yield i, keep(i, tasks[i], _finish(tasks[i], schedule.finishing.pop(i)))
                    continue
                running[schedule.submit(pool, step)] = step
            if not running:
                break
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                kind, i, k = running.pop(future)
                report = future.result() if kind != "pages" else schedule.pages_back(i, k, future.result(), progress)
                if report is not None:
                    yield i, report


def _alone(i: int, tasks: list[tuple], keep: Keeping) -> DocumentReport:
    """Document ``i`` checked in a process of its own; reported unreadable if that process dies."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        with _pool(1, tasks, keep) as pool:
            return pool.submit(_check_task, i).result()
    except BrokenProcessPool:
        parts, _, _, _, stdin_name, _, _ = tasks[i]
        name = visible(_name(parts, stdin_name))
        return DocumentReport(name, error=f"{name}: {DIED}")


class _Schedule:
    """What is left to run, in order — ("check", document) or ("pages", document, range) — and the
    page ranges that have come back. Work is handed out as processes free up, so a document whose
    pages are all read is put first: finished before the next document is begun."""

    def __init__(self, order: list[int], plan: dict[int, list[tuple[int, int]]]) -> None:
        self.plan = plan
        self.queue: list[tuple[str, int, int]] = []
        for i in order:
            self.queue.extend([("pages", i, k) for k in range(len(plan[i]))] if i in plan else [("check", i, 0)])
        self.read: dict[int, list] = {i: [None] * len(ranges) for i, ranges in plan.items()}
        self.pages_done = dict.fromkeys(plan, 0)
        self.finishing: dict[int, list] = {}  # a document whose pages are all read: the pages, until it starts

    def submit(self, pool: ProcessPoolExecutor, step: tuple[str, int, int]) -> Future:
        kind, i, k = step
        if kind == "pages":
            return pool.submit(_read_range_task, i, *self.plan[i][k])
        if kind == "finish":
            return pool.submit(_finish_task, i, self.finishing.pop(i))
        return pool.submit(_check_task, i)

    def pages_back(self, i: int, k: int, result, progress: ProgressFn | None) -> DocumentReport | None:
        """Range ``k`` of document ``i`` read: when it is the last, the document goes on to be
        finished, or — when a range could not be read — its report is the first such range's."""
        self.read[i][k] = result
        if progress and len(self.plan) == 1 and not isinstance(result, DocumentReport):
            self.pages_done[i] += self.plan[i][k][1] - self.plan[i][k][0]
            progress(self.pages_done[i], self.plan[i][-1][1])
        if any(r is None for r in self.read[i]):
            return None
        ranges = self.read.pop(i)
        failed = next((r for r in ranges if isinstance(r, DocumentReport)), None)
        if failed is None:
            self.finishing[i] = [page for r in ranges for page in r]
            self.queue.insert(0, ("finish", i, 0))
        return failed


_tasks: list[tuple] = []  # in a worker process: the run's tasks (_receive), named by index
_keep = Keeping()  # and what becomes of a report before it is sent back


def _pool(workers: int, tasks: list[tuple], keep: Keeping, pdf: bool = True, checks: bool = True) -> ProcessPoolExecutor:
    """Worker processes that know the run's tasks (and the rule set in each) from the start, so
    that a task is sent as its number: a short document would otherwise cost about as much to
    send as to check. Forked workers inherit them from this process, with nothing to copy;
    otherwise each worker is sent them once, when it starts. Each gets ready as it starts
    (``_ready``: the parser and the checks when it is to check documents, the PDF reader when
    there are PDFs to read)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method() == "fork":
        _receive(tasks, keep)
        gc.freeze()  # what the workers inherit (rules, the tasks) left out of their collections
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                   initializer=_ready, initargs=(None, None, pdf, checks))
    return ProcessPoolExecutor(max_workers=workers, initializer=_ready, initargs=(tasks, keep, pdf, checks))


def _started(pool: ProcessPoolExecutor) -> ProcessPoolExecutor:
    """``pool`` with its processes started: a pool forks them when it is first given work, so it is
    given a call that does nothing."""
    pool.submit(int)
    return pool


def _ready(tasks: list[tuple] | None, keep: Keeping | None, pdf: bool, checks: bool = True) -> None:
    """A worker made ready to check: the run's tasks received (unless inherited), and the modules
    every document needs imported now, in every worker at once, rather than by the main process
    before the workers start (as long again, but alone) or with a worker's first document."""
    if tasks is not None and keep is not None:
        _receive(tasks, keep)
    if checks:
        import budget_audit.parse.document  # noqa: F401 - the parser
        import budget_audit.rules.checks  # noqa: F401 - and the check kinds

    if pdf:
        with suppress(ImportError):  # a reader that cannot load says so for each document, as without -j
            from budget_audit.ingest import pdf as _reader  # noqa: F401 - the reader
            from budget_audit.ingest import pdfium_page  # noqa: F401 - and with it pypdfium2


def _receive(tasks: list[tuple], keep: Keeping) -> None:
    global _tasks, _keep
    _tasks, _keep = tasks, keep


def _check_task(i: int) -> DocumentReport:
    return _keep(i, _tasks[i], _check_one(_tasks[i]))


def _read_range_task(i: int, start: int, stop: int):
    """Pages ``start``..``stop``-1 of document ``i`` read (``PageRead``s), or its report as
    unreadable when they cannot be (under the run's limits, as the whole document would be)."""
    from budget_audit.ingest.pdf import read_pages

    parts, _, _, _, stdin_name, _, limits = _tasks[i]
    out: list = []

    def work() -> DocumentReport:
        out.extend(read_pages(parts[0], start, stop))
        return DocumentReport(parts[0])

    report = _bounded(limits, parts, stdin_name, work)
    return report if report.error else out


def _finish_task(i: int, pages: list) -> DocumentReport:
    return _keep(i, _tasks[i], _finish(_tasks[i], pages))


def _finish(task: tuple, pages: list) -> DocumentReport:
    """A document from its pages read in ranges: laid out in order, read and checked."""
    from budget_audit.ingest.pdf import assemble

    path = task[0][0]
    return _check_one(task, read=lambda: _pdf_document(path, assemble(path, pages), task[1]))
