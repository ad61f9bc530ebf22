"""Baselines: accept the findings documents already have, so a CI run fails on new ones only.

A published PDF cannot carry ``noqa`` comments, so known problems are listed in a file instead.
Each finding gets a *fingerprint* that survives what does not change the problem itself:

- the rule id;
- the document's identity: its file name, normalised (directory and extension dropped, NFKC,
  case-folded, blanks collapsed). Not a hash of its content: then fixing one error, or any
  re-export, would turn every accepted finding of the document into a new one. So
  ``docs/2024 预算.PDF`` and ``2024 预算.txt`` are the same document, and renaming a file
  makes its findings new;
- the table, row and column the finding names;
- the figures involved: the printed figure (``actual``) and the recomputed one (``expected``).

Line and page numbers are left out, so a line inserted above a table changes nothing; the
message is left out too, so rewording or translating messages keeps baselines valid. Two
findings with the same fingerprint are counted: a baseline holding one accepts one.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path, PurePath, PureWindowsPath

from budget_audit import __version__
from budget_audit.errors import UsageError
from budget_audit.findings import Finding
from budget_audit.output import write_file

VERSION = 1


def document_identity(path: str) -> str:
    """The file name without folder or extension, normalised so copies and re-exports match."""
    name = PurePath(PureWindowsPath(path).as_posix()).name
    stem = name.rsplit(".", 1)[0] if "." in name.strip(".") else name
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", stem)).strip().casefold()


def fingerprint(finding: Finding, path: str) -> str:
    """A hex digest of what identifies the problem, never its line, page or wording."""
    parts = (
        f"v{VERSION}", finding.rule, document_identity(path), finding.table or "", finding.row or "",
        finding.column or "", finding.actual or "", finding.expected or "",
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def write_baseline(reports: list, target: str) -> int:
    """Write every finding of ``reports`` to ``target``; return how many."""
    entries = [
        {
            "fingerprint": fingerprint(f, rep.path),
            "document": document_identity(rep.path),
            "rule": f.rule,
            "severity": f.severity,
            "table": f.table,
            "row": f.row,
            "column": f.column,
            "message": f.message,  # for the reviewer of the baseline only: matching ignores it
        }
        for rep in reports
        for f in rep.all_findings
    ]
    entries.sort(key=lambda e: (e["document"], e["rule"], e["fingerprint"]))
    body = {"version": VERSION, "tool": {"name": "budget-audit", "version": __version__}, "findings": entries}
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    write_file(Path(target), text.encode("utf-8"))  # whole or not at all, never through a link
    return len(entries)


MAX_BYTES = 256 << 20  # about a million findings; a larger file is not a baseline


def load_baseline(source: str) -> Counter[str]:
    """Fingerprint → how many findings with it are accepted."""
    try:
        with open(source, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise UsageError(source, f"baseline larger than {MAX_BYTES >> 20} MiB: not read")
        data = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise UsageError(source, "baseline is not valid JSON (nested too deeply)") from None
    except FileNotFoundError:
        raise UsageError(source, "baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(source, f"cannot read baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise UsageError(source, f"baseline is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise UsageError(source, f"not a budget-audit baseline (version {VERSION} with a findings list)")
    try:
        return Counter(str(e["fingerprint"]) for e in data["findings"])
    except (KeyError, TypeError):
        raise UsageError(source, "baseline entry without a fingerprint") from None


def apply_baseline(reports: list, accepted: Counter[str]) -> None:
    """Mark as known the findings the baseline accepts (report.known), in reading order."""
    left = Counter(accepted)
    for rep in reports:
        rep.known = []
        for f in rep.all_findings:
            fp = fingerprint(f, rep.path)
            if left[fp] > 0:
                left[fp] -= 1
                rep.known.append(f)
