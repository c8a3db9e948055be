// Engine::analyze on a 4 KB prompt with the built-in policy's five rules (DESIGN.md target: p99
// under 200 us). Google Benchmark's own
// figures are means; each iteration is also timed alone and the p50/p99 are reported as
// counters. The same prompt through PCRE2 alone (no Hyperscan prefilter) for comparison.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "compliance/detector_rule.hpp"
#include "compliance/engine.hpp"
#include "compliance/policy.hpp"
#include "compliance/rules/builtin.hpp"

namespace {

using novacrm::compliance::Engine;

// A realistic prompt of about 4 KB: prose, a config excerpt, an email, a phone number and a
// token, as a user might paste them.
std::string prompt_4k() {
  const std::string prose =
      "Please summarise the renewal discussion with the Acme account for the quarterly review. "
      "The customer asked about volume discounts, the migration timeline and the support tier; "
      "keep the tone factual and list the open questions at the end. ";
  std::string p;
  while (p.size() < 1500) p += prose;
  p += "\nContact: ada.lovelace@example.com, +33 6 12 34 56 78.\n";
  p += "config:\n  region: eu-west-3\n  retries: 5\n  endpoint: https://api.example.net/v2\n";
  p += "  token: ghp_Zx9kLm2pQ7vB3nR8tW1yC4dF6gH0jK5sA2eU\n";
  while (p.size() < 3900) p += prose;
  p += "\nThanks, and do not include the order number 4111 1111 1111 1112 in the answer.\n";
  return p.substr(0, 4096);
}

// The built-in policy's engine (every rule), its detector tables matched with or without the
// prefilter from the first byte.
Engine make_engine(bool prefilter) {
  using namespace novacrm::compliance;  // NOLINT(google-build-using-namespace)
  MatchingOptions o = MatchingOptions::from_environment();
  o.prefilter = prefilter;
  o.prefilter_after_bytes = 0;
  RuleRegistry registry = builtin_rules();
  registry.add(kPiiRuleKey, [o](const RuleConfig&) {
    return make_detector_rule(kPiiRuleKey, pii_detectors(), o);
  });
  registry.add(kSecretsRuleKey, [o](const RuleConfig&) {
    return make_detector_rule(kSecretsRuleKey, secrets_detectors(), o);
  });
  return Engine::from_policy(builtin_policy().value(), registry).value();
}

void analyze(benchmark::State& state, bool prefilter, const std::string& text) {
  const Engine engine = make_engine(prefilter);
  std::vector<double> micros;
  micros.reserve(1 << 20);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto decision = engine.analyze(text, {});
    benchmark::DoNotOptimize(decision);
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(micros.begin(), micros.end());
  const auto at = [&](double q) { return micros[static_cast<size_t>(q * (micros.size() - 1))]; };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void BM_Analyze4KB(benchmark::State& state) { analyze(state, true, prompt_4k()); }
void BM_Analyze4KB_Pcre2Only(benchmark::State& state) { analyze(state, false, prompt_4k()); }
// A 15 KB word (a pasted base64 blob): a pattern that restarts inside a word goes quadratic
// here (the e-mail pattern did: 0.44 s per check before ADR 0012's fix).
void BM_AnalyzeLongWord15KB(benchmark::State& state) {
  analyze(state, true, std::string(15000, 'a'));
}

BENCHMARK(BM_Analyze4KB)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyze4KB_Pcre2Only)->MinTime(2.0)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_AnalyzeLongWord15KB)->MinTime(2.0)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
