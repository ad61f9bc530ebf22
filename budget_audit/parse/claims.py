"""text_to_claims: the quantitative statements of the narrative (情况说明).

The prose is rebuilt into paragraphs (sentences broken over lines are joined, every
character keeps its line), cut into sentences at 。, and each sentence is read for
amounts (X 万元), shares (占 P%) and changes (增加 D 万元，增长 P%). A share or change
belongs to the amount just before it in the same sentence; lists (其中：…, 主要包括…,
资金分配情况：…) become groups with their lead amount, so that later checks can add
them up and compute shares against the right base. What cannot be attributed with
certainty is marked ambiguous, and checks leave it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from budget_audit.charlines import CharLines
from budget_audit.model import Change, Claim, Value
from budget_audit.parse.normalize import compact, shared
from budget_audit.parse.numbers import amount_of
from budget_audit.parse.paragraphs import Paragraph
from budget_audit.vocabulary import AMOUNT, ITEM, LIST_MARK, NUM, YEAR_NAMED

PERCENT_SHARE = re.compile(rf"占(?:比|全部|总额的)?\s*{NUM}\s*%")
SHARE_OF = re.compile(rf"占([\u4e00-\u9fff()（）]{{2,20}}?)的\s*{NUM}\s*%")  # 占项目支出总额的2.50%
_DIR = "增加|减少|增长|下降|上升|降低|提高"
# "比上年预算减少 D 万元", "比2024年预算执行数增加 D 万元", "较上年（下同）增加 D 万元", or a bare
# "减少 D 万元": an amount right after a direction word is a change, never an amount of its own
_BARE_CHANGE = re.compile(
    r"(?:(?:比|较|与)(?:上年|上一年|\d{4}年)度?(?:[(（][^)）]{0,16}[)）])?"
    r"(?:年初)?(?:预算执行数|预算数|执行数|决算数|预算|决算)?(?:[(（][^)）]{0,16}[)）])?)?\s*(增加|减少|增长|下降|节约|节省)\s*$"
)
CHANGE = re.compile(rf"({_DIR})\s*{NUM}\s*(万元|元)\s*[,，、]?\s*(?:同比)?({_DIR})\s*{NUM}\s*%")
FLAT = re.compile(r"(?:与上年(?:预算|预算数|执行数)?(?:持平|相同)|与\d{4}年(?:预算数?)?相同|无变化)")
REASON = re.compile(r"(?:主要)?原因(?:是|为|如下)?\s*[:：]?")
_FILLER = re.compile(
    r"\d{4}\s*年度?|预算数为|预算数|预算为|数为|为$|共计|[:：,，、;；\s]|^其中|^关于|^主要包括|^主要用于以下方面|^包括|^资金分配情况"
    r"|比上年(?:预算|预算数|执行数)?$|较上年(?:预算)?$|^的"
)
_ENUM = re.compile(r"^(?:\d+[.、]|[(（]\d+[)）]|[①-⑳]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_PROJECT = re.compile(r"项目名称\s*[:：]\s*(.+?)\s*$")


@dataclass(slots=True)
class _Sentence:
    text: str
    lines: CharLines[int]
    para: int
    section: str
    claims: list[Claim] = field(default_factory=list)


def _sentences(paras: list[Paragraph]) -> Iterator[_Sentence]:
    """The paragraphs' sentences, one at a time (a long document's, all at once, were its peak)."""
    for n, p in enumerate(paras):
        if p.heading:
            continue
        start = 0
        closed = p.text + "。"  # once a paragraph, not once a sentence
        for m in re.finditer(r"。", closed):
            end = m.end()
            text = closed[start:end].strip()
            if len(text) > 1:
                lines = p.lines.window(start, min(end, len(p.lines))) or p.lines.window(len(p.lines) - 1, len(p.lines))
                yield _Sentence(text, lines, n, p.section)
            start = end


def _value(number: str, line: int) -> Value:
    amount = amount_of(number)
    return Value(Decimal(number) if amount is None else amount, number, line)


@lru_cache(maxsize=4096)
def clean_subject(text: str, department: str | None) -> str:
    text = compact(text)
    if department:
        text = text.replace(compact(department), "")
    text = _ENUM.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _FILLER.sub("", text)
        text = re.sub(r"^(?:本部门|本单位|我部门|我单位|部门|单位)(?!资金)(?=.{2})", "", text)
    text = re.sub(r"^[)）]+", "", text)
    return re.sub(r"[(（]+$", "", text)


def _subject_before(sentence: str, start: int, stops: list[int], department: str | None) -> str:
    """The words naming an amount: back to the previous figure or clause break, past filler."""
    floor = max([s for s in stops if s <= start] + [0])
    pieces = _CLAUSE.split(sentence[floor:start])
    subject = ""
    while pieces and not subject:
        subject = clean_subject(pieces.pop(), department)
    return subject


def _after_change(text: str, m: re.Match, changes: list[re.Match]) -> str:
    """The words after a change up to the next change, list or clause break (；): where its reason is."""
    end = min([c.start() for c in changes if c.start() > m.start()] + [len(text)])
    rest = re.split(r"[；;]|其中", text[m.end() : end])[0]
    return rest


def _reason(text: str) -> str | None:
    m = REASON.search(text)
    return text[m.end() :].strip("。 ") if m else None


_DIGIT = re.compile(r"\d")
# "比2025年年初预算数 A 万元减少 D": A is the prior figure the change is measured from, not an amount of its own
_BASE_BEFORE = re.compile(
    r"(?:(?:比|较|与|同)(?:上年|上一年|\d{4}年)度?(?:[(（][^)）]{0,16}[)）])?(?:年初)?"
    r"(?:预算执行数|预算数|执行数|决算数|预算|决算)(?:[(（][^)）]{0,16}[)）])?(?:为|的)?"
    r"|[(（]\s*(?:注\s*[:：])?\s*(?:上年|上一年)(?:预算执行数|预算数|执行数|决算数|预算)?(?:为)?)\s*$"  # "（上年290万元）"
)
_CLAUSE = re.compile(r"[,，；;:：]")


def sentence_claims(s: _Sentence, department: str | None) -> list[Claim]:
    text = s.text
    if not _DIGIT.search(text):
        return []
    line_at = lambda i: s.lines[min(i, len(s.lines) - 1)]  # noqa: E731
    all_lines = tuple(s.lines[:])
    changes = list(CHANGE.finditer(text))
    consumed = [(m.start(), m.end()) for m in changes]
    amounts = [m for m in AMOUNT.finditer(text) if not any(a <= m.start() < b for a, b in consumed)]
    shares = sorted(list(PERCENT_SHARE.finditer(text)) + list(SHARE_OF.finditer(text)), key=lambda m: m.start())
    events = sorted(
        [("amount", m) for m in amounts] + [("share", m) for m in shares] + [("change", m) for m in changes],
        key=lambda e: e[1].start(),
    )
    stops = [m.end() for _, m in events]
    list_at = [m.start() for m in LIST_MARK.finditer(text)]
    claims: list[Claim] = []
    last: Claim | None = None
    amounts_since_list = 0
    base: Value | None = None
    base_unit: str | None = None
    for kind, m in events:
        if kind == "amount" and last is not None and _BASE_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            base, base_unit = _value(m.group(1), line_at(m.start())), shared(m.group(2))
            continue
        if kind == "amount":
            bare = _BARE_CHANGE.search(text[max(0, m.start() - 30) : m.start()])
            if bare:
                # "比上年预算减少 1.00 万元" with no rate after it: a change of the words before it
                subject = clean_subject(text[max(0, m.start() - 30) : m.start()][: bare.start()], department)
                subject = _subject_before(text, m.start() - len(bare.group(0)), stops, department) or subject
                delta = _value(m.group(1), line_at(m.start()))
                change = Change(word=shared(bare.group(1)), delta=delta, unit=shared(m.group(2)), rate_word=None, rate=None,
                                text=bare.group(0) + m.group(0), base=base, base_unit=base_unit)
                if base is not None and last is not None and last.change is None:
                    last.change = change  # "X 万元，比上年 A 万元减少 D 万元": the change of X
                else:
                    claims.append(
                        Claim(subject=subject, amount=None, unit=shared(m.group(2)), sentence=text, line=line_at(m.start()),
                              lines=all_lines, section=s.section, offset=m.start(), change=change)
                    )
                    last = None
                base = None
                continue
            subject = _subject_before(text, m.start(), stops, department)
            last = Claim(
                subject=subject,
                amount=_value(m.group(1), line_at(m.start())),
                unit=shared(m.group(2)),
                sentence=text,
                line=line_at(m.start()),
                lines=all_lines,
                section=s.section,
                offset=m.start(),
            )
            if any(p < m.start() for p in list_at):
                amounts_since_list += 1
            claims.append(last)
            base = None
        elif kind == "share":
            if last is not None and last.share is None:
                named = m.re is SHARE_OF
                last.share = _value(m.group(2 if named else 1), line_at(m.start()))
                last.share_of = clean_subject(m.group(1), department) if named else None
        else:
            change = Change(
                word=shared(m.group(1)),
                delta=_value(m.group(2), line_at(m.start())),
                unit=shared(m.group(3)),
                rate_word=shared(m.group(4)),
                rate=_value(m.group(5), line_at(m.start())),
                text=m.group(0),
                reason=_reason(_after_change(text, m, changes)),
                base=base,
                base_unit=base_unit,
            )
            base = None
            after_list = last is not None and any(last.offset < p < m.start() for p in list_at)
            # parts that state their own changes ("基本支出 X，比上年增加 D，增长 P%；项目支出 Y，比上年…")
            # own the change after them; otherwise a change after several parts is the list's, and unclear
            own_changes = any(c.change is not None and c.amount is not None and any(p < c.offset for p in list_at)
                              for c in claims)
            if last is not None and last.change is None and not after_list and (amounts_since_list < 2 or own_changes):
                last.change = change
            else:
                ambiguous = last is not None and amounts_since_list >= 2
                subject = "" if ambiguous else _subject_before(text, m.start(), stops, department)
                claims.append(
                    Claim(subject=subject, amount=None, unit=shared(m.group(3)), change=change, sentence=text,
                          line=line_at(m.start()), lines=all_lines, section=s.section, offset=m.start(),
                          ambiguous=ambiguous)
                )
                last = None
    if FLAT.search(text):
        for c in claims[-1:]:
            if c.change is None:
                c.change = Change(word="持平", delta=None, unit=None, rate_word=None, rate=None, text=FLAT.search(text).group(0))
    dated = re.sub(r"《[^》]*》|截[至止][^，,。]*", "", text)  # a title's or a cut-off date's year is no claim's
    years = tuple(int(y) for y in YEAR_NAMED.findall(dated))
    budget_years = tuple(int(m.group(1)) for m in BUDGET_YEAR.finditer(dated))
    breakdown_at = next((m.start() for m in LIST_MARK.finditer(text) if "其中" in m.group(0)), None)
    for c in claims:
        c.years, c.budget_years, c.breakdown_at = years, budget_years, breakdown_at
    _mark_partial_breakdown(text, claims)
    return claims


# "2024年预算数为", "2024年部门预算", "2024年度收入预算": a year named as a budget's
BUDGET_YEAR = re.compile(r"(\d{4})\s*年度?\s*(?:部门|单位)?(?:收入|支出|收支)?(?:预算数|预算安排|预算为|年初预算|预算)")


def _mark_partial_breakdown(text: str, claims: list[Claim]) -> None:
    """Changes stated after 其中 part by part, but not for every part, are no breakdown of the
    total's change: a part whose change goes unsaid ("因公出国（境）经费 0 万元，预算未做安排")
    changed by an amount nobody printed. Those changes are marked ambiguous. (One change after
    the parts, "其中：A，B，比上年增加 D", is the total's and is left alone.)"""
    marks = [m.start() for m in LIST_MARK.finditer(text)] + [len(text)]
    for start, end in zip(marks, marks[1:], strict=False):
        if "其中" not in text[start : start + 2]:
            continue
        after = [c for c in claims if start < c.offset < end]
        changes = [c for c in after if c.amount is None and c.change is not None]
        parts = [(c, nxt) for c, nxt in zip(after, after[1:] + [None], strict=False) if c.amount is not None]
        stated = sum(1 for c, nxt in parts if c.change is not None or (nxt is not None and nxt.amount is None and nxt.change is not None))
        silent = any(c.change is None and (nxt is None or nxt.amount is not None) for c, nxt in parts)
        if stated >= 2 and silent:  # parts stating their own changes, but not all of them
            for c in changes:
                c.ambiguous = True


def _is_total_of_list(text: str, claim: Claim) -> bool:
    """"…，共计 20.00 万元": the list repeating its own total, not a part of it."""
    return bool(re.search(r"(共计|合计|总计|小计)\s*[:：为]?\s*$", text[max(0, claim.offset - 8) : claim.offset]))


def _exceeds(lead: Claim, parts: list[Claim]) -> bool:
    """Whether the parts add up to more than their lead, beyond what rounding explains."""
    if lead.amount is None or any(p.amount is None or p.unit != lead.unit for p in parts):
        return False
    slack = lead.amount.half_unit + sum((p.amount.half_unit for p in parts), Decimal(0))
    return sum((p.amount.amount for p in parts), Decimal(0)) > lead.amount.amount + slack


def _list_end(text: str, start: int, found: list[Claim]) -> int:
    """Where a list that starts at ``start`` ends: at the first change clause, stated reason or next list."""
    ends = [c.offset for c in found if c.change is not None and c.amount is None and c.offset > start]
    ends += [m.start() for m in LIST_MARK.finditer(text) if m.start() >= start]
    ends += [m.start() for m in CHANGE.finditer(text) if m.start() > start]
    ends += [m.start() for m in REASON.finditer(text) if m.start() > start]
    return min(ends, default=len(text))


_GENERIC_TOTAL = re.compile(r"^(?:本年)?(?:预算)?(?:收入|支出|收支)(?:预算)?(?:总计|合计|总额)?$")
_FUNDS_HEADING = re.compile(r"^[^:：]{0,20}财政拨款[^:：]{0,6}(?:收支|收入|支出)[^:：]{0,16}$")


def _qualified(subject: str, heading: str) -> str:
    """A bare 收入/支出 total under a heading about 财政拨款 收支 is the 财政拨款 total: "（二）财政拨款
    收支情况 … 支出预算总计 X 万元" leaves out the 财政拨款 its heading says."""
    if _GENERIC_TOTAL.match(subject) and _FUNDS_HEADING.search(compact(heading)):
        return "财政拨款" + subject
    return subject


def _unnamed(lead: Claim, parts: list[Claim]) -> bool:
    """Whether the lead or a part of a list is a bare figure that names nothing."""
    return any(not c.subject for c in [lead, *parts])


def _repeats(before: list[Claim], after: list[Claim]) -> bool:
    """Whether the amounts after a list mark say again, subject for subject, the ones just before it."""
    said = [(c.subject, c.amount.amount) for c in before[-len(after) :]] if after else []
    return len(after) >= 2 and said == [(c.subject, c.amount.amount) for c in after]


def _group(lead: Claim | None, parts: list[Claim], kind: str, gid: int) -> None:
    """Mark ``parts`` as list ``gid`` and ``lead`` as its total."""
    if lead is not None:
        lead.lead_of = gid
    for p in parts:
        p.group = gid
        p.group_kind = kind


def text_to_claims(paras: list[Paragraph], department: str | None) -> list[Claim]:
    openers: list[tuple[int, Claim | None, str]] = []  # each paragraph's first sentence: its first amount
    claims: list[Claim] = []
    gid = 0
    project: str | None = None
    open_lead: Claim | None = None  # a lead ending with 其中： whose parts are the next paragraphs
    open_para = -1
    open_parts: list[Claim] = []
    previous_sentence: _Sentence | None = None

    open_added = 0  # parts joined from the paragraphs after the lead's sentence

    def close_open(kind: str = "paragraphs") -> None:
        """End the paragraph list: ``paragraphs`` when its section ended (every part named),
        ``paragraphs-cut`` when where it ends had to be guessed."""
        nonlocal open_lead, open_parts, gid, open_added
        if open_lead is not None and open_parts:
            gid += 1
            _group(open_lead, open_parts, kind if open_added else "list", gid)  # no paragraph joined: its own list
        open_lead, open_parts, open_added = None, [], 0

    for s in _sentences(paras):
        para = paras[s.para]
        m = _PROJECT.search(para.text)
        if m:
            project = compact(m.group(1))
        found = sentence_claims(s, department)
        for c in found:
            c.project = project
            c.subject = _qualified(c.subject, para.topic)
        # reasons given in the next sentence: "增长 10.00%。主要原因是：…"
        if previous_sentence and s.text.startswith(("主要原因", "原因")) and previous_sentence.claims:
            last_change = next((c.change for c in reversed(previous_sentence.claims) if c.change), None)
            if last_change is not None and last_change.reason is None:
                last_change.reason = _reason(s.text)
        s.claims = found
        if not openers or openers[-1][0] != s.para:
            openers.append((s.para, next((c for c in found if c.amount is not None), None), s.section))
        # a paragraph-level list: "收入预算 X 万元，其中：" then one paragraph per part
        if open_lead is not None and s.para != open_para:
            if para.section != paras[open_para].section:
                close_open()
            elif found and found[0].offset > 40:
                close_open("paragraphs-cut")
            elif found and found[0].amount is not None and para.text.startswith(s.text.rstrip("。")):
                if _exceeds(open_lead, open_parts + [found[0]]):
                    # a paragraph whose amount would make the parts exceed their total is not one
                    # of them (支出预算 restated after 收入预算's sources, the same list said twice)
                    close_open("paragraphs-cut")
                else:
                    open_parts.append(found[0])
                    open_added += 1
                    open_para = s.para
            elif found:
                close_open("paragraphs-cut")
        amounts = [c for c in found if c.amount is not None]
        marks = list(LIST_MARK.finditer(s.text))
        if marks and amounts:
            mark = marks[0]
            before = [c for c in amounts if c.offset < mark.start()]
            end = _list_end(s.text, mark.end(), found)
            after = [c for c in amounts if mark.start() < c.offset < end and not _is_total_of_list(s.text, c)]
            lead = before[-1] if before else None
            if lead is None and mark.start() == 0 and previous_sentence is not None:
                # "…3000.00万元。其中：…" — only when the sentence before states a single amount
                prev_amounts = [c for c in previous_sentence.claims if c.amount is not None]
                lead = prev_amounts[0] if len(prev_amounts) == 1 and previous_sentence.para == s.para else None
            if lead is None and "资金分配" in mark.group(0):
                lead = next((c for c in reversed(claims) if "预算安排规模" in c.subject and c.project == project), None)
            if _repeats(before, after) or (lead is not None and _unnamed(lead, after)):
                # "…A、B，其中：A、B": a clause printed twice; "X 300.00 万元，320.00 万元，其中：…":
                # a figure naming nothing (a prior-year figure left in). No list can be read there.
                close_open("paragraphs-cut")
                lead = None
            if lead is not None and (after or "其中" in mark.group(0)):
                close_open("paragraphs-cut")  # a new list inside the paragraphs: where the open one ends is a guess
                last_in_para = s.text.rstrip("。") == para.text.rstrip("。")[-len(s.text.rstrip("。")) :]
                listed = sum((c.amount.amount for c in after), 0)
                incomplete = not after or listed < lead.amount.amount - sum((c.amount.half_unit for c in after), lead.amount.half_unit)
                tail = s.text[after[-1].offset : end] if after else ""
                open_ended = mark.group(0).startswith("主要") or bool(re.search(r"等[。；;，,]?\s*$|等(?:项目|方面|支出)", tail))
                if "其中" in mark.group(0) and last_in_para and incomplete and not open_ended and not ITEM.match(para.text):
                    open_lead, open_para, open_parts = lead, s.para, list(after)  # more parts may follow
                elif after:
                    gid += 1
                    _group(lead, after, "main" if open_ended else "list", gid)  # "…等" lists the main parts only
        claims.extend(found)
        previous_sentence = s
    close_open()
    _group_enumerated_shares(paras, openers, gid)
    return claims


def _group_enumerated_shares(paras: list[Paragraph], openers: list[tuple[int, Claim | None, str]], gid: int) -> None:
    """Consecutive enumerated paragraphs stating shares, with no lead: one group (e.g. 结构情况).
    ``openers``: each paragraph's first sentence, as (paragraph, its first amount, section)."""
    run: list[Claim] = []
    section = None

    def flush() -> None:
        nonlocal gid, run
        if len(run) >= 2:
            gid += 1
            for c in run:
                c.group, c.group_kind = gid, "shares"
        run = []

    for para, first, said_in in openers:
        enumerated = bool(ITEM.match(paras[para].text))
        if first is not None and first.share is not None and first.group is None and enumerated and (section in (None, said_in)):
            run.append(first)
            section = said_in
        else:
            flush()
            section = None
    flush()
