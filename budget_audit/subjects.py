"""The official catalogue of expenditure subjects (政府收支分类科目, 支出功能分类 类 and 款), read from
``data/subjects.yaml``, and what a printed name is against it.

The catalogue is knowledge, so it is data: this module only reads it and compares names. A printed
name is judged as a reader of the disclosure would: a name cut short by the printing (社会保障和就业支),
with or without the trailing 支出, with full- or half-width brackets is the subject's own name; a name
the subject bore in another year is its own name too (retired if that year is past); only a name that
is positively another subject's contradicts the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from budget_audit.parse.normalize import compact
from budget_audit.safe_yaml import safe_loader

DATA = Path(__file__).resolve().parent / "data" / "subjects.yaml"
CUT_SHORT = 4  # characters: a shorter prefix of a name may be the start of several subjects

SAME = "same"  # the subject's own name (in force, cut short, or of a later catalogue)
RETIRED = "retired"  # a name the subject bore until a year before the document's
MISSPELT = "misspelt"  # one or two characters away from the name in force
OTHER = "other"  # another subject's name: the name contradicts the code
UNKNOWN = "unknown"  # a code or name the catalogue cannot place: never a finding


@dataclass(frozen=True)
class Name:
    """One name of a subject and the years it was in force (inclusive; None: open)."""

    text: str  # compact form (half-width brackets, no blanks)
    start: int | None = None
    end: int | None = None

    def in_force(self, year: int) -> bool:
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class Reading:
    """What a printed name is for its code: the verdict and the catalogue's name it refers to."""

    verdict: str
    name: str | None = None  # the name in force (retired, misspelt) or the other subject's name
    code: str | None = None  # the other subject (OTHER)


def _stem(name: str) -> str:
    """A name without its trailing 支出, which tables print or leave out alike."""
    return name[:-2] if name.endswith("支出") and len(name) > 4 else name


def same_name(printed: str, official: str) -> bool:
    """Whether ``printed`` is ``official`` as a table may print it (cut short, 支出 left off)."""
    return _stem(printed) == _stem(official) or (len(printed) >= CUT_SHORT and official.startswith(printed))


def distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions of one character)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def near(printed: str, official: str) -> bool:
    """A slip of one character (two in a name of eight or more) — not a different, shorter word."""
    if len(official) < CUT_SHORT or len(printed) < CUT_SHORT:
        return False
    return 0 < distance(printed, official) <= (2 if len(official) >= 8 else 1)


class Catalogue:
    """The subjects by code, each with its names over the years covered."""

    def __init__(self, subjects: dict[str, tuple[Name, ...]], covers: tuple[int, int]):
        self.subjects = subjects
        self.covers = covers

    def names(self, code: str) -> tuple[Name, ...]:
        return self.subjects.get(code, ())

    def in_force(self, code: str, year: int | None) -> list[Name]:
        """The names of ``code`` for a document of ``year`` (every name when the year is not covered)."""
        names = self.names(code)
        if not self.covered(year):
            return list(names)
        return [n for n in names if n.in_force(year)]

    def covered(self, year: int | None) -> bool:
        return year is not None and self.covers[0] <= year <= self.covers[1]

    def class_codes(self) -> dict[str, str]:
        """Every name a class (类) bore in the years covered → its code."""
        return {n.text: code for code, names in self.subjects.items() if len(code) == 3 for n in names}

    def code_of(self, name: str, level: int) -> str | None:
        """The one subject of that level (1 类, 2 款) bearing ``name`` in some year, or None."""
        stem = _stem(compact(name))
        codes = [
            code for code, names in self.subjects.items()
            if len(code) == 1 + 2 * level and any(_stem(n.text) == stem for n in names)
        ]
        return codes[0] if len(codes) == 1 else None

    def read(self, code: str, printed: str, year: int | None) -> Reading:
        """What ``printed`` is as the name of ``code`` in a document of ``year``."""
        names = self.names(code)
        if not names or not printed:
            return Reading(UNKNOWN)
        printed = compact(printed)
        current = self.in_force(code, year)
        if any(same_name(printed, n.text) for n in names):
            if not self.covered(year) or any(same_name(printed, n.text) for n in current):
                return Reading(SAME)
            if current and all(n.end is not None and n.end < year for n in names if same_name(printed, n.text)):
                return Reading(RETIRED, current[0].text)
            return Reading(SAME)  # a name of a later catalogue: printed ahead of time, not wrong
        for other, other_names in self.subjects.items():
            if other != code and len(other) == len(code) and any(same_name(printed, n.text) for n in other_names):
                return Reading(OTHER, current[0].text if current else names[-1].text, other)
        close = [n.text for n in current if near(printed, n.text)]
        if close:
            return Reading(MISSPELT, close[0])
        return Reading(UNKNOWN)


def _names(entry) -> tuple[Name, ...]:
    if isinstance(entry, str):
        return (Name(compact(entry)),)
    return tuple(Name(compact(e["name"]), e.get("from"), e.get("until")) for e in entry)


_kept: Catalogue | None = None  # the shipped catalogue as the result cache kept it (keep)


def catalogue(path: Path = DATA) -> Catalogue:
    """The catalogue shipped in the package (read once a process, or kept by the cache)."""
    if path == DATA and _kept is not None:
        return _kept
    return read_catalogue(path)


@cache
def read_catalogue(path: Path = DATA) -> Catalogue:
    """The catalogue read from its YAML (PyYAML imported only now: a run whose rules and
    catalogue come from the cache never loads it)."""
    import yaml

    data = yaml.load(path.read_text(encoding="utf-8"), Loader=safe_loader())
    subjects = {str(code): _names(entry) for code, entry in data["subjects"].items()}
    return Catalogue(subjects, tuple(data["covers"]))


def keep(book: Catalogue) -> None:
    """Use ``book`` as the shipped catalogue (the runner's, from the cache) in this process and
    the workers it forks."""
    global _kept
    _kept = book
