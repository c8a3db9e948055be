// Fills an initialised workspace's audit trail with N realistic check records (~1 KB each: a
// masked prompt, one finding, the policy reference), appended in batches through AuditLog, so
// automatic checkpoints are made as in real use. For scripts/bench: `audit verify` and `audit
// export` of 1,000,000 records. Usage: novacrm_audit_seed HOME N
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "compliance/engine.hpp"

using namespace novacrm;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: novacrm_audit_seed HOME N\n");
    return 2;
  }
  const int64_t n = std::strtoll(argv[2], nullptr, 10);
  auto paths = core::resolve_workspace(std::string(argv[1]));
  if (!paths) return 2;
  auto ws = app::Workspace::open(*paths);
  if (!ws) {
    std::fprintf(stderr, "%s\n", ws.error().describe().c_str());
    return 5;
  }
  auto engine = compliance::Engine::with_builtin_rules();
  auto key = (*ws)->hmac_key();
  if (!engine || !key) return 6;
  std::string filler;
  while (filler.size() < 700) filler += "Summarise the renewal discussion for the account team. ";
  constexpr int64_t kBatch = 10000;
  for (int64_t done = 0; done < n;) {
    std::vector<audit::Event> batch;
    for (int64_t i = 0; i < kBatch && done < n; ++i, ++done) {
      const std::string prompt = filler + " Write to user" + std::to_string(done) + "@example.org.";
      auto d = engine->analyze(prompt, compliance::ScanContext{});
      auto input = audit::capture_input(prompt, d->findings, *key);
      if (!d || !input) return 6;
      audit::Event e;
      e.actor = app::local_actor();
      e.action = "check";
      e.request_id = audit::new_request_id();
      e.policy = audit::PolicyRef{engine->policy_id(), engine->policy_sha256()};
      e.decision = audit::DecisionSummary{d->action, d->risk, d->findings};
      e.input = std::move(input).value();
      batch.push_back(std::move(e));
    }
    auto r = (*ws)->audit().append(batch);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().describe().c_str());
      return 6;
    }
  }
  return 0;
}
