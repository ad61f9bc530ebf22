"""hygiene — typing slips in the prose: doubled punctuation, doubled words, unbalanced brackets, ASCII commas.

None of these changes a figure, but each is a slip a reviewer of the disclosure should have
caught, and auditors list them. Every line outside the tables is read (cover and 目录 too),
consecutive lines joined into one text, so a slip across a line break is found; the finding
points at the line of the slip. A blank line, a table row or a table ends a stretch of text;
the blank lines where a page's number was do not.

Reading a PDF leaves some tables as text: a narrow cell wraps into short lines interleaved
with its neighbours' ("某某文化艺术" / "艺术节"). So what can only be seen across lines
(a word doubled over a line break, a bracket closed on a later line) is judged only in
running text: lines of at least 20 characters (the last of a stretch may be shorter), none
next to a table row.

``look_for`` chooses one slip per rule:

- ``doubled-punctuation``: two clause marks in a row (。。 ，， 、、 ，。 。； ,。). Runs of three
  or more are leaders or ellipses, not slips. Both marks on one line: typesetting never starts
  a line with 、，。, so a mark opening a line is a reading accident (a list's numeral lost:
  "…组织实施。" / "、负责…" printed "2、负责…").
- ``doubled-words``: a word written twice (预算预算, 主要用于主要用于). Chinese doubles
  single characters (人人, 常常) and some two-character words on purpose (研究研究, 一步一步),
  so a two-character word is flagged only when it is one of ``words`` (budget vocabulary); a
  word of three or more characters always, unless it ends like the name of an institution
  (…医院, …局): a project named after its unit ("某市儿童医院 市儿童医院新院区项目") repeats
  the name legitimately. A line that is nothing but the doubled word (a chart's axis labels,
  a menu) is not prose.
- ``brackets``: a closing ） 》 ” 】 without its opening, or an opening never closed. Pairs are
  followed across sentences (a bracket may hold several: "（其中：…。…。）"); a list enumerator
  "1）" or "a)" needs no opening. After a slip the count starts afresh.
- ``ascii-comma``: an ASCII comma "," beside Chinese text (thousands separators are gone
  before this check sees the text). Told once per document, at the first, with how many
  there are: a document that uses them is told of a habit, not on every line.

Example (fails, doubled-words): 收支总预算预算 1000.00 万元。
Example (fails, brackets): 一般公共服务支出（类）80.00 万元（其中：基本支出 60.00 万元。
Example (passes, doubled-words): 人人参与，常常检查，一步一步推进。
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budget_audit.findings import Problem
from budget_audit.model import Document
from budget_audit.parse.runs import Run, excerpt, prose_runs
from budget_audit.rules.checks.common import problem_at
from budget_audit.rules.options import Option
from budget_audit.rules.ruleset import Rule

KINDS = ("doubled-punctuation", "doubled-words", "brackets", "ascii-comma")
OPTIONS = (
    Option("look_for", "choice", "the slip looked for", required=True, choices=KINDS),
    Option("words", "words", "for doubled-words: the two-character words whose doubling is a slip", default=frozenset()),
)

_MARKS = "。，、；;：:,"
_DOUBLED_MARK = re.compile(rf"(?<![{_MARKS}])[{_MARKS}]{{2}}(?![{_MARKS}])")
_DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,12})\1")
_INSTITUTION = re.compile(r"(?:医院|局|委|会|院|中心|学校|大学|学院|所|站|馆|办|处|室|队|厅|部|团|社|园|场)$")
_SENTENCE_END = re.compile(r"[。！？!?]")
_PAIRS = {")": "(", "》": "《", "”": "“", "】": "【", "〕": "〔", "]": "["}
_OPENING = set(_PAIRS.values())
# "1）" "a)" "二)" "⑵)": an enumerator, at the start or after a clause mark, closes nothing
_ENUMERATOR = re.compile(r"(?:^|[\s。，、；;：:,])(?:\d{1,2}|[a-zA-Z]|[一二三四五六七八九十]{1,3})$")
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》]"
_ASCII_COMMA = re.compile(rf"(?<={_CJK}) ?,|, ?(?={_CJK})")


def check(doc: Document, rule: Rule) -> Iterator[Problem]:
    find = {
        "doubled-punctuation": _doubled_punctuation,
        "doubled-words": _doubled_words,
        "brackets": _brackets,
        "ascii-comma": _ascii_comma,
    }[rule.parsed["look_for"]]
    found = [(run, slip) for run in prose_runs(doc) for slip in find(run, rule)]
    if rule.parsed["look_for"] == "ascii-comma":
        found = _once(found)
    label = _LABEL_ZH[rule.parsed["look_for"]]
    for run, (at, message, actual) in found:
        quote = excerpt(run.text, at)
        yield problem_at(run.lines[at], f"{message}: 「{quote}」", actual=actual, message_zh=f"{label}：「{quote}」")


_LABEL_ZH = {
    "doubled-punctuation": "标点重复",
    "doubled-words": "词语重复",
    "brackets": "括号或引号不成对",
    "ascii-comma": "中文句中用了英文逗号",
}


def _once(found: list[tuple[Run, tuple[int, str, str]]]) -> list[tuple[Run, tuple[int, str, str]]]:
    """A habit is told once: the first place, with how many there are."""
    if len(found) < 2:
        return found
    run, (at, message, actual) = found[0]
    return [(run, (at, f"{message}, {len(found)} places in the text, the first here", actual))]


def _doubled_punctuation(run: Run, rule: Rule) -> Iterator[tuple[int, str, str]]:
    for m in _DOUBLED_MARK.finditer(run.text):
        if run.lines[m.start()] == run.lines[m.end() - 1]:
            yield m.start(), "doubled punctuation", m.group(0)


def _doubled_words(run: Run, rule: Rule) -> Iterator[tuple[int, str, str]]:
    for m in _DOUBLED_WORD.finditer(run.text):
        word = m.group(1)
        if len(word) == 2 and word not in rule.parsed["words"]:
            continue
        if len(word) > 2 and _INSTITUTION.search(word):
            continue
        if not doubled_in_prose(run, m):
            continue
        yield m.start(), f"the word 「{word}」 is written twice", m.group(0)


def doubled_in_prose(run: Run, m: re.Match) -> bool:
    """Whether a double is a slip of prose, not an accident of reading.

    A line that is nothing but the double is labels (a chart's axis, a menu). Across a line
    break, a "double" between short lines or next to table rows is as often two cells of a
    table read side by side ("某某文化艺术" / "艺术节", a menu "市政府" / "市政府领导");
    between two full lines of prose it is a slip like any other.
    """
    first, last = run.lines[m.start()], run.lines[m.end() - 1]
    if run.line(m.start()).text.strip() == m.group(0):
        return False
    return first == last or run.running(m.start(), m.end())


def _brackets(run: Run, rule: Rule) -> Iterator[tuple[int, str, str]]:
    """Brackets that do not pair up in running text. A bracket may hold several sentences
    ("（其中：…。…。）"), so pairs are followed across the whole stretch of prose; after a slip
    the count starts afresh, so one slip is reported once and does not spoil the rest."""
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(run.text):
        if ch in _OPENING:
            stack.append((ch, i))
        elif ch in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            elif not stack and ch == ")" and _ENUMERATOR.search(run.text[max(0, i - 4) : i]):
                continue
            else:
                since = stack[-1][1] if stack else _sentence_start(run.text, i)
                if run.running(since, i + 1):
                    yield i, f"「{ch}」 does not close 「{stack[-1][0]}」" if stack else f"「{ch}」 closes nothing opened before it", ch
                stack.clear()
    for ch, i in stack[:1]:
        if run.running(i, _sentence_end(run.text, i)):
            yield i, f"「{ch}」 is never closed", ch


def _sentence_start(text: str, at: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, at)]
    return ends[-1] if ends else 0


def _sentence_end(text: str, at: int) -> int:
    m = _SENTENCE_END.search(text, at)
    return m.end() if m else len(text)


def _ascii_comma(run: Run, rule: Rule) -> Iterator[tuple[int, str, str]]:
    for m in _ASCII_COMMA.finditer(run.text):
        yield m.start() + m.group(0).index(","), "ASCII comma in Chinese text (，)", ","
