"""no_crm_contact_data end to end: the workspace's own contacts are found in prompts, masked."""
import json
import unittest

from harness import EXIT_POLICY, WorkspaceTest


class CrmContactRule(WorkspaceTest):
    def test_stored_contact_is_found_in_a_prompt_and_never_printed(self):
        self.ok("contacts", "add", "--first-name", "Hélène", "--last-name", "Dupré",
                "--email", "helene.dupre@acme.fr", "--phone", "+33 6 12 34 56 78")
        prompt = "Prepare a renewal offer for helene DUPRE, she asked on 06.12.34.56.78.\n"
        r = self.run_cli("check", "--format", "json", input=prompt)
        self.assertEqual(r.code, EXIT_POLICY, r)
        doc = json.loads(r.out)
        found = {(f["rule"], f["entity"]) for f in doc["inputs"][0]["findings"]}
        self.assertIn(("no_crm_contact_data", "contact_name"), found)
        self.assertIn(("no_crm_contact_data", "contact_phone"), found)
        self.assertNotIn("helene DUPRE", r.out + r.err)
        self.assertNotIn("06.12.34.56.78", r.out + r.err)

    def test_erased_and_other_contacts_are_not_matched(self):
        r = self.ok("contacts", "add", "--first-name", "Marc", "--last-name", "Lavoine", "--format", "json")
        contact_id = str(json.loads(r.out)["id"])
        self.ok("contacts", "erase", contact_id, "--yes")
        r = self.ok("check", "--format", "json", input="Marc Lavoine wants a call.\n")
        self.assertEqual(json.loads(r.out)["inputs"][0]["findings"], [])

    def test_policy_can_disable_the_rule(self):
        self.ok("contacts", "add", "--first-name", "Ana", "--last-name", "Lopez")
        policy = self.write("p.yaml", "version: 1\nid: p\naudit: {checkpoint_interval: 5}\n"
                                      "rules:\n  no_crm_contact_data: {enabled: false}\n")
        self.ok("check", "--policy", policy, input="Ana Lopez called.\n")
        self.assertEqual(self.run_cli("check", input="Ana Lopez called.\n").code, EXIT_POLICY)


if __name__ == "__main__":
    unittest.main()
