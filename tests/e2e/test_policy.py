"""novacrm policy validate|show|explain, and check --policy: the default policy validates, every kind of
invalid policy is exit 2 with one line naming FILE:LINE:COL and the field, show and explain print the
effective policy and how a decision is reached, and check uses the policy it is given (its id, its
sha256, its actions, its rules and its exceptions). No raw value ever reaches stdout or stderr."""
import hashlib
import json
import os
import re
import unittest

from harness import EXIT_BAD_INPUT, EXIT_OK, EXIT_POLICY, SOURCE_DIR, WorkspaceTest

POLICIES = os.path.join(SOURCE_DIR, "tests", "data", "policies")
DEFAULT_POLICY = os.path.join(SOURCE_DIR, "policies", "policy_set.yaml")

EMAIL = "canary.policy@example.org"
EMAIL_EXCERPT = "c***@e******.org"
IBAN = "FR1420041010050500013M02606"
CARD = "4111 1111 1111 1111"
AWS_KEY = "AKIA2E0A8F3B244C9986"  # random-looking: EXAMPLE keys count as placeholders
# Raw values, and pieces of them, that must never reach stdout or stderr.
RAW = (EMAIL, "canary.policy", IBAN, IBAN[4:], CARD, CARD.replace(" ", ""), AWS_KEY, AWS_KEY[4:])
HEX64 = re.compile(r"^[0-9a-f]{64}$")
BUILTIN_RULES = ("no_pii_in_prompts", "no_secrets_in_prompts")


def fixture(name):
    return os.path.join(POLICIES, name)


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class PolicyTest(WorkspaceTest):
    init_workspace = False  # policies need no workspace

    def run_cli(self, *args, **kw):
        r = super().run_cli(*args, **kw)
        for raw in RAW:
            self.assertNotIn(raw, r.out, f"a raw value reached stdout of novacrm {' '.join(args[:2])}")
            self.assertNotIn(raw, r.err, f"a raw value reached stderr of novacrm {' '.join(args[:2])}")
        return r

    def assert_policy_error(self, path, line, column, field, *also):
        """`policy validate PATH` is exit 2 with one line "PATH:LINE:COL: FIELD: ..." (line and column
        None: any numbers)."""
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", path)
        where = re.escape(path) + ":" + (str(line) if line else r"\d+") + ":" + (str(column) if column else r"\d+")
        self.assertRegex(r.err, "^novacrm: error: " + where + ": " + (re.escape(field) + ": " if field else "") + r"\S")
        for text in also:
            self.assertIn(text, r.err)
        self.assertEqual(r.out, "")
        return r


class Validate(PolicyTest):

    def test_default_policy_is_valid_and_prints_its_id_and_sha256(self):
        r = self.ok("policy", "validate", DEFAULT_POLICY)
        self.assertIn("novacrm-default", r.out)
        self.assertIn(sha256_of(DEFAULT_POLICY), r.out)
        self.assertEqual(r.out, f"{DEFAULT_POLICY}: valid policy novacrm-default (sha256 {sha256_of(DEFAULT_POLICY)})\n")

    def test_valid_fixtures_are_valid(self):
        for name, policy_id in (("allowlist.yaml", "e2e-allowlist"), ("pii_disabled.yaml", "e2e-pii-disabled"),
                                ("high_warns.yaml", "e2e-high-warns"),
                                ("no_inline_marker.yaml", "e2e-no-inline-marker")):
            with self.subTest(name):
                r = self.ok("policy", "validate", fixture(name))
                self.assertIn(f"valid policy {policy_id} ", r.out)
                self.assertIn(sha256_of(fixture(name)), r.out)

    def test_unknown_fields_are_refused_at_their_key(self):
        self.assert_policy_error(fixture("unknown_rule.yaml"), 6, 3, "rules.no_such_rule", "unknown field")
        self.assert_policy_error(fixture("unknown_top_field.yaml"), 8, 1, "colour", "unknown field")
        self.assert_policy_error(fixture("unknown_rule_field.yaml"), 8, 5, "rules.no_pii_in_prompts.mode",
                                 "unknown field")
        self.assert_policy_error(fixture("unknown_allow_field.yaml"), 9, 7,
                                 "rules.no_secrets_in_prompts.allow.regexes", "unknown field")

    def test_bad_regex_in_allow_patterns_names_the_pattern_and_the_offset(self):
        # `      patterns: ['ok', '(unclosed']`: the second item starts at column 24.
        r = self.assert_policy_error(fixture("bad_regex.yaml"), 8, 24, "rules.no_pii_in_prompts.allow.patterns.1",
                                     "offset")
        self.assertRegex(r.err, r"offset \d+")

    def test_wrong_types_and_values_name_the_field(self):
        cases = [("enabled_string.yaml", 7, 5, "rules.no_pii_in_prompts.enabled"),
                 ("threshold_string.yaml", 8, 7, "rules.no_mass_export_requests.params.threshold"),
                 ("severity_extreme.yaml", 7, 5, "rules.no_pii_in_prompts.severity"),
                 ("action_explode.yaml", 4, 3, "actions.high"),
                 ("version_2.yaml", 1, 1, "version"),
                 ("checkpoint_zero.yaml", 4, 3, "audit.checkpoint_interval"),
                 ("bad_id.yaml", 2, 1, "id"),
                 ("inline_marker_string.yaml", 4, 3, "exceptions.inline_marker")]
        for name, line, column, field in cases:
            with self.subTest(name):
                self.assert_policy_error(fixture(name), line, column, field)

    def test_missing_required_section_is_named(self):
        r = self.assert_policy_error(fixture("missing_audit.yaml"), 1, 1, None)
        self.assertIn("audit", r.err.split(":", 5)[-1])

    def test_duplicate_key_is_refused_at_the_second_one(self):
        self.assert_policy_error(fixture("duplicate_key.yaml"), 8, 3, None, "duplicate", "no_pii_in_prompts")

    def test_malformed_yaml_is_located(self):
        self.assert_policy_error(fixture("malformed.yaml"), None, None, None, "malformed YAML")

    def test_empty_file_is_not_a_policy(self):
        self.assert_policy_error(fixture("empty.yaml"), 1, 1, None)

    def test_alias_expansion_is_bounded(self):
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", fixture("too_many_nodes.yaml"))
        self.assertIn(fixture("too_many_nodes.yaml"), r.err)
        self.assertIn("too many nodes", r.err)

    def test_unreadable_inputs_name_the_file(self):
        latin1 = self.write("latin1.yaml", b"version: 1\nid: caf\xe9\naudit:\n  checkpoint_interval: 10\nrules: {}\n",
                            mode="wb")
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", latin1)
        self.assertTrue(r.err.startswith(f"novacrm: error: {latin1}"), r)
        self.assertIn("UTF-8", r.err)

        missing = os.path.join(self.tmp, "missing.yaml")
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", missing)
        self.assertTrue(r.err.startswith(f"novacrm: error: {missing}"), r)

        directory = os.path.join(self.tmp, "adir")
        os.mkdir(directory)
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", directory)
        self.assertTrue(r.err.startswith(f"novacrm: error: {directory}"), r)

        huge = self.write("huge.yaml", "version: 1\nid: huge\naudit:\n  checkpoint_interval: 10\nrules: {}\n"
                                       "description: " + "a" * (1 << 20) + "\n")
        r = self.fails(EXIT_BAD_INPUT, "policy", "validate", huge)
        self.assertTrue(r.err.startswith(f"novacrm: error: {huge}"), r)

    def test_invalid_policy_is_refused_by_every_command(self):
        bad = fixture("unknown_rule.yaml")
        for args in (("check", "--policy", bad, "-"), ("policy", "show", "--policy", bad),
                     ("policy", "show", "--patterns", "--policy", bad), ("policy", "explain", "--policy", bad, "hi"),
                     ("redact", "--policy", bad)):
            with self.subTest(args):
                r = self.fails(EXIT_BAD_INPUT, *args, input="hello\n")
                self.assertIn(f"{bad}:6:3: rules.no_such_rule", r.err)
                self.assertEqual(r.out, "")


class Show(PolicyTest):

    def rules_of_text(self, out):
        """The RULE column of `policy show`'s table: {key: enabled column}."""
        lines = out.splitlines()
        header = next(i for i, line in enumerate(lines) if line.startswith("RULE"))
        rows = [line.split() for line in lines[header + 1:] if line.strip()]
        return {row[0]: row[1] for row in rows}

    def test_text_shows_the_builtin_policy_and_lists_the_rules(self):
        r = self.ok("policy", "show")
        self.assertRegex(r.out, r"(?m)^id:\s+novacrm-default$")
        self.assertRegex(r.out, r"(?m)^source:\s+built-in$")
        # The built-in policy is policies/policy_set.yaml compiled in.
        self.assertRegex(r.out, r"(?m)^sha256:\s+" + sha256_of(DEFAULT_POLICY) + "$")
        self.assertIn("high->block", r.out)
        self.assertIn("critical->escalate", r.out)
        rules = self.rules_of_text(r.out)
        for key in BUILTIN_RULES:
            self.assertEqual(rules.get(key), "on", r.out)
        doc = self.ok("policy", "show", "--format", "json").json()
        self.assertEqual(set(rules), {rule["key"] for rule in doc["rules"]})

    def test_json_has_id_sha256_and_rules(self):
        doc = self.ok("policy", "show", "--format", "json").json()
        self.assertEqual(doc["id"], "novacrm-default")
        self.assertRegex(doc["sha256"], HEX64)
        self.assertEqual(doc["sha256"], sha256_of(DEFAULT_POLICY))
        self.assertIsInstance(doc["rules"], list)
        keys = [rule["key"] for rule in doc["rules"]]
        self.assertEqual(len(keys), len(set(keys)))
        for key in BUILTIN_RULES:
            self.assertIn(key, keys)
        for rule in doc["rules"]:
            self.assertIs(rule["enabled"], True)
        self.assertEqual(doc["actions"], {"info": "allow", "low": "warn", "medium": "warn", "high": "block",
                                          "critical": "escalate"})
        self.assertIs(doc["inline_marker"], True)

    def test_policy_file_shows_that_file(self):
        path = fixture("pii_disabled.yaml")
        r = self.ok("policy", "show", "--policy", path)
        self.assertRegex(r.out, r"(?m)^id:\s+e2e-pii-disabled$")
        self.assertIn(sha256_of(path), r.out)
        self.assertEqual(self.rules_of_text(r.out).get("no_pii_in_prompts"), "off", r.out)
        self.assertEqual(self.rules_of_text(r.out).get("no_secrets_in_prompts"), "on", r.out)
        doc = self.ok("policy", "show", "--policy", path, "--format", "json").json()
        self.assertEqual(doc["id"], "e2e-pii-disabled")
        self.assertEqual(doc["sha256"], sha256_of(path))
        self.assertEqual(doc["source"], path)
        enabled = {rule["key"]: rule["enabled"] for rule in doc["rules"]}
        self.assertIs(enabled["no_pii_in_prompts"], False)
        self.assertIs(enabled["no_secrets_in_prompts"], True)

        doc = self.ok("policy", "show", "--policy", fixture("high_warns.yaml"), "--format", "json").json()
        self.assertEqual(doc["actions"]["high"], "warn")
        self.assertEqual(doc["actions"]["critical"], "escalate")  # left out: the default
        doc = self.ok("policy", "show", "--policy", fixture("no_inline_marker.yaml"), "--format", "json").json()
        self.assertIs(doc["inline_marker"], False)
        r = self.ok("policy", "show", "--policy", fixture("no_inline_marker.yaml"))
        self.assertRegex(r.out, r"(?m)^inline marker:\s+ignored$")

    def test_patterns_print_one_pattern_per_line(self):
        r = self.ok("policy", "show", "--patterns")
        self.assertTrue(r.out.endswith("\n"))
        lines = r.out[:-1].split("\n")
        self.assertGreater(len(lines), 20)
        self.assertNotIn("", lines)
        self.assertEqual(len(lines), len(set(lines)))
        # JSON: the same patterns, each with its rule.
        docs = [json.loads(line) for line in self.ok("policy", "show", "--patterns", "--format", "json").out.splitlines()]
        self.assertEqual([d["pattern"] for d in docs], lines)
        enabled = {rule["key"] for rule in self.ok("policy", "show", "--format", "json").json()["rules"]
                   if rule["enabled"]}
        self.assertLessEqual(set(BUILTIN_RULES), {d["rule"] for d in docs})
        self.assertLessEqual({d["rule"] for d in docs}, enabled)
        # A disabled rule's patterns are left out.
        fewer = self.ok("policy", "show", "--patterns", "--policy", fixture("pii_disabled.yaml")).out.splitlines()
        pii = [d["pattern"] for d in docs if d["rule"] == "no_pii_in_prompts"]
        self.assertEqual(fewer, [d["pattern"] for d in docs if d["rule"] != "no_pii_in_prompts"])
        self.assertGreater(len(pii), 0)


class Explain(PolicyTest):

    def explain(self, text, *args):
        return self.ok("policy", "explain", *args, text)

    def test_an_email_drives_a_block(self):
        r = self.explain(f"Please mail {EMAIL} the contract.")
        self.assertIn("policy novacrm-default", r.out)
        self.assertRegex(r.out, r"(?m)^no_pii_in_prompts:")
        self.assertRegex(r.out, r"(?m)^  1:13 email " + re.escape(EMAIL_EXCERPT) + r" .*severity high -> block"
                                r".*drives the decision")
        self.assertRegex(r.out, r"(?m)^no_secrets_in_prompts: nothing found$")
        self.assertIn("decision: block", r.out)

    def test_stdin_and_the_strongest_finding(self):
        r = self.ok("policy", "explain", "-", input=f"mail {EMAIL}\nkey {AWS_KEY}\n")
        self.assertIn("decision: escalate", r.out)
        driver = [line for line in r.out.splitlines() if "drives the decision" in line]
        self.assertEqual(len(driver), 1, r.out)
        self.assertIn("aws_access_key_id", driver[0])
        self.assertIn("critical -> escalate", driver[0])

    def test_clean_text_is_allowed(self):
        r = self.explain("Summarise the Q3 pipeline for the Acme account.")
        self.assertIn("decision: allow", r.out)
        self.assertNotIn("drives the decision", r.out)
        for key in BUILTIN_RULES:
            self.assertRegex(r.out, f"(?m)^{key}: nothing found$")

    def test_allowlisted_value_is_silenced(self):
        policy = fixture("allowlist.yaml")
        # Values compare ASCII-case-insensitively.
        r = self.explain("write to SUPPORT@novacrm.example please", "--policy", policy)
        self.assertIn("policy e2e-allowlist", r.out)
        self.assertIn("silenced: allowlisted value", r.out)
        self.assertIn("decision: allow", r.out)
        self.assertNotIn("SUPPORT@novacrm.example", r.out)
        # Patterns are searched in the value: an anchored one and an unanchored one.
        r = self.explain("host 192.0.2.7 and ops@docs.example.net", "--policy", policy)
        self.assertEqual(r.out.count("silenced: allowlist pattern"), 2, r.out)
        self.assertIn("decision: allow", r.out)
        # Anything else still counts.
        r = self.explain(f"write to support@novacrm.example and {EMAIL}", "--policy", policy)
        self.assertIn("silenced: allowlisted value", r.out)
        self.assertIn(EMAIL_EXCERPT, r.out)
        self.assertIn("decision: block", r.out)
        # The allowlist belongs to the policy: the default one silences nothing.
        r = self.explain("write to SUPPORT@novacrm.example please")
        self.assertNotIn("silenced", r.out)
        self.assertIn("decision: block", r.out)

    def test_inline_marker_silences_its_line(self):
        r = self.explain(f"mail {EMAIL} # novacrm:allow")
        self.assertIn("silenced: inline marker", r.out)
        self.assertIn("decision: allow", r.out)
        # Only its own line.
        r = self.ok("policy", "explain", "-", input=f"novacrm:allow\nmail {EMAIL}\n")
        self.assertNotIn("silenced", r.out)
        self.assertIn("decision: block", r.out)

    def test_inline_marker_is_a_whole_word(self):
        # `novacrm:allow` or `novacrm:allow(rules)`: a longer word that starts the same is not the marker.
        for word in ("novacrm:allowance", "novacrm:allowed", "novacrm:allow_list"):
            with self.subTest(word):
                r = self.explain(f"mail {EMAIL} {word}")
                self.assertNotIn("silenced", r.out)
                self.assertIn("decision: block", r.out)

    def test_inline_marker_with_rules_silences_only_those(self):
        r = self.explain(f"card {CARD} novacrm:allow(no_secrets_in_prompts)")
        self.assertNotIn("silenced", r.out)
        self.assertIn("decision: block", r.out)
        r = self.explain(f"card {CARD} novacrm:allow(no_secrets_in_prompts, no_pii_in_prompts)")
        self.assertIn("silenced: inline marker", r.out)
        self.assertIn("decision: allow", r.out)
        r = self.explain(f"card {CARD} key {AWS_KEY} novacrm:allow(no_pii_in_prompts)")
        self.assertEqual(r.out.count("silenced: inline marker"), 1, r.out)
        self.assertIn("decision: escalate", r.out)

    def test_inline_marker_off_in_the_policy(self):
        r = self.explain(f"mail {EMAIL} novacrm:allow", "--policy", fixture("no_inline_marker.yaml"))
        self.assertNotIn("silenced", r.out)
        self.assertIn("drives the decision", r.out)
        self.assertIn("decision: block", r.out)

    def test_disabled_rule_is_said_so(self):
        r = self.explain(f"mail {EMAIL}", "--policy", fixture("pii_disabled.yaml"))
        self.assertRegex(r.out, r"(?m)^no_pii_in_prompts: disabled by the policy$")
        self.assertIn("decision: allow", r.out)

    def test_bad_inputs(self):
        self.fails(EXIT_BAD_INPUT, "policy", "explain", "--policy", os.path.join(self.tmp, "missing.yaml"), "hi")
        r = self.run_cli("policy", "explain", "-", input=None)  # empty stdin: nothing found
        self.assertEqual(r.code, EXIT_OK, r)
        self.assertIn("decision: allow", r.out)


class CheckWithPolicy(PolicyTest):

    def check_json(self, prompt, *args, code):
        r = self.run_cli("check", "--format", "json", *args, input=prompt)
        self.assertEqual(r.code, code, r)
        return r.json()

    def test_decision_names_the_policy_file_and_its_sha256(self):
        for name in ("allowlist.yaml", "high_warns.yaml", "pii_disabled.yaml", "no_inline_marker.yaml"):
            with self.subTest(name):
                path = fixture(name)
                doc = self.check_json("nothing here\n", "--policy", path, code=EXIT_OK)
                self.assertEqual(doc["policy"]["id"], self.ok("policy", "show", "--policy", path,
                                                              "--format", "json").json()["id"])
                self.assertEqual(doc["policy"]["sha256"], sha256_of(path))
        doc = self.check_json("nothing here\n", code=EXIT_OK)
        self.assertEqual(doc["policy"], {"id": "novacrm-default", "sha256": sha256_of(DEFAULT_POLICY)})
        # A copy of the default policy elsewhere: same id and sha256 as the built-in one.
        with open(DEFAULT_POLICY, "rb") as f:
            copy = self.write("copy.yaml", f.read(), mode="wb")
        doc = self.check_json("nothing here\n", "--policy", copy, code=EXIT_OK)
        self.assertEqual(doc["policy"], {"id": "novacrm-default", "sha256": sha256_of(DEFAULT_POLICY)})

    def test_disabled_rule_allows_an_email(self):
        policy = fixture("pii_disabled.yaml")
        doc = self.check_json(f"mail {EMAIL} and IBAN {IBAN}\n", "--policy", policy, code=EXIT_OK)
        self.assertEqual(doc["action"], "allow")
        self.assertEqual(doc["inputs"][0]["findings"], [])
        r = self.ok("check", "--policy", policy, input=f"mail {EMAIL}\n")
        self.assertIn("decision: allow", r.out)
        # The other rules still run.
        doc = self.check_json(f"key {AWS_KEY}\n", "--policy", policy, code=EXIT_POLICY)
        self.assertEqual(doc["action"], "escalate")

    def test_action_map_turns_a_block_into_a_warn(self):
        policy = fixture("high_warns.yaml")
        prompt = f"mail {EMAIL}\n"
        doc = self.check_json(prompt, "--policy", policy, code=EXIT_OK)  # default --fail-on block
        self.assertEqual(doc["action"], "warn")
        self.assertEqual(doc["inputs"][0]["findings"][0]["severity"], "high")
        r = self.fails(EXIT_POLICY, "check", "--policy", policy, "--fail-on", "warn", "--format", "json", input=prompt)
        self.assertEqual(r.json()["action"], "warn")
        self.assertEqual(self.run_cli("check", "--policy", policy, "--fail-on", "block", input=prompt).code, EXIT_OK)
        # Without the policy the same prompt blocks.
        self.assertEqual(self.run_cli("check", input=prompt).code, EXIT_POLICY)

    def test_allowlist_counts_as_suppressed(self):
        policy = fixture("allowlist.yaml")
        doc = self.check_json("support@novacrm.example 192.0.2.44\n", "--policy", policy, code=EXIT_OK)
        self.assertEqual(doc["action"], "allow")
        self.assertEqual(doc["inputs"][0]["suppressed"], 2)
        self.assertEqual(doc["inputs"][0]["findings"], [])
        doc = self.check_json("ip 192.0.2.44 and 198.51.100.7\n", "--policy", policy, code=EXIT_OK)
        self.assertEqual(doc["inputs"][0]["suppressed"], 1)
        self.assertEqual([f["entity"] for f in doc["inputs"][0]["findings"]], ["ipv4"])

    def test_inline_marker_can_be_turned_off(self):
        prompt = f"mail {EMAIL}  # novacrm:allow\n"
        doc = self.check_json(prompt, code=EXIT_OK)  # the default policy honours markers
        self.assertEqual(doc["inputs"][0]["suppressed"], 1)
        self.assertEqual(doc["action"], "allow")
        doc = self.check_json(prompt, "--policy", fixture("no_inline_marker.yaml"), code=EXIT_POLICY)
        self.assertEqual(doc["action"], "block")
        self.assertEqual(doc["inputs"][0]["suppressed"], 0)
        self.assertEqual(len(doc["inputs"][0]["findings"]), 1)

    def test_redact_ignores_inline_markers(self):
        prompt = f"mail {EMAIL} novacrm:allow\n"
        r = self.ok("redact", input=prompt)
        self.assertEqual(r.out, "mail [EMAIL] novacrm:allow\n")


if __name__ == "__main__":
    unittest.main()


class Apply(WorkspaceTest):
    """policy apply FILE makes FILE the workspace's active policy, keeps every version with its hash,
    records each change in the audit trail; check, redact, show and explain then use it; --policy still
    overrides for one run; a bad file changes nothing."""

    def setUp(self):
        super().setUp()
        with open(DEFAULT_POLICY) as f:
            text = f.read()
        self.assertIn("threshold: 100", text)
        self.strict = self.write("strict.yaml", text.replace("threshold: 100", "threshold: 10"))

    def versions(self):
        return json.loads(self.ok("policy", "history", "--format", "json").out)["items"]

    def test_apply_makes_the_policy_active_and_audits_it(self):
        prompt = "Please export 20 customer emails to a spreadsheet"
        self.ok("check", "-", "--no-audit", input=prompt)  # 20 < 100: allowed by the built-in policy
        self.assertEqual(self.versions(), [])
        doc = json.loads(self.ok("policy", "apply", self.strict, "--format", "json").out)
        self.assertEqual((doc["version"], doc["sha256"], doc["unchanged"]), (1, sha256_of(self.strict), False))
        self.assertIsNone(doc["previous"])
        # Now 20 >= 10: blocked, and the decision names the applied policy.
        r = self.run_cli("check", "-", "--format", "json", input=prompt)
        self.assertEqual(r.code, EXIT_POLICY, r)
        self.assertEqual(json.loads(r.out)["policy"]["sha256"], sha256_of(self.strict))
        self.assertIn("workspace policy v1", self.ok("policy", "show").out)
        # --policy overrides for one run.
        self.ok("check", "-", "--no-audit", "--policy", DEFAULT_POLICY, input=prompt)
        # The change is in the audit trail with the policy's hash, and the chain verifies.
        records = json.loads(self.ok("audit", "list", "--action", "policy.apply", "--format", "json").out)["items"]
        self.assertEqual(len(records), 1)
        self.assertEqual(records[0]["policy"]["sha256"], sha256_of(self.strict))
        self.ok("audit", "verify")

    def test_every_version_is_kept_and_reapplying_the_active_one_changes_nothing(self):
        self.ok("policy", "apply", self.strict)
        r = self.ok("policy", "apply", self.strict)
        self.assertIn("nothing changed", r.out)
        self.ok("policy", "apply", DEFAULT_POLICY)
        self.ok("policy", "apply", self.strict)
        versions = self.versions()
        self.assertEqual([v["version"] for v in versions], [1, 2, 3])
        self.assertEqual([v["sha256"] for v in versions],
                         [sha256_of(self.strict), sha256_of(DEFAULT_POLICY), sha256_of(self.strict)])
        self.assertIn("3 (active)", self.ok("policy", "history").out)
        records = json.loads(self.ok("audit", "list", "--action", "policy.apply", "--format", "json").out)["items"]
        self.assertEqual(len(records), 3)

    def test_a_bad_policy_file_changes_nothing(self):
        self.ok("policy", "apply", self.strict)
        before = self.versions()
        audit_before = self.ok("audit", "list", "--format", "json").out
        bad = self.write("bad.yaml", "version: 1\nid: x\nrules: {}\n")
        r = self.fails(EXIT_BAD_INPUT, "policy", "apply", bad)
        self.assertIn("bad.yaml", r.err)
        self.fails(EXIT_BAD_INPUT, "policy", "apply", os.path.join(self.tmp, "missing.yaml"))
        self.assertEqual(self.versions(), before)
        self.assertEqual(self.ok("audit", "list", "--format", "json").out, audit_before)

    def test_apply_needs_a_workspace(self):
        env = {"NOVACRM_HOME": os.path.join(self.tmp, "none")}
        self.fails(5, "policy", "apply", self.strict, env=env)
