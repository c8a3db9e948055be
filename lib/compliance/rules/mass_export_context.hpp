// What surrounds a verb for no_mass_export_requests (mass_export.cpp): the words before it,
// which rule out nouns ("the export of"), how-to questions and descriptions ("managers can
// export"), and a glance at the words after it. Internal to the rule.
#pragma once

#include <cstddef>
#include <string_view>

#include "compliance/rules/mass_export_words.hpp"

namespace novacrm::compliance::mass_export {

// Whether the verb at word `v` (of VerbClass `classes`) can start a request, from the words
// before it.
bool asks_at(std::string_view text, const Tokens& t, size_t v, unsigned classes);

// What the next words after a verb hold: an object word? a count?
struct Ahead {
  bool object = false;
  bool count = false;
};

Ahead look_ahead(const Tokens& t, size_t from);

}  // namespace novacrm::compliance::mass_export
