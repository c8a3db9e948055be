"""novacrm check --format sarif|junit: SARIF valid against the OASIS 2.1.0 schema, well-formed JUnit XML,
exit codes from --fail-on, and never a raw value in either output."""
import json
import os
import re
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

from harness import EXIT_OK, EXIT_POLICY, SOURCE_DIR, WorkspaceTest

EMAIL = "canary.formats@example.org"
IBAN = "FR1420041010050500013M02606"
PROMPT = f"Write to {EMAIL} about the invoice\nand pay IBAN {IBAN} today\n"
SARIF_SCHEMA = os.path.join(SOURCE_DIR, "tests", "data", "sarif", "sarif-schema-2.1.0.json")
# RFC 3986 characters, '%' only as the start of a percent-encoded byte.
URI_REFERENCE = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")


def sarif_validator():
    """A validator for the SARIF schema in the draft its own $schema names (draft-04)."""
    import jsonschema
    with open(SARIF_SCHEMA) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=jsonschema.FormatChecker())


class CheckFormats(WorkspaceTest):
    init_workspace = False  # check needs no workspace

    def assert_no_raw_values(self, r):
        for raw in (EMAIL, IBAN, EMAIL.split("@")[0], IBAN[4:]):
            self.assertNotIn(raw, r.out + r.err)

    def sarif(self, *args, code=EXIT_POLICY, **kw):
        r = self.run_cli("check", *args, "--format", "sarif", **kw)
        self.assertEqual(r.code, code, r)
        self.assert_no_raw_values(r)
        doc = r.json()
        errors = sorted(sarif_validator().iter_errors(doc), key=lambda e: list(e.path))
        self.assertEqual([f"{list(e.path)}: {e.message}" for e in errors], [])
        for result in doc["runs"][0]["results"]:
            uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            self.assertRegex(uri, URI_REFERENCE)
        return doc

    def junit(self, *args, code=EXIT_POLICY, **kw):
        r = self.run_cli("check", *args, "--format", "junit", **kw)
        self.assertEqual(r.code, code, r)
        self.assert_no_raw_values(r)
        root = ET.fromstring(r.out)
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 1, r.out)
        self.assertEqual(suites[0].get("name"), "novacrm check")
        return suites[0]

    def in_dir(self, path):
        previous = os.getcwd()
        os.chdir(path)
        self.addCleanup(os.chdir, previous)

    def test_sarif_is_schema_valid_and_locates_each_finding(self):
        path = self.write("prompt.txt", PROMPT)
        doc = self.sarif(path)
        self.assertEqual(doc["version"], "2.1.0")
        self.assertEqual(len(doc["runs"]), 1)
        run = doc["runs"][0]
        driver = run["tool"]["driver"]
        self.assertEqual(driver["name"], "novacrm")
        self.assertEqual(run["properties"]["decision"]["action"], "block")

        data = PROMPT.encode()
        results = {r["properties"]["entity"]: r for r in run["results"]}
        self.assertEqual(set(results), {"email", "iban"})
        for entity, raw, line in (("email", EMAIL, 1), ("iban", IBAN, 2)):
            result = results[entity]
            self.assertEqual(result["ruleId"], "no_pii_in_prompts")
            self.assertEqual(driver["rules"][result["ruleIndex"]]["id"], result["ruleId"])
            self.assertEqual(result["level"], "error")
            self.assertTrue(result["message"]["text"].startswith(f"{entity} (high): "), result)
            location = result["locations"][0]["physicalLocation"]
            self.assertEqual(location["artifactLocation"]["uri"], "file://" + urllib.parse.quote(path))
            region = location["region"]
            self.assertEqual(region["startLine"], line)
            self.assertEqual(region["byteOffset"], data.index(raw.encode()))
            self.assertEqual(region["byteLength"], len(raw.encode()))
        self.assertEqual(len({r["id"] for r in driver["rules"]}), len(driver["rules"]))

    def test_sarif_keeps_relative_paths_relative_and_uri_safe(self):
        os.makedirs(os.path.join(self.tmp, "my prompts"))
        self.write("my prompts/a b#1%.txt", PROMPT)
        self.in_dir(self.tmp)
        doc = self.sarif(os.path.join("my prompts", "a b#1%.txt"))
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in doc["runs"][0]["results"]}
        self.assertEqual(uris, {"my%20prompts/a%20b%231%25.txt"})

    def test_sarif_of_stdin_and_of_a_clean_input(self):
        doc = self.sarif("-", input=PROMPT)
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                for r in doc["runs"][0]["results"]}
        self.assertEqual(uris, {"stdin"})

        clean = self.sarif("-", input="Summarise the Q3 pipeline.\n", code=EXIT_OK)
        self.assertEqual(clean["runs"][0]["results"], [])
        self.assertEqual(clean["runs"][0]["properties"]["decision"]["action"], "allow")

    def test_junit_has_a_testcase_per_input_and_fails_those_reaching_fail_on(self):
        pii = self.write("pii.txt", PROMPT)
        clean = self.write("clean.txt", "Summarise the Q3 pipeline.\n")
        suite = self.junit(pii, clean)
        self.assertEqual((suite.get("tests"), suite.get("failures")), ("2", "1"))
        cases = {c.get("name"): c for c in suite.findall("testcase")}
        self.assertEqual(set(cases), {pii, clean})
        for case in cases.values():
            self.assertEqual(case.get("classname"), "novacrm.check")
        self.assertIsNone(cases[clean].find("failure"))
        failure = cases[pii].find("failure")
        self.assertIsNotNone(failure)
        self.assertEqual(failure.get("type"), "block")
        self.assertRegex(failure.get("message"), r"^decision block \(risk \d+\)$")
        lines = failure.text.strip().splitlines()
        self.assertEqual(len(lines), 2, failure.text)
        self.assertTrue(lines[0].startswith(f"{pii}:1:"), lines)
        self.assertIn("no_pii_in_prompts/email (high)", lines[0])
        self.assertTrue(lines[1].startswith(f"{pii}:2:"), lines)
        self.assertIn("no_pii_in_prompts/iban (high)", lines[1])

    def test_fail_on_never_exits_zero_and_reports_no_failure(self):
        path = self.write("prompt.txt", PROMPT)
        suite = self.junit(path, "--fail-on", "never", code=EXIT_OK)
        self.assertEqual(suite.get("failures"), "0")
        self.assertEqual(suite.findall(".//failure"), [])
        doc = self.sarif(path, "--fail-on", "never", code=EXIT_OK)
        self.assertEqual(len(doc["runs"][0]["results"]), 2)

    def test_fail_on_warn_fails_a_warning_that_block_lets_through(self):
        prompt = "server 10.1.2.3 is down\n"  # an IP address: medium -> warn
        self.assertEqual(self.junit("-", input=prompt, code=EXIT_OK).findall(".//failure"), [])
        failures = self.junit("-", "--fail-on", "warn", input=prompt).findall(".//failure")
        self.assertEqual([f.get("type") for f in failures], ["warn"])
        doc = self.sarif("-", "--fail-on", "warn", input=prompt)
        self.assertEqual([r["level"] for r in doc["runs"][0]["results"]], ["warning"])

    def test_junit_escapes_markup_in_paths(self):
        path = self.write("a&b <c> \"q\" 'x'.txt", PROMPT)
        suite = self.junit(path)
        self.assertEqual([c.get("name") for c in suite.findall("testcase")], [path])
        self.assertTrue(suite.find("testcase/failure").text.startswith(f"{path}:1:"))

    def test_text_output_to_a_pipe_has_no_colour(self):
        r = self.run_cli("check", "-", input=PROMPT)
        self.assertEqual(r.code, EXIT_POLICY, r)
        self.assertNotIn("\x1b[", r.out)
        self.assert_no_raw_values(r)


if __name__ == "__main__":
    unittest.main()
