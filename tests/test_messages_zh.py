"""Messages in Chinese (--lang zh): as an auditor writes them, for every finding; JSON keeps both."""

from __future__ import annotations

import json

from budget_audit.audit import audit

from .cli_runner import invoke
from .conftest import SAMPLE_FILES

SAMPLE = next(str(p) for p in SAMPLE_FILES if "aheqi" in p.name)


def test_console_in_chinese_says_what_is_printed_and_what_it_should_be():
    out = invoke(["check", SAMPLE, "--lang", "zh", "--color", "never", "--no-cache"]).stdout
    assert "支出总表 住房公积金 合计 为 46.39，但基本支出 46.39 + 项目支出 254.73 = 301.12，相差 -254.73，超出舍入误差" in out


def test_console_in_english_keeps_the_english_message():
    out = invoke(["check", SAMPLE, "--lang", "en", "--color", "never", "--no-cache"]).stdout
    assert "but 基本支出 46.39 + 项目支出 254.73 = 301.12" in out and "超出舍入误差" not in out


def test_json_keeps_both_languages():
    out = invoke(["check", SAMPLE, "--format", "json", "--no-cache"]).stdout
    finding = json.loads(out)["documents"][0]["findings"][0]
    assert finding["message"] and finding["message_zh"] and finding["message"] != finding["message_zh"]


def test_every_finding_on_the_samples_has_a_chinese_message(ruleset):
    reports = audit([str(p) for p in SAMPLE_FILES], ruleset)
    missing = [f.rule for r in reports for f in r.findings if not f.message_zh]
    assert missing == []
