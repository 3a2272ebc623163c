"""JUnit XML for CI test dashboards: one testcase per file checked, failing when a finding is at
or above fail-on, so the dashboard's red or green matches copydesk's exit status.

Clean files are passing testcases. Run errors that belong to no file get a testcase named
"copydesk". The `failures` and `errors` attributes count testcases, as JUnit readers expect,
not failure elements.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from copydesk.reports.text import finding_line
from copydesk.result import CheckResult

_SUITE_NAME = "copydesk"

# Characters XML 1.0 cannot carry even escaped (most C0 controls, lone surrogates); written
# as-is they make the whole report unparseable.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def render(
    result: CheckResult, *, color: bool = False, statistics: bool = False, quiet: bool = False
) -> str:
    """The JUnit XML document, with its declaration; no flag applies."""
    # Keyed by path, and None for errors that belong to no file, so a file that happens to be
    # called "copydesk" never shares a testcase with them.
    testcases: dict[str | None, ET.Element] = {}
    passed_output: dict[str | None, list[str]] = {}

    def testcase(path: str | None) -> ET.Element:
        if path not in testcases:
            name = _SUITE_NAME if path is None else path
            testcases[path] = ET.Element("testcase", classname=_SUITE_NAME, name=_xml_text(name))
        return testcases[path]

    for path in result.paths:
        testcase(path)
    for finding in result.findings:
        case = testcase(finding.path)
        if result.fail_on is not None and finding.severity >= result.fail_on:
            failure = ET.SubElement(
                case,
                "failure",
                type=finding.code,
                message=_xml_text(f"{finding.line}:{finding.column} {finding.message}"),
            )
            failure.text = _xml_text(finding_line(finding))
        else:
            passed_output.setdefault(finding.path, []).append(finding_line(finding))

    for error in result.errors:
        element = ET.SubElement(testcase(error.path), "error", message=_xml_text(error.message))
        if error.code:
            element.set("type", error.code)
        element.text = _xml_text(str(error))

    # JUnit schemas put system-out after failures and errors.
    for path, lines in passed_output.items():
        ET.SubElement(testcases[path], "system-out").text = _xml_text("\n".join(lines))

    tests = len(testcases)
    failures = sum(1 for case in testcases.values() if case.find("failure") is not None)
    errors = sum(1 for case in testcases.values() if case.find("error") is not None)
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors)}

    root = ET.Element("testsuites", name=_SUITE_NAME, **counts)
    suite = ET.SubElement(root, "testsuite", name=_SUITE_NAME, **counts)
    suite.extend(testcases.values())
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
