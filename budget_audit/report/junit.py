"""--format junit: JUnit XML for GitLab, Jenkins and other CI test-report views.

One <testsuite> per document and one <testcase> per rule evaluated on it (classname = the
document, name = the rule id and title), so a CI view lists "rule X on document Y" like a
test. Each finding at or above --fail-on is a <failure> of its rule's testcase (several
findings, several failures); findings below it are written to <system-out>, so the report
fails exactly when the exit status does. A skipped rule is <skipped> with the reason; an
unreadable document is a testsuite with one <error>. Built with xml.etree, so every name and
message is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from budget_audit.audit import DocumentReport
from budget_audit.findings import ERROR, WARNING
from budget_audit.report import ReportOptions
from budget_audit.report.common import where


def _fails(severity: str, fail_on: str) -> bool:
    return fail_on != "never" and (severity == ERROR or (severity == WARNING and fail_on == WARNING))


def render_check(reports: list[DocumentReport], options: ReportOptions) -> str:
    root = ET.Element("testsuites", name="budget-audit")
    all_tests = all_failures = all_errors = all_skipped = 0
    for rep in reports:
        suite = ET.SubElement(root, "testsuite", name=rep.path)
        tests = failures = errors = skipped = 0
        if rep.error:
            case = ET.SubElement(suite, "testcase", classname=rep.path, name="read document")
            ET.SubElement(case, "error", message=rep.error, type="unreadable").text = rep.error
            tests, errors = 1, 1
        by_rule: dict[str, list] = {}
        for f in rep.findings:
            by_rule.setdefault(f.rule, []).append(f)
        for result in rep.results:
            tests += 1
            title = options.title(result.rule)
            name = f"{result.rule} {title}" if title and title != result.rule else result.rule
            case = ET.SubElement(suite, "testcase", classname=rep.path, name=name)
            if result.status == "skipped":
                ET.SubElement(case, "skipped", message=("not read reliably: " if result.unread else "") + (result.reason or ""))
                skipped += 1
                continue
            quiet_lines = []
            failed = False
            for f in by_rule.get(result.rule, []):
                text = f"{where(rep.path, f)}: {options.message(f)}"
                if _fails(f.severity, options.fail_on):
                    ET.SubElement(case, "failure", message=options.message(f), type=f.severity).text = text
                    failed = True
                else:
                    quiet_lines.append(f"[{f.severity}] {text}")
            failures += failed
            if quiet_lines:
                ET.SubElement(case, "system-out").text = "\n".join(quiet_lines)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", str(skipped))
        all_tests, all_failures = all_tests + tests, all_failures + failures
        all_errors, all_skipped = all_errors + errors, all_skipped + skipped
    root.set("tests", str(all_tests))
    root.set("failures", str(all_failures))
    root.set("errors", str(all_errors))
    root.set("skipped", str(all_skipped))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)
