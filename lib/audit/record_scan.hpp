// A strict reader of a stored audit record's top-level members that builds no DOM: `audit
// verify` reads a million records with it (docs/adr/0010). It checks the whole text against the
// JSON grammar (RFC 8259: nesting, string escapes, UTF-8, numbers), refuses duplicate keys in the
// objects it reads members from, and keeps every value as its raw text; decode_string turns a
// raw string value into its bytes. Anything it refuses, `audit verify` reports as "not valid
// JSON or misses fields", as when nlohmann's parser refused it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace novacrm::audit::scan {

struct Member {
  std::string_view key;    // raw, between the quotes (escapes not decoded)
  std::string_view value;  // raw JSON text of the value
  size_t begin = 0;        // offset of the key's opening quote in the scanned text
  size_t end = 0;          // offset just past the value
};

// The members of the JSON object `text` (whitespace around it allowed), in order, or nullopt when
// `text` is not exactly one valid JSON object, nests deeper than 256, or repeats a key (keys are
// compared after decoding).
std::optional<std::vector<Member>> object_members(std::string_view text);

// The bytes a raw JSON string value (with its quotes) stands for, or nullopt when `raw` is not a
// string.
std::optional<std::string> decode_string(std::string_view raw);

// The value of the member named `key` (an unescaped key), or nullptr.
const Member* find(const std::vector<Member>& members, std::string_view key);

// What `audit verify` needs of a stored record (record_json: canonical JSON with "hash").
struct RecordView {
  int64_t seq = 0;
  std::string id, time, action, subject, org, prev_hash, hash;
  std::optional<std::string> decision;  // decision.action, when decision is not null
  // The text without the "hash" member (and one comma beside it): what the hash covers, as the
  // text before and after the cut.
  std::string_view hashed_head, hashed_tail;
};

// nullopt unless `text` is valid JSON holding every top-level field of a record with the types
// parse_record expects (seq an integer; id, time, action, request_id, prev_hash and hash
// strings; actor an object with string subject, role and org; details an object; policy and
// input null or objects; decision null or an object whose action names an action).
std::optional<RecordView> scan_record(std::string_view text);

}  // namespace novacrm::audit::scan
