#include "crm/json.hpp"

#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "core/text.hpp"

namespace novacrm::crm {

using nlohmann::json;

namespace {

json nullable(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

std::string join_tags(const std::vector<std::string>& tags) {
  std::string out;
  for (const std::string& t : tags) out += (out.empty() ? "" : ";") + t;
  return out;
}

}  // namespace

std::optional<std::string> shown_email(const Contact& c, Pii pii) {
  if (!c.email || pii == Pii::kClear) return c.email;
  return core::mask_email(*c.email);
}

std::optional<std::string> shown_phone(const Contact& c, Pii pii) {
  if (!c.phone || pii == Pii::kClear) return c.phone;
  return core::mask_phone(*c.phone);
}

json to_json(const Contact& c, Pii pii) {
  json client = nullptr;
  if (c.client_id) client = json{{"id", *c.client_id}, {"name", nullable(c.client_name)}};
  return json{{"id", c.id},
              {"org", c.org},
              {"first_name", nullable(c.first_name)},
              {"last_name", nullable(c.last_name)},
              {"email", nullable(shown_email(c, pii))},
              {"phone", nullable(shown_phone(c, pii))},
              {"client", client},
              {"tags", c.tags},
              {"notes", nullable(c.notes)},
              {"legal_basis", nullable(c.legal_basis)},
              {"pii_masked", pii == Pii::kMasked},
              {"created_at", c.created_at},
              {"updated_at", c.updated_at},
              {"erased_at", nullable(c.erased_at)}};
}

json to_json(const Client& c) {
  return json{{"id", c.id},
              {"org", c.org},
              {"name", c.name},
              {"domain", nullable(c.domain)},
              {"contact_count", c.contact_count},
              {"created_at", c.created_at},
              {"updated_at", c.updated_at}};
}

json to_json(const Page<Contact>& page, Pii pii) {
  json items = json::array();
  for (const Contact& c : page.items) items.push_back(to_json(c, pii));
  return json{
      {"items", items}, {"total", page.total}, {"limit", page.limit}, {"offset", page.offset}};
}

json to_json(const Page<Client>& page) {
  json items = json::array();
  for (const Client& c : page.items) items.push_back(to_json(c));
  return json{
      {"items", items}, {"total", page.total}, {"limit", page.limit}, {"offset", page.offset}};
}

std::string contact_csv_header() {
  return "id,first_name,last_name,email,phone,client,tags,notes,legal_basis,created_at,updated_"
         "at\n";
}

std::string contact_csv_row(const Contact& c, Pii pii) {
  const auto f = [](const std::optional<std::string>& v) {
    return core::csv_field(v.value_or(""));
  };
  return std::to_string(c.id) + "," + f(c.first_name) + "," + f(c.last_name) + "," +
         f(shown_email(c, pii)) + "," + f(shown_phone(c, pii)) + "," + f(c.client_name) + "," +
         core::csv_field(join_tags(c.tags)) + "," + f(c.notes) + "," + f(c.legal_basis) + "," +
         c.created_at + "," + c.updated_at + "\n";
}

std::string client_csv_header() { return "id,name,domain,contact_count,created_at,updated_at\n"; }

std::string client_csv_row(const Client& c) {
  return std::to_string(c.id) + "," + core::csv_field(c.name) + "," +
         core::csv_field(c.domain.value_or("")) + "," + std::to_string(c.contact_count) + "," +
         c.created_at + "," + c.updated_at + "\n";
}

}  // namespace novacrm::crm
