"""A sweep over thousands of documents, on one machine or many: shards, JSON lines, a merge.

    python -m budget_audit.sweep run --shard 3/100 files.txt -o out/3.jsonl [-j N] [--rules F] [--select IDS] [--ignore IDS]
    python -m budget_audit.sweep run --dask tcp://scheduler:8786 files.txt -o out.jsonl    # on a Dask cluster
    python -m budget_audit.sweep merge out/*.jsonl > report.json

``files.txt`` lists one document per line. ``run`` checks the documents of one shard (a
document belongs to shard ``sha256(path) mod N``: the same shard however the list is ordered
or grows) and appends one JSON line per document as it is done — the document object of
``check --format json``, plus ``sha256`` of the file. It resumes: documents already in the
output with the same content are skipped, and a line cut short by a kill is dropped. A
document that fails unexpectedly is written with ``"failed": true`` and its error, the shard
goes on, and the exit status is 1 so a scheduler retries the shard (only the failed documents
are checked again). ``merge`` joins shard outputs into one ``--format json`` report.

Any scheduler runs it: an array job (SLURM ``--array=1-100``: ``--shard $SLURM_ARRAY_TASK_ID/100``),
a Kubernetes indexed Job, GNU parallel or ``xargs -P`` on one machine. Or a Dask cluster
(``--dask ADDRESS``, the optional extra ``budget-audit[dask]``): every document is one task on the
cluster's workers, its line written here as soon as it is done, in whatever order they finish;
the workers must see the documents at the paths listed (a shared file system). See README, "A sweep".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from budget_audit import __version__

_state: dict = {}  # per worker process: the rule set and the cache, loaded once


def in_shard(path: str, shard: int, shards: int) -> bool:
    """Whether ``path`` is in shard ``shard`` (1-based) of ``shards``."""
    return int(hashlib.sha256(path.encode("utf-8")).hexdigest(), 16) % shards == shard - 1


def _digest(path: str) -> str | None:
    from budget_audit.cache import file_digest

    return file_digest(path)


def _setup(rules: list[str] | None, select: list[str], ignore: list[str], cache_dir: str | None) -> None:
    from budget_audit import cache as cache_module
    from budget_audit.rules.engine import load_rules, rule_files

    cache = None if cache_dir is None else cache_module.Cache.open(Path(cache_dir))
    ruleset = cache.rules(rule_files(rules), lambda: load_rules(rules)) if cache else load_rules(rules)
    _state.update(ruleset=ruleset, select=select, ignore=ignore, cache=cache)


def _check(path: str) -> dict:
    """One document's JSON object; an unexpected failure is recorded, not raised."""
    from budget_audit.audit import audit
    from budget_audit.report.json_report import check_json

    titles = {r.id: r.title for r in _state["ruleset"].rules}
    try:
        reports = audit([path], _state["ruleset"], _state["select"], _state["ignore"], cache=_state["cache"])
        line = json.loads(check_json(reports, titles.get))["documents"][0]
    except Exception as exc:  # one bad document must not stop a sweep of thousands
        line = {"path": path, "error": f"internal error: {type(exc).__name__}: {exc}", "failed": True}
    line["sha256"] = _digest(path)
    return line


def _done(output: Path) -> dict[str, str | None]:
    """Documents already in the output (path → sha256), dropping a last line cut short."""
    if not output.exists():
        return {}
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):  # killed mid-line: keep the whole lines only
        data = data[: data.rfind(b"\n") + 1]
        output.write_bytes(data)
    done: dict[str, str | None] = {}
    for raw in data.splitlines():
        line = json.loads(raw)
        if line.get("failed"):
            done.pop(line["path"], None)
        else:
            done[line["path"]] = line.get("sha256")
    return done


def run(paths: list[str], shard: int, shards: int, output: Path, jobs: int, rules: list[str] | None,
        select: list[str], ignore: list[str], cache_dir: str | None, dask: str | None = None) -> int:
    """Check the shard's documents not done yet; 1 when some failed unexpectedly."""
    done = _done(output)
    todo = [p for p in paths if in_shard(p, shard, shards) and (p not in done or done[p] != _digest(p))]
    output.parent.mkdir(parents=True, exist_ok=True)
    failed = 0
    with output.open("a", encoding="utf-8") as out:
        for line in _lines(todo, jobs, (rules, select, ignore, cache_dir), dask):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            out.flush()  # streamed: a line is there as soon as its document is done
            failed += bool(line.get("failed"))
    sys.stderr.write(f"shard {shard}/{shards}: {len(todo)} checked, {len(done)} done before, {failed} failed\n")
    return 1 if failed else 0


def _on_worker(path: str, setup: tuple) -> dict:
    """One document on a Dask worker: the rule set loaded once per worker process, then checked."""
    if _state.get("setup") != setup:
        _setup(*setup)
        _state["setup"] = setup
    return _check(path)


def _dask_lines(todo: list[str], address: str, setup: tuple) -> Iterator[dict]:
    """Each document as an independent task on the Dask cluster at ``address``, yielded as it finishes.
    A task whose worker died or that raised is a failed line, not the end of the sweep."""
    from distributed import Client, as_completed  # the optional extra: imported only for --dask

    with Client(address) as client:
        futures = {client.submit(_on_worker, p, setup, key=f"budget-audit-{hashlib.sha256(p.encode()).hexdigest()}",
                                 pure=False): p for p in todo}
        for future in as_completed(futures):
            path = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # a lost worker, a killed task: record it and go on
                yield {"path": path, "error": f"task failed on the cluster: {type(exc).__name__}: {exc}",
                       "failed": True, "sha256": _digest(path)}
            future.release()


def _lines(todo: list[str], jobs: int, setup: tuple, dask: str | None = None) -> Iterator[dict]:
    if dask is not None:
        yield from _dask_lines(todo, dask, setup)
        return
    if jobs <= 1 or len(todo) <= 1:
        _setup(*setup)
        yield from (_check(p) for p in todo)
        return
    written: set[str] = set()
    try:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_setup, initargs=setup) as pool:
            futures = {pool.submit(_check, p): p for p in todo}
            for future in as_completed(futures):
                line = future.result()
                written.add(futures[future])
                yield line
    except BrokenProcessPool:
        # a worker died (killed for its memory, a crash in a PDF library): the documents left are
        # checked again each in a process of its own, and the one whose process dies is a failed line
        for path in (p for p in todo if p not in written):
            yield _alone(path, setup)


def _alone(path: str, setup: tuple) -> dict:
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_setup, initargs=setup) as pool:
            return pool.submit(_check, path).result()
    except BrokenProcessPool:
        from budget_audit.parallel import DIED

        return {"path": path, "error": DIED, "failed": True, "sha256": _digest(path)}


def merge(outputs: list[Path]) -> dict:
    """One ``--format json`` report from shard outputs (the last line of a document wins)."""
    documents: dict[str, dict] = {}
    for output in outputs:
        for raw in output.read_bytes().splitlines():
            if raw.strip():
                line = json.loads(raw)
                documents[line["path"]] = line
    ordered = [documents[p] for p in sorted(documents)]
    findings = [f for d in ordered for f in d.get("findings", [])]
    return {
        "version": 1,
        "tool": {"name": "budget-audit", "version": __version__},
        "documents": ordered,
        "summary": {
            "documents": len(ordered),
            "errors": sum(1 for f in findings if f["severity"] == "error"),
            "warnings": sum(1 for f in findings if f["severity"] == "warning"),
            "known": 0,
            "failed": sum(1 for d in ordered if d.get("failed")),
        },
    }


def _shard(text: str) -> tuple[int, int]:
    try:
        i, n = (int(x) for x in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected I/N, e.g. 3/100") from None
    if not 1 <= i <= n:
        raise argparse.ArgumentTypeError(f"{text!r}: I must be between 1 and N")
    return i, n


def _ids(values: list[str] | None) -> list[str]:
    return [x.strip() for v in values or [] for x in v.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m budget_audit.sweep", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("run", help="check one shard of a list of documents, as JSON lines")
    one.add_argument("list", type=Path, help="a file naming one document per line")
    one.add_argument("--shard", type=_shard, default=(1, 1), help="I/N: this shard of N (default 1/1: all)")
    one.add_argument("--output", "-o", type=Path, required=True, help="JSON lines, appended to (resumed)")
    one.add_argument("--jobs", "-j", type=int, default=1, help="processes on this machine")
    one.add_argument("--rules", action="append", help="YAML rule file (repeatable)")
    one.add_argument("--select", action="append", help="only these rule ids or prefixes")
    one.add_argument("--ignore", action="append", help="skip these rule ids or prefixes")
    one.add_argument("--cache-dir", help="a result cache to use (default: none)")
    one.add_argument("--dask", metavar="ADDRESS", help="run the documents as tasks on the Dask cluster at ADDRESS "
                     "(tcp://host:8786; needs budget-audit[dask]); -j is then the cluster's")
    both = commands.add_parser("merge", help="join shard outputs into one --format json report on stdout")
    both.add_argument("outputs", type=Path, nargs="+")
    args = parser.parse_args(argv)
    if args.command == "merge":
        sys.stdout.write(json.dumps(merge(args.outputs), ensure_ascii=False, indent=2) + "\n")
        return 0
    paths = [line.strip() for line in args.list.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.dask is not None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            sys.stderr.write("sweep: --dask needs the Dask extra: pip install 'budget-audit[dask]'\n")
            return 2
    return run(paths, *args.shard, args.output, args.jobs, args.rules, _ids(args.select), _ids(args.ignore),
               args.cache_dir, args.dask)


if __name__ == "__main__":
    sys.exit(main())
