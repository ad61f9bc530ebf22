"""Loading and validating YAML rule files. Safe loading only; a rule never runs code.

Every problem is reported with the file and line of the offending node, so a rule
file never fails silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from budget_audit.errors import RuleFileError
from budget_audit.findings import SEVERITIES
from budget_audit.model import TableKind
from budget_audit.parse.catalogue import DOCUMENT_KINDS, read_tables, shipped
from budget_audit.parse.catalogue import construct as _construct
from budget_audit.parse.catalogue import mapping as _mapping
from budget_audit.safe_yaml import safe_loader

if TYPE_CHECKING:  # PyYAML is imported when a rule file is read: a run whose rules are cached never loads it
    import yaml

RULE_KEYS = {"id", "title", "check", "severity", "tolerance", "when", "kinds", "description", "example"}
TOP_KEYS = {"ruleset", "unit", "tables", "rules", "kinds", "description", "extends", "disable"}
EXTENDS = ("default",)  # `extends: default`: keep the shipped rules, add to and adjust them


@dataclass
class Rule:
    id: str
    title: str
    check: str
    options: dict
    severity: str = "error"
    tolerance: Decimal | None = None
    when: list[str] = field(default_factory=list)  # table aliases that must be present
    kinds: tuple[str, ...] = ()  # document kinds (预算, 决算) the rule is for; () = every kind
    description: str = ""
    example: str = ""
    source: str = ""
    line: int = 0
    parsed: dict = field(default_factory=dict)  # references parsed once, at validation
    entries: dict = field(default_factory=dict, repr=False)  # the YAML keys as written: {key: (value, line)}


@dataclass
class RuleSet:
    tables: list[TableKind] = field(default_factory=list)  # added by the rule files to the parser's catalogue
    rules: list[Rule] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def aliases(self) -> set[str]:
        """The tables a rule may name: the parser's catalogue and the rule files' additions."""
        return {k.alias for k in (*shipped().tables, *self.tables)}


MAX_BYTES = 4 << 20  # a rule file is a few dozen KiB; one larger than this is not read
MAX_NODES = 200_000  # YAML nodes once aliases are expanded: the default rules have a few thousand
MAX_FLOW_DEPTH = 64  # [ and { inside one another: PyYAML's scanner takes time quadratic in it
_QUOTED = re.compile(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"|\s#.*$")


def _compose(path: str) -> yaml.Node | None:
    import yaml

    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise RuleFileError(path, f"rule file larger than {MAX_BYTES >> 20} MiB: not read")
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise RuleFileError(path, "rule file not found") from None
    except IsADirectoryError:
        raise RuleFileError(path, "is a directory, expected a YAML rule file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(path, f"cannot read rule file ({exc})") from None
    _check_flow_depth(text, path)
    try:
        root = yaml.compose(text, Loader=safe_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "nesting depth" in problem:  # libyaml's words for what the pure-Python parser hits as RecursionError
            problem = "nested too deeply"
        raise RuleFileError(path, f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except RecursionError:
        raise RuleFileError(path, "invalid YAML: nested too deeply") from None
    if root is not None:
        _check_expansion(root, path)
    return root


def _check_flow_depth(text: str, path: str) -> None:
    """Refuse brackets nested beyond MAX_FLOW_DEPTH before PyYAML sees them (quoted strings and
    comments aside; a bracket in a plain scalar, as in 支出总表[合计], is closed on its line)."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for ch in _QUOTED.sub("", line):
            if ch in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    raise RuleFileError(path, f"invalid YAML: [ and {{ nested more than {MAX_FLOW_DEPTH} deep", number)
            elif ch in "]}":
                depth = max(0, depth - 1)


def _check_expansion(root: yaml.Node, path: str) -> None:
    """Refuse a file whose aliases expand beyond MAX_NODES (a "billion laughs": each level
    lists the one before ten times) or refer to themselves: loading it would take forever.
    Sizes are counted once per node, without recursion, so the check itself stays cheap."""
    import yaml  # noqa: F401 - loaded by _compose already; named here for the node types

    size: dict[int, int] = {}
    busy: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            busy.discard(key)
            total = 1 + sum(size[id(c)] for c in _children(node))
            if total > MAX_NODES:
                raise RuleFileError(path, f"YAML aliases expand to more than {MAX_NODES} nodes (refused)",
                                    node.start_mark.line + 1)
            size[key] = total
        elif key not in size:
            if key in busy:
                raise RuleFileError(path, "a YAML alias refers to the node that holds it (refused)",
                                    node.start_mark.line + 1)
            busy.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def load_rule_file(path: str, ruleset: RuleSet, check_keys: dict[str, set[str]]) -> None:
    """Add the tables and rules of one file to ``ruleset``, validating as we go."""
    import yaml

    root = _compose(path)
    if root is None:
        raise RuleFileError(path, "rule file is empty")
    ruleset.sources.append(path)
    entries = _mapping(root, path, "a rule file")
    file_kinds: tuple[str, ...] = ()
    for key, value, line in entries:
        if key not in TOP_KEYS:
            raise RuleFileError(path, f"unknown key {key!r} (expected one of {', '.join(sorted(TOP_KEYS))})", line)
        if key == "kinds":
            file_kinds = _kinds(_construct(value), path, line)
    extends = any(key == "extends" for key, _, _ in entries)
    for key, value, line in entries:
        if key == "extends" and _construct(value) not in EXTENDS:
            raise RuleFileError(path, f"extends must be one of {', '.join(EXTENDS)} (the shipped rules)", line)
        if key == "tables":
            _load_tables(value, path, ruleset)
        elif key == "rules":
            if not isinstance(value, yaml.SequenceNode):
                raise RuleFileError(path, "rules must be a list", line)
            for item in value.value:
                _add_rule(ruleset, item, path, check_keys, file_kinds, extends)
    for key, value, line in entries:
        if key == "disable":
            _disable(ruleset, _construct(value), path, line)


def extends_defaults(path: str) -> bool:
    """Whether a user's rule file keeps the shipped rules (``extends: default``) rather than
    replacing them."""
    root = _compose(path)
    return root is not None and any(key == "extends" for key, _, _ in _mapping(root, path, "a rule file"))


def _add_rule(
    ruleset: RuleSet, node: yaml.Node, path: str, check_keys: dict[str, set[str]], kinds: tuple[str, ...], extends: bool
) -> None:
    """A new rule, or — in a file that extends the shipped rules — an adjustment of one of them:
    the keys given (severity, tolerance, options …) replace the shipped rule's, the rest stay."""
    line = node.start_mark.line + 1
    entries = {k: (_construct(v), ln) for k, v, ln in _mapping(node, path, "a rule")}
    known = next((i for i, r in enumerate(ruleset.rules) if "id" in entries and r.id == str(entries["id"][0])), None)
    if extends and known is not None:
        shipped = ruleset.rules[known]
        merged = dict(shipped.entries) if "check" not in entries else {}
        merged.update(entries)
        ruleset.rules[known] = _build_rule(merged, path, line, check_keys, shipped.kinds if "kinds" not in entries else kinds)
        return
    ruleset.rules.append(_build_rule(entries, path, line, check_keys, kinds))


def _disable(ruleset: RuleSet, value: object, path: str, line: int) -> None:
    """``disable: [N.named-classes, SG.]``: these rule ids (or id prefixes) are not run. A name that
    matches no rule is an error: a typo must not leave a rule on."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise RuleFileError(path, "disable must be a list of rule ids or prefixes", line)
    for item in items:
        matched = [r for r in ruleset.rules if r.id == item or r.id.startswith(item)]
        if not matched:
            raise RuleFileError(path, f"disable: {item!r} matches no rule", line)
        ruleset.rules = [r for r in ruleset.rules if r not in matched]


def _kinds(value: object, path: str, line: int, within: tuple[str, ...] = ()) -> tuple[str, ...]:
    """``kinds: [决算]``: the document kinds a file's rules (or one rule) are for. Said once, at
    the top of a file, so a budget rule cannot run on a 决算 because a guard was forgotten;
    a rule may narrow its file's kinds, never widen them."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or any(k not in DOCUMENT_KINDS for k in items):
        raise RuleFileError(path, f"kinds must be a list of {' and '.join(DOCUMENT_KINDS)}", line)
    if within and set(items) - set(within):
        raise RuleFileError(path, f"kinds {items} widens the file's kinds {list(within)}", line)
    return tuple(items)


def _load_tables(node: yaml.Node, path: str, ruleset: RuleSet) -> None:
    """A rule file's ``tables:``: table kinds added to the parser's catalogue for this run (one
    with a catalogue alias replaces it), read as the catalogue's own files are."""
    for kind, _ in read_tables(node, path):
        ruleset.tables = [k for k in ruleset.tables if k.alias != kind.alias] + [kind]


def _build_rule(entries: dict, path: str, line: int, check_keys: dict[str, set[str]], file_kinds: tuple[str, ...] = ()) -> Rule:
    for required in ("id", "check"):
        if required not in entries:
            raise RuleFileError(path, f"rule without {required!r}", line)
    check = str(entries["check"][0])
    if check not in check_keys:
        raise RuleFileError(
            path, f"unknown check kind {check!r} (known: {', '.join(sorted(check_keys))})", entries["check"][1]
        )
    allowed = RULE_KEYS | check_keys[check]
    for key, (_, ln) in entries.items():
        if key not in allowed:
            raise RuleFileError(path, f"rule {entries['id'][0]}: unknown key {key!r} for check {check}", ln)
    severity = str(entries.get("severity", ("error", line))[0])
    if severity not in SEVERITIES:
        raise RuleFileError(path, f"severity must be error or warning, not {severity!r}", entries["severity"][1])
    tolerance = None
    if "tolerance" in entries:
        try:
            tolerance = Decimal(str(entries["tolerance"][0]))
        except InvalidOperation:
            raise RuleFileError(path, "tolerance must be a number", entries["tolerance"][1]) from None
    when = entries.get("when", ([], line))[0]
    if isinstance(when, str):
        when = [when]
    kinds = _kinds(entries["kinds"][0], path, entries["kinds"][1], within=file_kinds) if "kinds" in entries else file_kinds
    options = {k: v for k, (v, _) in entries.items() if k in check_keys[check]}
    option_lines = {k: ln for k, (_, ln) in entries.items()}
    rule = Rule(
        id=str(entries["id"][0]),
        title=str(entries.get("title", (entries["id"][0], 0))[0]),
        check=check,
        options=options,
        severity=severity,
        tolerance=tolerance,
        when=[str(w) for w in when],
        kinds=kinds,
        description=str(entries.get("description", ("", 0))[0]).strip(),
        example=str(entries.get("example", ("", 0))[0]).strip(),
        source=path,
        line=line,
    )
    rule.options["_lines"] = option_lines
    rule.entries = entries
    return rule
