"""novacrm redact: every mode end to end, byte for byte (CRLF, trailing spaces, no final newline,
accented text), keyed pseudonyms stable within a workspace and different across workspaces, bad input
refused with exit 2 and never a raw value on stdout or stderr.

Bytes in, bytes out: run_cli's text mode would turn CRLF into LF on the way back, so the byte-exact
tests drive the binary with subprocess themselves.
"""
import hashlib
import hmac
import json
import os
import re
import subprocess
import unittest

from harness import BIN, EXIT_BAD_INPUT, WorkspaceTest

EMAIL = "jane.doe@example.com"
PHONE = "+33 6 12 34 56 78"
IBAN = "FR1420041010050500013M02606"
AWS_KEY = "AKIA2E0A8F3B244C9986"  # random-looking: EXAMPLE keys count as placeholders

# (value, entity) in the order they appear in TEMPLATE.
VALUES = [(EMAIL, "email"), (PHONE, "phone"), (IBAN, "iban"), (AWS_KEY, "aws_access_key_id")]
# Raw values, and pieces of them, that must never reach stdout or stderr.
RAW = (EMAIL, "jane.doe", PHONE, "12 34 56", IBAN, "20041010050500013", AWS_KEY, AWS_KEY[4:])

# CRLF line ends, a tab, trailing spaces, accents touching the values, no final newline.
TEMPLATE = ("Bonjour Hélène,\r\n"
            "écrire à {0}  \r\n"
            "tél. {1}\tIBAN {2}\r\n"
            "clé AWS «{3}» — fin.  ")
PSEUDONYM = re.compile(rb"\[([A-Z_]+):([0-9a-f]{16})\]")


def fill(*replacements):
    return TEMPLATE.format(*replacements).encode("utf-8")


INPUT = fill(*(v for v, _ in VALUES))
MASKED = fill(*("[" + e.upper() + "]" for _, e in VALUES))
REMOVED = fill("", "", "", "")


def pseudonym(key, entity, value):
    digest = hmac.new(key, entity.encode() + b"\0" + value.encode(), hashlib.sha256).hexdigest()
    return "[" + entity.upper() + ":" + digest[:16] + "]"


class RedactCase(WorkspaceTest):
    def run_bytes(self, *args, stdin=b"", env=None):
        full_env = dict(self.env)
        full_env.update(env or {})
        return subprocess.run([BIN, *args], input=stdin, capture_output=True, env=full_env, timeout=120)

    def redact(self, *args, stdin=b"", env=None):
        """Runs redact expecting success; returns stdout's bytes."""
        p = self.run_bytes("redact", *args, stdin=stdin, env=env)
        self.assertEqual(p.returncode, 0, p)
        self.assertNoRaw(p.stdout + p.stderr)
        return p.stdout

    def refuses(self, *args, stdin=b"", mentions=None):
        """Runs redact expecting exit 2, one stderr line, nothing on stdout and no raw value."""
        p = self.run_bytes("redact", *args, stdin=stdin)
        self.assertEqual(p.returncode, EXIT_BAD_INPUT, p)
        err = p.stderr.decode("utf-8", "replace")
        self.assertEqual(len(err.strip().splitlines()), 1, p)
        self.assertTrue(err.startswith("novacrm: error: "), p)
        self.assertEqual(p.stdout, b"", p)
        self.assertNoRaw(p.stdout + p.stderr)
        if mentions:
            self.assertIn(mentions, err)
        return err

    def assertNoRaw(self, data):
        for raw in RAW:
            self.assertNotIn(raw.encode("utf-8"), data)

    def write_bytes(self, name, data):
        return self.write(name, data, mode="wb")

    def key_file(self, name="key", content=b"5f0b1c9e2a7d4e3f8a6b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f"):
        return self.write_bytes(name, content)


class RedactWithoutWorkspace(RedactCase):
    init_workspace = False  # redact works without a workspace (CI use)

    def test_mask_is_the_default_and_keeps_every_other_byte(self):
        path = self.write_bytes("answer.txt", INPUT)
        self.assertEqual(self.redact(path), MASKED)
        self.assertEqual(self.redact(path, "--mode", "mask"), MASKED)

    def test_reads_stdin_with_no_path_or_a_dash(self):
        self.assertEqual(self.redact(stdin=INPUT), MASKED)
        self.assertEqual(self.redact("-", stdin=INPUT), MASKED)

    def test_remove_drops_the_values_and_nothing_else(self):
        self.assertEqual(self.redact("--mode", "remove", stdin=INPUT), REMOVED)

    def test_partial_puts_each_findings_masked_excerpt_in_its_place(self):
        p = self.run_bytes("check", "--format", "json", stdin=INPUT)
        findings = sorted(json.loads(p.stdout)["inputs"][0]["findings"], key=lambda f: f["offset"])
        self.assertEqual([(f["offset"], f["length"], f["entity"]) for f in findings],
                         [(INPUT.index(v.encode()), len(v.encode()), e) for v, e in VALUES])
        self.assertEqual(self.redact("--mode", "partial", stdin=INPUT),
                         fill(*(f["excerpt"] for f in findings)))

    def test_text_without_findings_comes_back_unchanged(self):
        clean = "Résumé du pipeline Q3\r\n\tpour Acme  \r\n\r\nfin sans retour  ".encode("utf-8")
        for mode in ("mask", "partial", "remove"):
            self.assertEqual(self.redact("--mode", mode, stdin=clean), clean, mode)

    def test_pseudonym_uses_the_key_file_and_is_the_documented_hmac(self):
        key = b"5f0b1c9e2a7d4e3f8a6b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f"
        path = self.key_file(content=key)
        expected = fill(*(pseudonym(key, e, v) for v, e in VALUES))
        self.assertEqual(self.redact("--mode", "pseudonym", "--key-file", path, stdin=INPUT), expected)

    def test_pseudonym_depends_on_the_key(self):
        a = self.key_file("a", b"a" * 32)
        b = self.key_file("b", b"b" * 32)
        out_a = self.redact("--mode", "pseudonym", "--key-file", a, stdin=INPUT)
        out_b = self.redact("--mode", "pseudonym", "--key-file", b, stdin=INPUT)
        self.assertNotEqual(PSEUDONYM.findall(out_a), PSEUDONYM.findall(out_b))
        self.assertEqual(PSEUDONYM.sub(rb"[\1]", out_a), MASKED)

    def test_pseudonym_without_a_workspace_or_key_file_names_key_file(self):
        self.refuses("--mode", "pseudonym", stdin=INPUT, mentions="--key-file")

    def test_pseudonym_key_file_shorter_than_32_bytes_is_refused(self):
        self.refuses("--mode", "pseudonym", "--key-file", self.key_file(content=b"k" * 31), stdin=INPUT,
                     mentions="--key-file")
        self.refuses("--mode", "pseudonym", "--key-file", os.path.join(self.tmp, "no-such-key"), stdin=INPUT)
        self.assertEqual(PSEUDONYM.sub(rb"[\1]", self.redact(
            "--mode", "pseudonym", "--key-file", self.key_file(content=b"k" * 32), stdin=INPUT)), MASKED)

    def test_unknown_mode_is_bad_input(self):
        self.refuses("--mode", "hash", stdin=INPUT)
        self.refuses("--mode", "MASK", stdin=INPUT)

    def test_missing_file_is_bad_input(self):
        self.refuses(os.path.join(self.tmp, "missing.txt"))

    def test_invalid_utf8_is_bad_input_from_a_file_or_stdin(self):
        bad = INPUT + b" caf\xe9\n"
        self.refuses(self.write_bytes("latin1.txt", bad))
        self.refuses(stdin=bad)
        self.refuses("-", stdin=bad)

    def test_binary_file_is_bad_input(self):
        self.refuses(self.write_bytes("blob.bin", b"\x00\x01\x02" + INPUT))


class RedactInWorkspace(RedactCase):
    def test_pseudonym_uses_the_workspace_secret_and_is_stable_across_runs(self):
        doubled = INPUT + b"\r\ncc " + EMAIL.encode()
        first = self.redact("--mode", "pseudonym", stdin=doubled)
        self.assertEqual(first, self.redact("--mode", "pseudonym", stdin=doubled))
        self.assertEqual(PSEUDONYM.sub(rb"[\1]", first), MASKED + b"\r\ncc [EMAIL]")
        tokens = PSEUDONYM.findall(first)
        self.assertEqual([t[0] for t in tokens], [b"EMAIL", b"PHONE", b"IBAN", b"AWS_ACCESS_KEY_ID", b"EMAIL"])
        self.assertEqual(tokens[0], tokens[-1])  # equal values stay correlatable
        self.assertEqual(len(set(tokens)), 4)

    def test_another_workspace_gives_other_pseudonyms(self):
        other = os.path.join(self.tmp, "ws2")
        r = self.run_cli("init", env={"NOVACRM_HOME": other})
        self.assertEqual(r.code, 0, r)
        here = self.redact("--mode", "pseudonym", stdin=INPUT)
        there = self.redact("--mode", "pseudonym", stdin=INPUT, env={"NOVACRM_HOME": other})
        self.assertEqual(PSEUDONYM.sub(rb"[\1]", there), MASKED)
        for a, b in zip(PSEUDONYM.findall(here), PSEUDONYM.findall(there)):
            self.assertEqual(a[0], b[0])
            self.assertNotEqual(a[1], b[1])

    def test_modes_are_byte_exact_with_and_without_audit(self):
        for flags in ([], ["--no-audit"]):
            self.assertEqual(self.redact(*flags, stdin=INPUT), MASKED, flags)
            self.assertEqual(self.redact("--mode", "remove", *flags, stdin=INPUT), REMOVED, flags)

    def test_bad_input_is_refused_in_a_workspace_too(self):
        self.refuses("--mode", "scramble", stdin=INPUT)
        self.refuses(self.write_bytes("blob.bin", INPUT + b"\x00"))


if __name__ == "__main__":
    unittest.main()
