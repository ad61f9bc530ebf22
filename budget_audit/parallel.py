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

import math
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING

from budget_audit.audit import DocumentReport, _bounded, _check_one, _pdf_document
from budget_audit.errors import UserError
from budget_audit.ingest import is_pdf
from budget_audit.ingest.stdin import STDIN

if TYPE_CHECKING:
    from budget_audit.ingest.pdf import ProgressFn

_UNCERTAINTY = 3  # how far a document's weight (_work) may be from its time, either way
_MIN_RANGE = 6  # pages read by one task at the least: opening the file and sending pages back cost a little


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
    except (UserError, Exception):  # noqa: BLE001 - the document's own check reports what is wrong
        return 0


def _ranges(path: str, jobs: int) -> list[tuple[int, int]]:
    """Page ranges to read apart: about two per process, none shorter than ``_MIN_RANGE``."""
    total = _pages(path)
    count = min(2 * jobs, total // _MIN_RANGE)
    if count < 2:
        return []
    size = math.ceil(total / count)
    return [(start, min(start + size, total)) for start in range(0, total, size)]


def split_plan(todo: list[int], tasks: list[tuple], jobs: int) -> dict[int, list[tuple[int, int]]]:
    """The documents whose pages are worth reading in several processes, with their page ranges:
    a single PDF that might on its own take longer than a process's fair share of the batch. The
    weights are estimates (a page of tables takes three times a page of prose, and a file does
    not say which it holds), so a PDF is split when it is a third of that share by its weight."""
    weights = {i: _work(tasks[i][0]) for i in todo}
    share = sum(weights.values()) / jobs / _UNCERTAINTY
    plan = {}
    for i in todo:
        parts = tasks[i][0]
        if len(parts) == 1 and parts[0] != STDIN and is_pdf(parts[0]) and weights[i] > share:
            ranges = _ranges(parts[0], jobs)
            if ranges:
                plan[i] = ranges
    return plan


def worth_splitting(todo: list[int], tasks: list[tuple], jobs: int) -> bool:
    """Whether one document alone is worth several processes (a long PDF)."""
    _preload_pdf()
    return bool(split_plan(todo, tasks, jobs))


def check_in_processes(todo: list[int], tasks: list[tuple], jobs: int,
                       progress: ProgressFn | None = None) -> Iterator[tuple[int, DocumentReport]]:
    """(index, report) of each task in ``todo`` as they finish, checked in ``jobs`` processes."""
    if any(is_pdf(p) for i in todo for p in tasks[i][0]):
        _preload_pdf()
    plan = split_plan(todo, tasks, jobs)
    largest_first = sorted(todo, key=lambda i: -_work(tasks[i][0]))  # a long PDF last would leave a core idle
    read: dict[int, list] = {i: [None] * len(ranges) for i, ranges in plan.items()}
    pages_done = {i: 0 for i in plan}
    queue: list[tuple[str, int, int]] = []  # what is to run, in order; a document's last step goes first
    for i in largest_first:
        queue.extend([("pages", i, k) for k in range(len(plan[i]))] if i in plan else [("check", i, 0)])
    finishing: dict[int, list] = {}  # a document whose pages are all read: the pages, until it starts
    with _pool(min(jobs, len(queue)), tasks) as pool:
        running: dict[Future, tuple[str, int, int]] = {}

        def start_next() -> None:
            """Keep each process busy, with one more waiting: work is handed out as it is done,
            so a document whose pages have all come back is finished before the next is begun."""
            while queue and len(running) <= jobs:
                kind, i, k = queue.pop(0)
                if kind == "pages":
                    future = pool.submit(_read_range_task, i, *plan[i][k])
                elif kind == "finish":
                    future = pool.submit(_finish_task, i, finishing.pop(i))
                else:
                    future = pool.submit(_check_task, i)
                running[future] = (kind, i, k)

        start_next()
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                kind, i, k = running.pop(future)
                if kind != "pages":
                    yield i, future.result()
                    continue
                read[i][k] = future.result()
                if progress and len(plan) == 1 and not isinstance(read[i][k], DocumentReport):
                    pages_done[i] += plan[i][k][1] - plan[i][k][0]
                    progress(pages_done[i], plan[i][-1][1])
                if all(r is not None for r in read[i]):
                    failed = next((r for r in read[i] if isinstance(r, DocumentReport)), None)
                    if failed is not None:  # the first range in page order that could not be read
                        yield i, failed
                    else:
                        finishing[i] = [page for r in read[i] for page in r]
                        queue.insert(0, ("finish", i, 0))
                    del read[i]
            start_next()


def _preload_pdf() -> None:
    """The PDF reader's libraries imported before the workers start (about 0.15 s): each worker
    inherits them, rather than importing them again for its first PDF."""
    try:
        import pdfplumber  # noqa: F401 - its table finder and clustering read every page

        from budget_audit.ingest import pdfium_page  # noqa: F401 - and with it pypdfium2
    except ImportError:  # a reader that cannot load says so for each document, as without -j
        pass


_tasks: list[tuple] = []  # in a worker process: the run's tasks (_receive), named by index


def _pool(workers: int, tasks: list[tuple]) -> ProcessPoolExecutor:
    """Worker processes that know the run's tasks (and the rule set in each) from the start, so
    that a task is sent as its number: a short document would otherwise cost about as much to
    send as to check. Forked workers inherit them from this process, with nothing to copy;
    otherwise each worker is sent them once, when it starts."""
    global _tasks
    if multiprocessing.get_start_method() == "fork":
        _tasks = tasks
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    return ProcessPoolExecutor(max_workers=workers, initializer=_receive, initargs=(tasks,))


def _receive(tasks: list[tuple]) -> None:
    global _tasks
    _tasks = tasks


def _check_task(i: int) -> DocumentReport:
    return _check_one(_tasks[i])


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
    """Document ``i`` from its pages read in ranges: laid out in order, read and checked."""
    from budget_audit.ingest.pdf import assemble

    task = _tasks[i]
    path = task[0][0]
    return _check_one(task, read=lambda: _pdf_document(path, assemble(path, pages), task[1]))
