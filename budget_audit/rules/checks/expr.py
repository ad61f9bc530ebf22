"""expr — any other relation, written as arithmetic over references.

``+ - * /``, parentheses, numbers and one comparison (``== != <= >= < >``). Parsed by
a small recursive-descent parser of our own — never ``eval`` — and evaluated in
Decimal with each printed figure's rounding radius carried along, so ``==`` and the
inequalities allow exactly what rounding explains.

Example: ``政府采购表[合计] >= 政府采购表[面向中小企业]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from budget_audit.errors import RuleFileError
from budget_audit.findings import Problem, Verdict, fmt
from budget_audit.rules.checks.common import severity
from budget_audit.rules.options import Option, OptionContext
from budget_audit.rules.refs import REF_IN_TEXT, Ref, Skip, describe, resolve
from budget_audit.rules.ruleset import Rule

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<op>==|!=|<=|>=|[-+*/()<>]))")
COMPARISONS = ("==", "!=", "<=", ">=", "<", ">")


@dataclass
class Term:
    amount: Decimal
    slack: Decimal
    lines: tuple[int, ...]
    label: str
    unit: Decimal = Decimal(0)  # the largest printed unit among the figures in it


class _Parser:
    def __init__(self, text: str, ctx: OptionContext) -> None:
        self.ctx = ctx
        self.tokens: list[tuple[str, object]] = []
        pos = 0
        while pos < len(text):
            if text[pos].isspace():
                pos += 1
                continue
            ref = REF_IN_TEXT.match(text, pos)
            if ref and "[" in ref.group(0):
                self.tokens.append(("ref", ctx.ref(ref.group(0))))
                pos = ref.end()
                continue
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                ctx.fail(f"cannot read expression at {text[pos:]!r}")
            if m.group("num"):
                self.tokens.append(("num", Decimal(m.group("num"))))
            elif m.group("op"):
                self.tokens.append(("op", m.group("op")))
            pos = m.end()
        self.at = 0

    def error(self, what: str) -> RuleFileError:
        return RuleFileError(self.ctx.rule.source, f"rule {self.ctx.rule.id}: expr: {what}", self.ctx.line)

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.at += 1
        return tok

    def comparison(self):
        left = self.additive()
        kind, op = self.take()
        if kind != "op" or op not in COMPARISONS:
            raise self.error("expression needs one comparison (==, <=, >= …)")
        right = self.additive()
        if self.peek()[0] is not None:
            raise self.error("unexpected text after the comparison")
        return ("cmp", op, left, right)

    def additive(self):
        node = self.multiplicative()
        while self.peek() in (("op", "+"), ("op", "-")):
            node = ("bin", self.take()[1], node, self.multiplicative())
        return node

    def multiplicative(self):
        node = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            node = ("bin", self.take()[1], node, self.unary())
        return node

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        kind, value = self.take()
        if kind == "num":
            return ("num", value)
        if kind == "ref":
            return ("ref", value)
        if (kind, value) == ("op", "("):
            node = self.additive()
            if self.take() != ("op", ")"):
                raise self.error("missing closing parenthesis")
            return node
        raise self.error(f"unexpected {value!r} in expression")


def parse_expr(value, ctx: OptionContext):
    """The expression's tree: ("cmp", op, left, right) over ("bin" …), ("neg" …), ("num" …), ("ref" …)."""
    if not isinstance(value, str):
        ctx.fail(f"expected an expression, not {value!r}")
    return _Parser(value, ctx).comparison()


OPTIONS = (
    Option("expr", "structured", "arithmetic over references with one comparison: "
           "``政府采购表[合计] >= 政府采购表[面向中小企业]``", required=True, parse=parse_expr),
)


def _evaluate(node, doc) -> Term:
    kind = node[0]
    if kind == "num":
        return Term(node[1], Decimal(0), (), fmt(node[1]))
    if kind == "ref":
        ref: Ref = node[1]
        res = resolve(doc, ref)
        v = res.value
        if v is None:
            return Term(Decimal(0), Decimal(0), (res.row.line,) if res.row else (), f"{describe(res)} blank")
        return Term(v.amount, v.half_unit, (v.line,), f"{describe(res)} {v.printed}", v.unit)
    if kind == "neg":
        t = _evaluate(node[1], doc)
        return Term(-t.amount, t.slack, t.lines, f"-{t.label}", t.unit)
    _, op, a, b = node
    x, y = _evaluate(a, doc), _evaluate(b, doc)
    lines = x.lines + y.lines
    label = f"{x.label} {op} {y.label}"
    unit = max(x.unit, y.unit)
    if op == "+":
        return Term(x.amount + y.amount, x.slack + y.slack, lines, label, unit)
    if op == "-":
        return Term(x.amount - y.amount, x.slack + y.slack, lines, label, unit)
    if op == "*":
        return Term(
            x.amount * y.amount, abs(x.amount) * y.slack + abs(y.amount) * x.slack + x.slack * y.slack, lines, label, unit
        )
    if abs(y.amount) <= y.slack:
        raise Skip(f"division by a figure that may be zero: {y.label}")
    try:
        q = x.amount / y.amount
    except (DivisionByZero, InvalidOperation):
        raise Skip(f"division by zero: {y.label}") from None
    return Term(q, (x.slack + abs(q) * y.slack) / (abs(y.amount) - y.slack), lines, label, unit)


def check(doc, rule: Rule) -> Iterator[Problem]:
    _, op, a, b = rule.parsed["expr"]
    left, right = _evaluate(a, doc), _evaluate(b, doc)
    diff = left.amount - right.amount
    slack = left.slack + right.slack
    if rule.tolerance is not None:
        slack = max(slack, rule.tolerance)
    holds = {
        "==": abs(diff) < slack or diff == 0,
        "!=": abs(diff) >= slack and diff != 0,
        "<=": diff < slack or diff == 0,
        ">=": -diff < slack or diff == 0,
        "<": diff < slack,
        ">": -diff < slack,
    }[op]
    if holds:
        return
    unit = max(left.unit, right.unit)  # one unit of the last printed digit beyond rounding: a warning
    verdict = Verdict(False, op == "==" and abs(diff) <= slack + unit, diff, slack)
    lines = tuple(sorted(set(left.lines + right.lines)))
    yield Problem(
        severity=severity(verdict),
        message=f"{left.label} {op} {right.label} does not hold ({verdict.describe()})",
        line=lines[0] if lines else None,
        lines=lines,
        expected=fmt(right.amount),
        actual=fmt(left.amount),
        difference=fmt(diff),
        message_zh=f"{left.label} {op} {right.label} 不成立，{verdict.describe_zh()}",
    )
