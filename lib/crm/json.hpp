// The CRM's JSON and CSV shapes (schemas/contact.schema.json, schemas/client.schema.json).
// Contact email and phone are masked unless the caller asks for clear values (--reveal, export).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "crm/model.hpp"

namespace novacrm::crm {

enum class Pii { kMasked, kClear };

nlohmann::json to_json(const Contact& c, Pii pii);
nlohmann::json to_json(const Client& c);

// {"items": [...], "total": N, "limit": L, "offset": O}
nlohmann::json to_json(const Page<Contact>& page, Pii pii);
nlohmann::json to_json(const Page<Client>& page);

// CSV header and rows, in the column order `contacts import` reads back.
std::string contact_csv_header();
std::string contact_csv_row(const Contact& c, Pii pii);
std::string client_csv_header();
std::string client_csv_row(const Client& c);

// The email and phone as they may be shown: masked or clear.
std::optional<std::string> shown_email(const Contact& c, Pii pii);
std::optional<std::string> shown_phone(const Contact& c, Pii pii);

}  // namespace novacrm::crm
