#include "audit/bundle.hpp"

#include <nlohmann/json.hpp>

#include "audit/export.hpp"
#include "audit/tree.hpp"

namespace novacrm::audit {

using nlohmann::json;

namespace {

struct Bundle {  // NOLINT(bugprone-exception-escape): json and strings, built as they are
  json header;
  std::vector<std::string> records;  // each record's JSON text
  json checkpoint;
};

// json: one object with "records"; ndjson: a {"novacrm_bundle"} line, record lines, a
// {"novacrm_checkpoint"} line.
core::Result<Bundle> parse_bundle(std::string_view text, const std::string& where) {
  const auto bad = [&](const std::string& what) { return core::bad_input(where, what); };
  Bundle b;
  json whole = json::parse(text, nullptr, false);
  if (whole.is_object() && whole.contains("records")) {
    if (!whole["records"].is_array() || !whole.contains("checkpoint")) {
      return bad("is not an audit bundle (records or checkpoint missing)");
    }
    for (const json& r : whole["records"]) b.records.push_back(r.dump());
    b.checkpoint = whole["checkpoint"];
    whole.erase("records");
    whole.erase("checkpoint");
    b.header = std::move(whole);
  } else {
    size_t pos = 0;
    size_t line_no = 0;
    while (pos < text.size()) {
      size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view line = text.substr(pos, end - pos);
      pos = end + 1;
      ++line_no;
      if (line.empty()) continue;
      const json j = json::parse(line, nullptr, false);
      if (!j.is_object())
        return bad("is not an audit bundle: line " + std::to_string(line_no) +
                   " is not a JSON object (csv exports carry no proof)");
      if (j.contains("novacrm_bundle")) {
        b.header = j["novacrm_bundle"];
      } else if (j.contains("novacrm_checkpoint")) {
        b.checkpoint = j["novacrm_checkpoint"];
      } else {
        b.records.emplace_back(line);
      }
    }
  }
  if (!b.header.is_object() || b.header.value("format", "") != kBundleFormat) {
    return bad("is not an audit bundle (format " + std::string(kBundleFormat) +
               "; csv exports carry no proof)");
  }
  if (!b.checkpoint.is_object()) return bad("has no checkpoint");
  return b;
}

}  // namespace

core::Result<std::string> bundle_key_id(std::string_view text, const std::string& where) {
  auto b = parse_bundle(text, where);
  if (!b) return b.error();
  if (!b->checkpoint.contains("key_id") || !b->checkpoint["key_id"].is_string()) {
    return core::bad_input(where, "the checkpoint names no key_id");
  }
  return b->checkpoint["key_id"].get<std::string>();
}

core::Result<BundleReport> verify_bundle(std::string_view text, const std::string& where,
                                         PublicKeyBytes public_key) {
  auto parsed = parse_bundle(text, where);
  if (!parsed) return parsed.error();
  const Bundle& b = *parsed;
  BundleReport out;
  VerifyReport& report = out.report;
  std::string origin;
  int64_t first = 0;
  int64_t last = 0;
  std::string note;
  std::vector<Hash> nodes;
  uint64_t left_size = 0;
  try {
    origin = b.header.at("origin").get<std::string>();
    first = b.header.at("first_seq").get<int64_t>();
    last = b.header.at("last_seq").get<int64_t>();
    left_size = b.header.at("left").at("size").get<uint64_t>();
    for (const json& h : b.header.at("left").at("nodes")) {
      auto hash = hash_from_hex(h.get<std::string>());
      if (!hash) return core::bad_input(where, "left.nodes holds a value that is not a hash");
      nodes.push_back(*hash);
    }
    out.key_id = b.checkpoint.at("key_id").get<std::string>();
    note = b.checkpoint.at("note").get<std::string>();
  } catch (const json::exception&) {
    return core::bad_input(where, "misses a bundle field or has one of the wrong type");
  }
  const auto fail = [&](int64_t seq, const std::string& what) {
    report.failures.push_back({seq, what});
  };
  auto signed_cp = open_checkpoint(note, origin, public_key);
  if (!signed_cp) {
    fail(last, "checkpoint signature does not verify with key " + out.key_id +
                   " (checkpoint forged or re-signed, or the wrong public key)");
  } else if (signed_cp->size != static_cast<uint64_t>(last) || signed_cp->origin != origin) {
    fail(last, "the signed checkpoint covers " + std::to_string(signed_cp->size) + " records of " +
                   signed_cp->origin + ", the bundle says " + std::to_string(last) + " of " +
                   origin);
  }
  auto range = CompactRange::from_nodes(left_size, nodes);
  if (!range || left_size + 1 != static_cast<uint64_t>(first)) {
    fail(first, "the compact range left of the first record does not match first_seq " +
                    std::to_string(first));
    range = CompactRange();
  }
  std::string prev;
  int64_t expected = first;
  for (const std::string& text_record : b.records) {
    ++report.records;
    auto r = parse_record(text_record);
    const int64_t seq = r ? r->seq : expected;
    std::vector<std::string> problems;
    if (!r) {
      problems.emplace_back("record is not valid JSON or misses fields");
    } else {
      if (r->seq != expected) {
        problems.push_back("sequence gap: expected " + std::to_string(expected) +
                           " (a record was removed, inserted or reordered)");
      }
      if (compute_hash(*r) != r->hash) {
        problems.emplace_back("hash mismatch: the record's content was changed");
      }
      if (!prev.empty() && r->prev_hash != prev) {
        problems.push_back("previous hash does not link to record " + std::to_string(seq - 1));
      }
      prev = r->hash;
      range->append(record_leaf(r->hash).value_or(Hash{}));
    }
    expected = seq + 1;
    for (const std::string& p : problems) fail(seq, p);
    if (problems.empty()) ++report.valid;
  }
  if (expected != last + 1 || report.records != last - first + 1) {
    fail(last + 1, "the bundle says it holds records " + std::to_string(first) + ".." +
                       std::to_string(last) + " but holds " + std::to_string(report.records) +
                       " records ending at " + std::to_string(expected - 1));
  }
  if (signed_cp && range->root() != signed_cp->root) {
    fail(last, "Merkle root of records 1.." + std::to_string(last) +
                   " does not match the signed checkpoint (a record was changed, removed, "
                   "inserted or reordered)");
  }
  std::stable_sort(report.failures.begin(), report.failures.end(),
                   [](const VerifyFailure& a, const VerifyFailure& b) { return a.seq < b.seq; });
  return out;
}

}  // namespace novacrm::audit
