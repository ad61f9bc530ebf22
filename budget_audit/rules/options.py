"""Check options, declared once: name, type, default and doc; one validator for all of them.

A check kind lists its options as ``OPTIONS = (Option(...), ...)``. Loading a rule file
turns every option into its typed value (``rule.parsed[name]``) with :func:`read_options`,
so a mistake — an unknown table alias, a pattern that does not compile, a choice out of
its list, a string where a list is wanted — is one ``file:line: rule ID: option: message``
before any document is read. The rule reference prints the same declarations, so the
documentation of an option cannot drift from what the loader accepts.

Options with a shape of their own (a list of ``{match, refs}`` entries …) declare
``type="structured"`` and a ``parse(value, context)`` function; it reports mistakes through
``context.fail`` and reads references, aliases and patterns through the context, so they
are validated the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn

from budget_audit.errors import RuleFileError
from budget_audit.parse.normalize import compact
from budget_audit.rules.refs import Ref, parse_ref
from budget_audit.rules.ruleset import Rule

# type name → what the reference says about it
TYPES = {
    "alias": "a table alias of the catalogue (收支总表)",
    "aliases": "table aliases: a list, or one alias",
    "ref": "a figure reference 表[行].列 (收支总表[收入总计].预算数)",
    "names": "a name and its alternatives: \"a|b\" or [a, b] (matched on normalised text)",
    "names-list": "a list of names, each \"a|b\" or [a, b]",
    "regex": "a regular expression",
    "regexes": "a list of regular expressions",
    "words": "a list of words",
    "text": "a word or phrase",
    "choice": "one of a fixed list of values",
    "bool": "true or false",
    "structured": "a structure described with the option",
}


@dataclass(frozen=True)
class Option:
    """One option of a check kind. ``default`` is used when the rule does not give it (it is
    not converted: give it in its parsed form); a required option has no default."""

    name: str
    type: str
    doc: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    parse: Callable[[Any, OptionContext], Any] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"option {self.name}: unknown type {self.type!r}")
        if (self.type == "structured") != (self.parse is not None):
            raise ValueError(f"option {self.name}: a structured option, and only one, has a parse function")
        if (self.type == "choice") != bool(self.choices):
            raise ValueError(f"option {self.name}: a choice, and only one, has choices")

    def describe(self) -> str:
        """The option as the rule reference lists it."""
        kind = f"one of {', '.join(f'`{c}`' for c in self.choices)}" if self.choices else TYPES[self.type]
        need = "required" if self.required else (f"default `{_shown(self.default)}`" if self.default not in (None, (), [], {}) else "optional")
        return f"`{self.name}` ({need}): {self.doc}" if self.type == "structured" else f"`{self.name}` ({kind}; {need}): {self.doc}"


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple | list | frozenset | set):
        return ", ".join(map(str, value))
    return str(value)


@dataclass
class OptionContext:
    """What an option's converter may use: the rule (for its file and line), the known table
    aliases, and ``fail`` to report a mistake at the option's line."""

    rule: Rule
    option: str
    aliases: set[str]

    @property
    def line(self) -> int:
        return self.rule.options.get("_lines", {}).get(self.option, self.rule.line)

    def fail(self, message: str) -> NoReturn:
        raise RuleFileError(self.rule.source, f"rule {self.rule.id}: {self.option}: {message}", self.line)

    def alias(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected a table alias, not {value!r}")
        alias = compact(value)
        if alias not in self.aliases:
            self.fail(f"unknown table alias {alias!r} (define it under tables:)")
        return alias

    def ref(self, value: Any) -> Ref:
        if not isinstance(value, str):
            self.fail(f"expected a reference 表[行].列, not {value!r}")
        try:
            ref = parse_ref(value)
        except ValueError as exc:
            self.fail(str(exc))
        self.alias(ref.table)
        return ref

    def regex(self, value: Any) -> re.Pattern:
        if not isinstance(value, str):
            self.fail(f"expected a regular expression, not {value!r}")
        try:
            return re.compile(value)
        except re.error as exc:
            self.fail(f"{value!r} is no regular expression ({exc})")

    def items(self, value: Any) -> list:
        """A list option; one item given alone counts as a list of one."""
        if isinstance(value, list):
            return value
        if isinstance(value, str | int | float | Decimal):
            return [value]
        self.fail(f"expected a list, not {type(value).__name__}")

    def mapping(self, value: Any) -> dict:
        if not isinstance(value, dict):
            self.fail(f"expected a mapping (key: value), not {type(value).__name__}")
        return value


def _names(value: Any, ctx: OptionContext) -> tuple[str, ...]:
    if isinstance(value, list):
        items = value
    elif isinstance(value, str | int):
        items = str(value).split("|")
    else:
        ctx.fail(f"expected a name or a list of names, not {type(value).__name__}")
    found = tuple(compact(str(x)) for x in items if str(x).strip())
    if not found:
        ctx.fail("expected at least one name")
    return found


def _text(value: Any, ctx: OptionContext) -> str:
    if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
        ctx.fail(f"expected a word, not {value!r}")
    return str(value).strip()


def _bool(value: Any, ctx: OptionContext) -> bool:
    if not isinstance(value, bool):
        ctx.fail(f"expected true or false, not {value!r}")
    return value


def _choice(option: Option, value: Any, ctx: OptionContext) -> str:
    if str(value) not in option.choices:
        ctx.fail(f"must be one of {', '.join(option.choices)}, not {value!r}")
    return str(value)


_CONVERT: dict[str, Callable[[Any, OptionContext], Any]] = {
    "alias": lambda v, c: c.alias(v),
    "aliases": lambda v, c: [c.alias(a) for a in c.items(v)],
    "ref": lambda v, c: c.ref(v),
    "names": _names,
    "names-list": lambda v, c: [_names(x, c) for x in c.items(v)],
    "regex": lambda v, c: c.regex(v),
    "regexes": lambda v, c: [c.regex(x) for x in c.items(v)],
    "words": lambda v, c: frozenset(str(x) for x in c.items(v)),
    "text": _text,
    "bool": _bool,
}


def convert(option: Option, value: Any, ctx: OptionContext) -> Any:
    """One option's typed value, or a RuleFileError at its line."""
    if option.type == "choice":
        return _choice(option, value, ctx)
    if option.type == "structured":
        return option.parse(value, ctx)
    return _CONVERT[option.type](value, ctx)


def read_options(rule: Rule, declared: tuple[Option, ...], aliases: set[str]) -> None:
    """Every declared option of ``rule`` converted into ``rule.parsed``; a required one missing,
    or any value of the wrong type, is a RuleFileError naming the rule file's line."""
    for option in declared:
        ctx = OptionContext(rule, option.name, aliases)
        if option.name in rule.options:
            rule.parsed[option.name] = convert(option, rule.options[option.name], ctx)
        elif option.required:
            raise RuleFileError(rule.source, f"rule {rule.id}: check {rule.check} needs {option.name!r}", rule.line)
        else:
            rule.parsed[option.name] = option.default


def fail(rule: Rule, option: str, message: str) -> NoReturn:
    """A mistake across options (one needed because of another's value), at the option's line:
    for a check kind's own ``validate(rule)``, which runs after every option was read."""
    OptionContext(rule, option, set()).fail(message)
