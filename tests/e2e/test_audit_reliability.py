"""Audit trail reliability with the real binary: concurrent writers keep one valid chain, and a
writer killed with SIGKILL at a random moment never loses a record whose id it printed (ids are
printed only after the transaction that appended them committed) nor breaks the chain.

The full-size runs (4 x 500 appends; 50 kill rounds) are heavy: they run against the Release binary
(NOVACRM_E2E_HEAVY=1). scripts/soak-audit runs the kill test for 1,000 rounds
(NOVACRM_KILL_ROUNDS)."""
import json
import os
import random
import re
import signal
import subprocess
import time
import unittest

from harness import BIN, WorkspaceTest, heavy

AUDIT_ID = re.compile(r'"audit_id":\s*"([0-9a-f]+)"')


class Reliability(WorkspaceTest):

    def records_total(self):
        out = self.ok("audit", "list", "--limit", "1", "--format", "json").out
        return json.loads(out)["total"]

    def ids_in_log(self):
        ids, offset = set(), 0
        while True:
            page = json.loads(self.ok("audit", "list", "--limit", "1000", "--offset", str(offset),
                                      "--format", "json").out)
            ids.update(item["id"] for item in page["items"])
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return ids

    def assert_valid(self, total):
        out = self.ok("audit", "verify").out
        self.assertIn(f"{total}/{total} records valid", out)

    @heavy
    def test_four_processes_appending_500_records_each_make_one_chain_of_2000(self):
        per_process = int(os.environ.get("NOVACRM_AUDIT_APPENDS", "500"))
        # Each process appends one record per run of check, so the four interleave record by record.
        script = ('for i in $(seq {n}); do echo "mail p$i@acme.fr" | "$BIN" check --fail-on never '
                  '>/dev/null || exit 1; done')
        env = dict(self.env, BIN=BIN)
        procs = [subprocess.Popen(["bash", "-c", script.format(n=per_process)], env=env) for _ in range(4)]
        for p in procs:
            self.assertEqual(p.wait(timeout=900), 0)
        total = 4 * per_process
        self.assertEqual(self.records_total(), total)
        self.assert_valid(total)

    @heavy
    def test_kill_9_at_random_moments_loses_no_acknowledged_record(self):
        rounds = int(os.environ.get("NOVACRM_KILL_ROUNDS", "50"))
        rng = random.Random(int(os.environ.get("NOVACRM_KILL_SEED", "20261125")))
        prompts = os.path.join(self.tmp, "prompts")
        os.makedirs(prompts)
        for i in range(20):
            with open(os.path.join(prompts, f"p{i:02}.txt"), "w") as f:
                f.write(f"prompt {i}: write to someone{i}@example.org about the renewal\n")
        # How long one writer runs undisturbed, so kills land before, during and after its commit.
        start = time.monotonic()
        self.ok("check", prompts, "--format", "json", "--fail-on", "never")
        span = time.monotonic() - start
        acknowledged = set()
        killed_mid_run = 0
        for _ in range(rounds):
            procs = [subprocess.Popen([BIN, "check", prompts, "--format", "json", "--fail-on", "never", "--jobs", "1"],
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=self.env)
                     for _ in range(3)]
            time.sleep(rng.uniform(0, 1.5 * span))
            for p in procs:
                if p.poll() is None:
                    killed_mid_run += 1
                    p.send_signal(signal.SIGKILL)
            for p in procs:
                out, _ = p.communicate(timeout=60)
                acknowledged.update(AUDIT_ID.findall(out.decode(errors="replace")))
        present = self.ids_in_log()
        missing = acknowledged - present
        self.assertEqual(missing, set(), f"{len(missing)} acknowledged record(s) lost")
        self.assert_valid(len(present))
        print(f"\nkill -9 rounds: {rounds}, writers killed mid-run: {killed_mid_run}, "
              f"acknowledged records: {len(acknowledged)}, records in the log: {len(present)}")
        self.assertGreater(killed_mid_run, 0, "no writer was killed mid-run: the timing is off")


if __name__ == "__main__":
    unittest.main()
