"""SARIF done right: valid against the official 2.1.0 schema (vendored), percent-encoded URIs,
uriBaseId, per-rule help, fingerprints, stdin as a named artifact, PDF pages not misread as lines."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from .test_ci_cli import AHEQI, CONSISTENT, UNRULED_PDF, cli

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif-schema-2.1.0.json")  # the OASIS errata01 schema
    # FormatChecker checks "uri"/"uri-reference" (with rfc3986-validator from the test extra):
    # an unencoded Chinese or spaced file name fails it.
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def _errors(validator, report: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]


def test_the_validator_rejects_an_unencoded_uri(validator):
    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "artifacts": [{"location": {"uri": "预算 1.txt"}}]}]}
    assert _errors(validator, bad)


def test_sarif_is_valid_for_chinese_and_spaced_names_pdfs_and_stdin(tmp_path, monkeypatch, validator):
    folder = tmp_path / "预算 公开"
    folder.mkdir()
    shutil.copy(AHEQI, folder / "阿合奇 2024.txt")
    shutil.copy(UNRULED_PDF, tmp_path / "unruled.pdf")
    monkeypatch.chdir(tmp_path)
    out = cli("check", "--format", "sarif", "预算 公开/阿合奇 2024.txt", "unruled.pdf")
    assert out.exit_code == 1
    report = json.loads(out.stdout)
    assert _errors(validator, report) == []
    (run,) = report["runs"]
    assert [a["location"] for a in run["artifacts"]] == [
        {"uri": "%E9%A2%84%E7%AE%97%20%E5%85%AC%E5%BC%80/%E9%98%BF%E5%90%88%E5%A5%87%202024.txt", "uriBaseId": "%SRCROOT%"},
        {"uri": "unruled.pdf", "uriBaseId": "%SRCROOT%"},
    ]
    json_report = json.loads(cli("check", "--format", "json", "预算 公开/阿合奇 2024.txt", "unruled.pdf").stdout)
    fingerprints = [f["fingerprint"] for d in json_report["documents"] for f in d["findings"]]
    assert [r["partialFingerprints"]["budgetAudit/v1"] for r in run["results"]] == fingerprints
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:
        assert rule["help"]["text"].startswith(rule["shortDescription"]["text"])
        assert rule["helpUri"].startswith("file://") and "#L" in rule["helpUri"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]
        artifact = location["physicalLocation"]["artifactLocation"]
        if artifact["index"] == 0:  # text: the region is the line
            assert location["physicalLocation"]["region"]["startLine"] >= 1
        else:  # PDF: no region (a line of a page is no line of the file); the page is a logical location
            assert "region" not in location["physicalLocation"]
            page, line = location["properties"]["page"], location["properties"]["pageLine"]
            assert location["logicalLocations"] == [{"name": f"page {page} line {line}", "kind": "page"}]
            assert result["message"]["text"].startswith(f"p{page}:{line}: ")


def test_stdin_is_a_named_artifact(validator):
    anonymous = json.loads(cli("check", "--format", "sarif", "-", stdin=CONSISTENT.read_bytes()).stdout)
    assert _errors(validator, anonymous) == []
    artifact = anonymous["runs"][0]["artifacts"][0]
    assert "uri" not in artifact["location"] and artifact["location"]["description"]["text"] == "standard input"
    named = json.loads(
        cli("check", "--format", "sarif", "--stdin-filename", "docs/部门预算.txt", "-", stdin=CONSISTENT.read_bytes()).stdout
    )
    assert _errors(validator, named) == []
    assert named["runs"][0]["artifacts"][0]["location"]["uri"] == "docs/%E9%83%A8%E9%97%A8%E9%A2%84%E7%AE%97.txt"


def test_baseline_states_in_sarif(tmp_path, validator):
    baseline = tmp_path / "baseline.json"
    assert cli("check", "--write-baseline", str(baseline), str(AHEQI)).exit_code == 0
    report = json.loads(cli("check", "--format", "sarif", "--baseline", str(baseline), str(AHEQI)).stdout)
    assert _errors(validator, report) == []
    results = report["runs"][0]["results"]
    assert results and all(r["baselineState"] == "unchanged" and r["suppressions"][0]["kind"] == "external" for r in results)
