"""schemas/audit-record.schema.json describes every record the tool prints or exports: audit show and
audit list (json, ndjson) and the records of json and ndjson export bundles, for checks, redactions,
contact actions and policy changes."""
import json
import os
import unittest

import jsonschema

from harness import SOURCE_DIR, WorkspaceTest


class AuditRecordSchema(WorkspaceTest):

    def test_every_printed_and_exported_record_matches_the_schema(self):
        with open(os.path.join(SOURCE_DIR, "schemas", "audit-record.schema.json")) as f:
            schema = json.load(f)
        validator = jsonschema.Draft7Validator(schema)
        self.ok("check", "-", "--fail-on", "never", input="Write to jane.doe@example.com, IBAN FR1420041010050500013M02606\n")
        self.ok("redact", input="Call +33 6 12 34 56 78\n")
        csv = self.write("c.csv", "first_name,last_name,email\nAda,Lovelace,ada@example.org\n")
        self.ok("contacts", "import", csv)
        self.ok("policy", "apply", os.path.join(SOURCE_DIR, "policies", "policy_set.yaml"))
        records = json.loads(self.ok("audit", "list", "--format", "json").out)["items"]
        self.assertGreaterEqual(len(records), 4)
        records += [json.loads(line) for line in self.ok("audit", "list", "--format", "ndjson").out.splitlines()]
        records.append(json.loads(self.ok("audit", "show", "1", "--format", "json").out))
        bundle = os.path.join(self.tmp, "b.json")
        self.ok("audit", "export", "--format", "json", "--out", bundle)
        with open(bundle) as f:
            records += json.load(f)["records"]
        for r in records:
            r = {k: v for k, v in r.items() if k != "checkpoint"}  # audit show adds where it is covered
            errors = sorted(validator.iter_errors(r), key=str)
            self.assertEqual(errors, [], f"record {r.get('seq')}: {errors[:1]}")


if __name__ == "__main__":
    unittest.main()
