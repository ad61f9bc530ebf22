"""The template catalogue: the standard tables and the words of each template family, as data.

One YAML file per family in ``parse/templates/`` (预算.yaml, 决算.yaml, and 通用.yaml for what
both print): the tables the family prints (titles, title-word patterns, two_sided, repeats)
and the words that mark its documents (the kind named on the cover, the word printed before a
table's number). The parser reads its template knowledge from here only, so a new template
family is one data file and a test document, not regular expressions in four modules.
Every error names the file and line. A user's rule file may add tables for a run (``tables:``),
read by ``read_tables`` the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from budget_audit.errors import RuleFileError
from budget_audit.model import TableKind, TitlePattern
from budget_audit.safe_yaml import safe_loader

if TYPE_CHECKING:  # PyYAML is imported when a file is read
    import yaml

TEMPLATES = Path(__file__).resolve().parent / "templates"
DOCUMENT_KINDS = ("预算", "决算")
FAMILY_KEYS = {"kind", "words", "tables"}
TABLE_KEYS = {"titles", "two_sided", "match", "kind", "repeats"}
WORDS = {
    "document": "names the family's kind on a cover or heading: 部门决算, 决算公开 (a family with a kind)",
    "scope": "who publishes, before the kind: 部门预算, 单位决算",
    "reports": "what is published, after the kind: 预算公开, 决算报告",
    "banner": "printed after the kind on a cover's banner, never part of the department's name: 部门预算公开",
    "number_words": "printed before a table's number and 表: 公开01表, 决算02表",
    "number_prefixes": "printed before 表 and its number: 附表3; a leading … allows up to six characters: 部门公开表01",
    "registers": "headings of a register of tables printed apart from the 目录: 报表目录",
    "issuers": "labels of the line that names who compiled a table: 编制单位：",
    "empty_notes": "words of a note saying a table is empty: 本表无数据",
}
_CN_NUM = "一二三四五六七八九十"
_NUMBER = r"[0-9]{1,2}(?:-[0-9]{1,2})?"


def construct(node: yaml.Node):
    """Python value of a composed node (safe constructors only; no loader is needed for that)."""
    from yaml.constructor import SafeConstructor

    return SafeConstructor().construct_object(node, deep=True)


def mapping(node: yaml.Node, path: str, what: str) -> list[tuple[str, yaml.Node, int]]:
    """(key, value node, line) of a mapping node, or an error at its line."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise RuleFileError(path, f"{what} must be a mapping", node.start_mark.line + 1)
    return [(str(construct(key)), value, key.start_mark.line + 1) for key, value in node.value]


def _any(words: Sequence[str]) -> str:
    """An alternation of literal words; one that never matches when there are none."""
    return "|".join(re.escape(w) for w in words) or "(?!)"


@dataclass(eq=False)
class Catalogue:
    """The tables the parser recognises and the template words it reads documents by."""

    tables: tuple[TableKind, ...] = ()
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # a document word → its kind (决算 → 决算)
    sources: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return self.words.get(name, ())

    def with_tables(self, added: Sequence[TableKind]) -> Catalogue:
        """This catalogue and a rule file's tables for one run (one of the same alias replaces ours)."""
        return _extended(self, tuple(added)) if added else self

    @cached_property
    def number_marker(self) -> re.Pattern[str]:
        """A table's number: "表 1", "表一", "附表3", "部门公开表01", "公开01表"; groups: the number
        printed after 表, the one printed before it, the title that follows."""
        prefixes = "|".join(
            r"[\u4e00-\u9fff]{0,6}" + re.escape(p[1:]) if p.startswith("…") else re.escape(p) for p in self["number_prefixes"]
        ) or "(?!)"
        return re.compile(
            rf"^(?:(?:{prefixes})?表\s*({_NUMBER}|[{_CN_NUM}]+)"
            rf"|(?:{_any(self['number_words'])})\s*({_NUMBER})\s*表)\s*[:：、.\-—]?\s*(.*)$"
        )

    @cached_property
    def document_kind(self) -> re.Pattern[str]:
        """"部门决算", "预算公开": the kind named by its publisher or by what is published (groups 2, 3)."""
        kinds = _any(self["document"])
        return re.compile(rf"({_any(self['scope'])})\s*({kinds})|({kinds})\s*({_any(self['reports'])})")

    @cached_property
    def document_scope(self) -> re.Pattern[str]:
        return re.compile(rf"({_any(self['scope'])})\s*(?:{_any(self['document'])})")

    @cached_property
    def cover_noise(self) -> re.Pattern[str]:
        """What a cover line holds besides the department's name: the year and the banner."""
        # "某局2025年部门预算" → 某局: the scope and kind go with or without the banner, the bare kind only with it
        return re.compile(
            rf"20\d{{2}}\s*年度?|(?:{_any(self['scope'])})\s*(?:{_any(self['document'])})(?:{_any(self['banner'])})?"
            rf"|(?:{_any(self['document'])})(?:{_any(self['banner'])})"
        )

    @cached_property
    def issuer(self) -> re.Pattern[str]:
        return re.compile(rf"^(?:{_any(self['issuers'])})(?:\(单位\))?\s*[:：]\s*(.*)$")

    @cached_property
    def empty_note(self) -> re.Pattern[str]:
        return re.compile(_any(self["empty_notes"]))


@lru_cache(maxsize=8)
def _extended(base: Catalogue, added: tuple[TableKind, ...]) -> Catalogue:
    tables = list(base.tables)
    for kind in added:
        tables = [k for k in tables if k.alias != kind.alias] + [kind]
    return Catalogue(tuple(tables), base.words, base.kinds, base.sources)


_kept: Catalogue | None = None  # the shipped catalogue as the result cache kept it (keep)


def shipped() -> Catalogue:
    """The catalogue shipped in the package: read once a process, or kept by the cache."""
    return _kept if _kept is not None else read_shipped()


def family_files() -> list[Path]:
    """The shipped family files, in the order they are read."""
    return sorted(TEMPLATES.glob("*.yaml"))


@lru_cache(maxsize=1)
def read_shipped() -> Catalogue:
    """The shipped catalogue read from its family files."""
    return load(family_files())


def keep(book: Catalogue) -> None:
    """Use ``book`` as the shipped catalogue (the runner's, from the cache) in this process and
    the workers it forks."""
    global _kept
    _kept = book


def load(paths: Sequence[str | Path]) -> Catalogue:
    """The families in ``paths``, in that order: their tables (an alias defined once only) and
    their words (merged, first seen first)."""
    tables: list[TableKind] = []
    where: dict[str, str] = {}
    words: dict[str, list[str]] = {}
    kinds: dict[str, str] = {}
    for path in map(str, paths):
        family_kind, family_words, family_tables = _read_family(path)
        for word in family_words.get("document", []):
            kinds.setdefault(word, family_kind)
        for name, items in family_words.items():
            words.setdefault(name, [])
            words[name] += [w for w in items if w not in words[name]]
        for kind, line in family_tables:
            if kind.alias in where:
                raise RuleFileError(path, f"table {kind.alias} is already defined in {where[kind.alias]}", line)
            where[kind.alias] = Path(path).name
            tables.append(kind)
    return Catalogue(tuple(tables), {k: tuple(v) for k, v in words.items()}, kinds, tuple(map(str, paths)))


def _read_family(path: str) -> tuple[str | None, dict[str, list[str]], list[tuple[TableKind, int]]]:
    """One family file: its kind, its words, its tables (each with its line)."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=safe_loader())
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, f"cannot read template family ({exc})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RuleFileError(path, f"invalid YAML: {getattr(exc, 'problem', None) or exc}", mark.line + 1 if mark else None) from None
    if root is None:
        raise RuleFileError(path, "template family file is empty")
    entries = {key: (value, line) for key, value, line in mapping(root, path, "a template family")}
    for key, (_, line) in entries.items():
        if key not in FAMILY_KEYS:
            raise RuleFileError(path, f"unknown key {key!r} (expected one of {', '.join(sorted(FAMILY_KEYS))})", line)
    family_kind = None
    if "kind" in entries:
        family_kind = construct(entries["kind"][0])
        if family_kind not in DOCUMENT_KINDS:
            raise RuleFileError(path, f"kind must be {' or '.join(DOCUMENT_KINDS)}", entries["kind"][1])
    family_words = _read_words(entries["words"][0], path) if "words" in entries else {}
    if family_words.get("document") and family_kind is None:
        raise RuleFileError(path, "words.document names a kind: the family needs a kind", entries["words"][1])
    family_tables = read_tables(entries["tables"][0], path, family_kind) if "tables" in entries else []
    return family_kind, family_words, family_tables


def _read_words(node: yaml.Node, path: str) -> dict[str, list[str]]:
    out = {}
    for name, value, line in mapping(node, path, "words"):
        if name not in WORDS:
            raise RuleFileError(path, f"words: unknown list {name!r} (known: {', '.join(WORDS)})", line)
        items = construct(value)
        if not isinstance(items, list) or not all(isinstance(w, str) and w for w in items):
            raise RuleFileError(path, f"words.{name} must be a list of words", line)
        out[name] = items
    return out


def read_tables(node: yaml.Node, path: str, default_kind: str | None = None) -> list[tuple[TableKind, int]]:
    """The table kinds of a ``tables:`` mapping, each with its line; ``default_kind``: the family's kind."""
    out: list[tuple[TableKind, int]] = []
    for alias, spec, line in mapping(node, path, "tables"):
        entries = {k: (construct(v), ln) for k, v, ln in mapping(spec, path, f"table {alias}")}
        unknown = set(entries) - TABLE_KEYS
        if unknown:
            raise RuleFileError(path, f"table {alias}: unknown key {sorted(unknown)[0]!r}", line)
        titles = entries.get("titles", ([], line))[0]
        if not isinstance(titles, list) or not titles or not all(isinstance(t, str) for t in titles):
            raise RuleFileError(path, f"table {alias}: titles must be a non-empty list of strings", line)
        patterns = _title_patterns(entries.get("match", ([], line)), path, alias)
        doc_kind = entries.get("kind", (default_kind, line))[0]
        if doc_kind not in (None, *DOCUMENT_KINDS):
            raise RuleFileError(path, f"table {alias}: kind must be {' or '.join(DOCUMENT_KINDS)}", entries["kind"][1])
        if any(alias == k.alias for k, _ in out):
            raise RuleFileError(path, f"table {alias} is defined twice", line)
        kind = TableKind(
            alias, tuple(titles), bool(entries.get("two_sided", (False, 0))[0]), patterns, doc_kind,
            bool(entries.get("repeats", (False, 0))[0]),
        )
        out.append((kind, line))
    return out


def _title_patterns(entry: tuple, path: str, alias: str) -> tuple[TitlePattern, ...]:
    """``match: [{all: [[一般公共预算], [支出]], none: [基本支出]}]``: title words, as data."""
    value, line = entry
    if not isinstance(value, list):
        raise RuleFileError(path, f"table {alias}: match must be a list", line)
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) - {"all", "none"} or "all" not in item:
            raise RuleFileError(path, f"table {alias}: each match needs 'all' (and may have 'none')", line)
        groups = item["all"]
        if not isinstance(groups, list) or not groups:
            raise RuleFileError(path, f"table {alias}: match.all must be a non-empty list", line)
        all_of = tuple(tuple(g) if isinstance(g, list) else (str(g),) for g in groups)
        none = tuple(str(w) for w in item.get("none", []))
        out.append(TitlePattern(all_of, none))
    return tuple(out)
