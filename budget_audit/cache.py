"""The cache: a document's report, and the parsed rule files, kept between runs (as ruff does).

An entry is found by a key that hashes everything its content depends on, so it is never
stale: for a report, the tool (version and the fingerprint of its own code), the rule files
(paths and contents), the rules evaluated (after --select, --ignore, per-file-ignores), the
document's name and the content of each of its files, and the PDF reader in use. A changed
file, rule or tool is a new key; nothing is ever updated in place.

Safe under parallel runs: an entry is written to a temporary file in its folder and renamed
over the name (atomic on one file system), so a reader sees a whole entry or none. An entry
that cannot be read — truncated, corrupt, from another Python, or not ours — is a miss,
never an error. Entries are pickles, but loaded by an unpickler that only makes budget-audit's
own classes and Decimal, so an entry can never run code. Nothing is followed through a
symbolic link: a cache folder that is one is not used, and entries are opened without
following links.

Layout: ``DIR/CACHEDIR.TAG``, ``DIR/.gitignore`` (``*``), ``DIR/<tool>/rules/<key>`` and
``DIR/<tool>/reports/<key[:2]>/<key>``; a new tool fingerprint removes the folders of others.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from budget_audit import __version__, safe_pickle
from budget_audit.ingest import is_pdf
from budget_audit.package_files import package_files

if TYPE_CHECKING:
    from budget_audit.audit import DocumentReport
    from budget_audit.rules.ruleset import RuleSet

DIR_NAME = ".budget_audit_cache"
DIR_ENV = "BUDGET_AUDIT_CACHE_DIR"  # overrides the configuration's cache-dir, as --cache-dir does
OFF_ENV = "BUDGET_AUDIT_NO_CACHE"  # any non-empty value: as --no-cache
MAGIC = b"budget-audit cache 1\n"
_PACKAGE = Path(__file__).resolve().parent
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# budget-audit's cache (https://bford.info/cachedir/)\n"
T = TypeVar("T")


def default_dir(project_root: Path | None) -> Path:
    """Beside the configuration file in use (the project's root), else in the working directory."""
    return (project_root or Path.cwd()) / DIR_NAME


def chosen_dir(option: str | None, configured: str | None, project_root: Path | None) -> Path:
    """--cache-dir, then the environment, then the configuration's cache-dir, then the default."""
    for value in (option, os.environ.get(DIR_ENV), configured):
        if value:
            return Path(value)
    return default_dir(project_root)


def disabled(no_cache: bool) -> bool:
    return no_cache or bool(os.environ.get(OFF_ENV))


def tool_fingerprint() -> str:
    """The version, the Python, and the name, size and time of every source file of the package
    (the C of the PDF reader's loops and the library built from it included).

    The version alone (ruff's key) would serve a released tool; the files' stamps keep a
    cache honest in a source checkout too, where the code changes under one version number.
    """
    h = hashlib.sha256(f"{__version__}\0{sys.implementation.cache_tag}\0{sys.version}".encode())
    for name, path in package_files((".py", ".yaml", ".c", ".so"), root=_PACKAGE):
        st = os.stat(path)
        h.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    return h.hexdigest()[:16]


def file_digest(path: str) -> str | None:
    """SHA-256 of a file's content; None when it cannot be read (then nothing is cached)."""
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return None


def _key(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass
class Cache:
    """One cache folder, for one tool fingerprint. Every method fails quietly: a cache that
    cannot be read or written only makes the run slower."""

    root: Path
    tool: str
    rules_key: str = ""  # the rule files' key (rules_key), part of every report's key

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The cache in ``root`` (created if need be), or None when it cannot be used: not
        writable, or a symbolic link (a cache never writes through a link to elsewhere)."""
        try:
            if root.is_symlink():
                return None
            root.mkdir(parents=True, exist_ok=True)
            for name, text in (("CACHEDIR.TAG", _TAG), (".gitignore", "# made by budget-audit\n*\n")):
                if not os.path.lexists(root / name):
                    _write_small(root / name, text)
            cache = cls(root, tool_fingerprint())
            folder = root / cache.tool
            if folder.is_symlink():
                return None
            if not folder.exists():
                folder.mkdir()
                _remove_others(root, cache.tool)
            return cache
        except OSError:
            return None

    # rule files

    def rules(self, files: list[str], load: Callable[[], RuleSet]) -> RuleSet:
        """The rule set of ``files`` (the files ``load`` reads): kept from an earlier run, or
        loaded and kept. Sets ``rules_key``, which every report's key then includes."""
        from budget_audit.rules.ruleset import RuleSet

        ruleset, key = self._made_from("rules", files, load, RuleSet)
        self.rules_key = key or ""
        return ruleset

    def kept(self, files: list[Path], make: Callable[[], T], kind: type[T]) -> T:
        """What ``make`` reads from ``files`` (a catalogue), kept from an earlier run or made and
        kept; keyed by the files' paths and contents, as the rule files are."""
        return self._made_from("data", files, make, kind)[0]

    def _made_from(self, folder: str, files: list[str] | list[Path], make: Callable[[], T], kind: type[T]
                   ) -> tuple[T, str | None]:
        """What ``make`` reads from ``files``, and its key: kept in ``folder`` by the files' paths and
        contents, or made and kept (no key: a file that cannot be read, which making then says)."""
        digests = [file_digest(str(p)) for p in files]
        if None in digests:
            return make(), None
        key = _key(folder, [(str(p), d) for p, d in zip(files, digests, strict=True)])
        path = self.root / self.tool / folder / key
        value = self._read(path, key)
        if not isinstance(value, kind):
            value = make()
            self._write(path, key, value)
        return value, key

    # reports

    def report_key(self, name: str, parts: list[str], rule_ids: list[str], options: object = None) -> str | None:
        """The key of a document's report, or None when it is not to be cached (stdin, an
        unreadable file). ``options``: whatever else the report depends on (a forced kind)."""
        if not self.rules_key or "-" in parts:
            return None
        digests = [file_digest(p) for p in parts]
        if None in digests:
            return None
        reader = ""
        if any(is_pdf(p) for p in parts):  # which PDF reader (ingest.pdf), and which versions of its libraries
            reader = f"{os.environ.get('BUDGET_AUDIT_PDF_READER', '')} {_pdf_stack()}"
        return _key("report", name, list(zip(parts, digests, strict=True)), self.rules_key, rule_ids, options, reader)

    def load_report(self, key: str) -> DocumentReport | None:
        from budget_audit.audit import DocumentReport

        report = self._read(self._report_path(key), key)
        return report if isinstance(report, DocumentReport) else None

    def store_report(self, key: str, report: DocumentReport, key_now: Callable[[], str | None]) -> None:
        """Keep a report, unless its document could not be read, or a file changed while it
        was read (``key_now()``, the key computed again, then differs: the key would lie)."""
        if report.error is None and key_now() == key:
            self._write(self._report_path(key), key, report)

    def _report_path(self, key: str) -> Path:
        return self.root / self.tool / "reports" / key[:2] / key

    # entries

    def _read(self, path: Path, key: str):
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as f:  # unpickled from the file: a long report is not held as bytes too
                head = MAGIC + key.encode() + b"\n"
                if f.read(len(head)) != head:
                    return None
                return safe_pickle.load(f)
        except Exception:  # a corrupt, truncated or foreign entry is a miss, whatever it raises
            return None

    def _write(self, path: Path, key: str, value: object) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if any(p.is_symlink() for p in _between(self.root, path.parent)):
                return
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + key.encode() + b"\n")
                    # pickled straight into the file: a long document's report is tens of MB, held twice as bytes
                    pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)  # atomic: readers see the old entry or the new one, never half
            except BaseException:
                with suppress(OSError):
                    os.unlink(tmp)
                raise
        except Exception:  # a full disk or a read-only folder: run on without the cache
            return


def _between(root: Path, folder: Path) -> list[Path]:
    """The folders from below ``root`` down to ``folder``."""
    out = []
    while folder != root and root in folder.parents:
        out.append(folder)
        folder = folder.parent
    return out


def _write_small(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _remove_others(root: Path, keep: str) -> None:
    """Folders of other tool fingerprints: entries nobody can hit again (best effort)."""
    for child in root.iterdir():
        if child.name != keep and len(child.name) == len(keep) and not child.is_symlink() and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)


_pdf_versions: str | None = None


_PDF_LIBRARIES = (("pypdfium2", "pypdfium2"), ("pdfplumber", "pdfplumber"), ("pdfminer", "pdfminer.six"))  # (module, distribution)


def _pdf_stack() -> str:
    """The versions of the PDF libraries: another PDFium may read a page differently."""
    global _pdf_versions
    if _pdf_versions is None:
        _pdf_versions = ",".join(f"{dist}={_installed_version(module, dist)}" for module, dist in _PDF_LIBRARIES)
    return _pdf_versions


def _installed_version(module: str, dist: str) -> str:
    """A distribution's version from its ``name-version.dist-info`` folder beside the module, found
    without importing the module or importlib.metadata (whose imports and scan of every path
    entry cost each cached PDF check 20 ms); importlib.metadata when there is no such folder."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        return "none"
    folder = os.path.dirname(os.path.dirname(spec.origin))
    wanted = _project_name(dist)
    try:
        for entry in os.scandir(folder):
            if entry.name.endswith(".dist-info"):
                name, _, version = entry.name.removesuffix(".dist-info").rpartition("-")
                if name and _project_name(name) == wanted:
                    return version
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "none"


def _project_name(name: str) -> str:
    """A distribution's name as its dist-info folder spells it (PEP 503: pdfminer.six is pdfminer_six)."""
    return re.sub(r"[-_.]+", "_", name).lower()
