// The grammar of no_mass_export_requests (mass_export.cpp) over the words of one text: a verb
// (with its recipient and adverb), a container, a quantifier or a count, then an object noun.
// Internal to the rule.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "compliance/rules/mass_export_words.hpp"

namespace novacrm::compliance::mass_export {

enum VerbClass : unsigned {
  kExtract = 1U,
  kStrong = 2U,
  kTransfer = 4U,
  kMail = 8U,
  kWish = 16U,
  kMaker = 32U,
};

struct Head {
  size_t verb;      // the verb's first word
  size_t verb_end;  // word after the verb
  size_t end;       // word after the recipient and adverb
  unsigned classes;
  bool bare;  // a transfer verb with no recipient: the people must not be its indirect object
};

struct Object {
  size_t begin;  // words of the object noun
  size_t end;
  bool attribute;  // "emails", "details": one named record after it is a single-record request
};

struct Match {
  Head head;
  Object object;
  std::optional<int64_t> count;
};

// Every request in `text` (folded into `t`) whose count, when it has one, is at least
// `threshold`, left to right. A verb inside an earlier request starts no other.
std::vector<Match> find_requests(std::string_view text, const Tokens& t, int64_t threshold);

}  // namespace novacrm::compliance::mass_export
