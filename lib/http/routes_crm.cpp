// Contacts and clients over HTTP: the CLI's CRUD through the same services, in the token's org.
// Email and phone are masked unless ?reveal=true (its own matrix row, and audited); deletes go
// through lib/app, which audits them in the same transaction.
#include <array>

#include "app/contacts.hpp"
#include "crm/json.hpp"
#include "http/exchange.hpp"

namespace novacrm::http {

namespace {

using nlohmann::json;

const std::string& org(const Exchange& ex) { return ex.session->claims.org; }

// contacts list|show with ?reveal=true run under the "--reveal" row of the matrix.
std::function<std::string(const httplib::Request&)> reveal_row(std::string command) {
  return [command = std::move(command)](const httplib::Request& req) {
    const std::string v = req.has_param("reveal") ? req.get_param_value("reveal") : "";
    return v == "true" || v == "1" || (req.has_param("reveal") && v.empty()) ? command + " --reveal"
                                                                             : command;
  };
}

core::Status audit_reveal(Exchange& ex, const std::vector<int64_t>& ids) {
  auto r = ex.audit(app::reveal_event(ex.session->actor(), ids));
  if (!r) return r.error();
  return {};
}

core::Result<std::vector<std::string>> tags_field(const json& body) {
  std::vector<std::string> tags;
  const auto it = body.find("tags");
  if (it == body.end() || it->is_null()) return tags;
  if (!it->is_array()) return core::bad_input("tags", "must be an array of strings");
  for (const json& t : *it) {
    if (!t.is_string()) return core::bad_input("tags", "must be an array of strings");
    tags.push_back(t.get<std::string>());
  }
  return tags;
}

// Copies the optional string members named in `fields` into their targets.
core::Status read_strings(
    const json& body,
    std::initializer_list<std::pair<const char*, std::optional<std::string>*>> fields) {
  for (const auto& [name, target] : fields) {
    auto v = string_field(body, name);
    if (!v) return v.error();
    if (*v) *target = std::move(**v);
  }
  return {};
}

constexpr std::array<std::string_view, 8> kContactFields = {
    "first_name", "last_name", "email", "phone", "client", "tags", "notes", "legal_basis"};

core::Status list_contacts(Exchange& ex) {
  if (core::Status s = known_params(ex, {"search", "client", "tag", "limit", "offset", "reveal"});
      !s) {
    return s;
  }
  crm::ContactQuery q;
  q.org = org(ex);
  q.search = param(ex, "search");
  q.tag = param(ex, "tag");
  if (auto client = param(ex, "client")) {
    auto c = ex.ws.crm().resolve_client(q.org, *client, "client");
    if (!c) return c.error();
    q.client_id = c->id;
  }
  auto limit = int_param(ex, "limit", 50, 1, 10000);
  if (!limit) return limit.error();
  auto offset = int_param(ex, "offset", 0, 0, INT64_MAX);
  if (!offset) return offset.error();
  auto reveal = bool_param(ex, "reveal");
  if (!reveal) return reveal.error();
  q.limit = *limit;
  q.offset = *offset;
  auto page = ex.ws.crm().list_contacts(q);
  if (!page) return page.error();
  if (*reveal) {
    std::vector<int64_t> ids;
    for (const crm::Contact& c : page->items) ids.push_back(c.id);
    if (core::Status s = audit_reveal(ex, ids); !s) return s;
  }
  send_json(ex, 200, crm::to_json(*page, *reveal ? crm::Pii::kClear : crm::Pii::kMasked));
  return {};
}

core::Status show_contact(Exchange& ex) {
  if (core::Status s = known_params(ex, {"reveal"}); !s) return s;
  auto id = path_id(ex, "contact");
  if (!id) return id.error();
  auto reveal = bool_param(ex, "reveal");
  if (!reveal) return reveal.error();
  auto c = ex.ws.crm().get_contact(org(ex), *id);
  if (!c) return c.error();
  if (*reveal) {
    if (core::Status s = audit_reveal(ex, {*id}); !s) return s;
  }
  send_json(ex, 200, crm::to_json(*c, *reveal ? crm::Pii::kClear : crm::Pii::kMasked));
  return {};
}

core::Status add_contact(Exchange& ex) {
  auto body = json_body(ex, kContactFields);
  if (!body) return body.error();
  crm::ContactDraft d;
  std::optional<std::string> first;
  std::optional<std::string> last;
  if (core::Status s = read_strings(*body, {{"first_name", &first},
                                            {"last_name", &last},
                                            {"email", &d.email},
                                            {"phone", &d.phone},
                                            {"client", &d.client},
                                            {"notes", &d.notes},
                                            {"legal_basis", &d.legal_basis}});
      !s) {
    return s;
  }
  if (!first) return core::bad_input("first_name", "is required");
  if (!last) return core::bad_input("last_name", "is required");
  d.first_name = std::move(*first);
  d.last_name = std::move(*last);
  auto tags = tags_field(*body);
  if (!tags) return tags.error();
  d.tags = std::move(tags).value();
  auto c = ex.ws.crm().add_contact(org(ex), d);
  if (!c) return c.error();
  ex.res.set_header("Location", "/api/v1/contacts/" + std::to_string(c->id));
  send_json(ex, 201, crm::to_json(*c, crm::Pii::kMasked));
  return {};
}

core::Status update_contact(Exchange& ex) {
  auto id = path_id(ex, "contact");
  if (!id) return id.error();
  auto body = json_body(ex, kContactFields);
  if (!body) return body.error();
  crm::ContactPatch p;
  if (core::Status s = read_strings(*body, {{"first_name", &p.first_name},
                                            {"last_name", &p.last_name},
                                            {"email", &p.email},
                                            {"phone", &p.phone},
                                            {"client", &p.client},
                                            {"notes", &p.notes},
                                            {"legal_basis", &p.legal_basis}});
      !s) {
    return s;
  }
  if (body->contains("tags")) {
    auto tags = tags_field(*body);
    if (!tags) return tags.error();
    p.tags = std::move(tags).value();
  }
  auto c = ex.ws.crm().update_contact(org(ex), *id, p);
  if (!c) return c.error();
  send_json(ex, 200, crm::to_json(*c, crm::Pii::kMasked));
  return {};
}

core::Status delete_contact(Exchange& ex) {
  auto id = path_id(ex, "contact");
  if (!id) return id.error();
  if (core::Status s = app::delete_contact(ex.ws, org(ex), *id); !s) return s;
  ex.res.status = 204;
  return {};
}

core::Status list_clients(Exchange& ex) {
  if (core::Status s = known_params(ex, {"search", "limit", "offset"}); !s) return s;
  crm::ClientQuery q;
  q.org = org(ex);
  q.search = param(ex, "search");
  auto limit = int_param(ex, "limit", 50, 1, 10000);
  if (!limit) return limit.error();
  auto offset = int_param(ex, "offset", 0, 0, INT64_MAX);
  if (!offset) return offset.error();
  q.limit = *limit;
  q.offset = *offset;
  auto page = ex.ws.crm().list_clients(q);
  if (!page) return page.error();
  send_json(ex, 200, crm::to_json(*page));
  return {};
}

core::Status show_client(Exchange& ex) {
  auto id = path_id(ex, "client");
  if (!id) return id.error();
  auto c = ex.ws.crm().get_client(org(ex), *id);
  if (!c) return c.error();
  send_json(ex, 200, crm::to_json(*c));
  return {};
}

core::Status add_client(Exchange& ex) {
  auto body = json_body(ex, {"name", "domain"});
  if (!body) return body.error();
  std::optional<std::string> name;
  crm::ClientDraft d;
  if (core::Status s = read_strings(*body, {{"name", &name}, {"domain", &d.domain}}); !s) return s;
  if (!name) return core::bad_input("name", "is required");
  d.name = std::move(*name);
  auto c = ex.ws.crm().add_client(org(ex), d);
  if (!c) return c.error();
  ex.res.set_header("Location", "/api/v1/clients/" + std::to_string(c->id));
  send_json(ex, 201, crm::to_json(*c));
  return {};
}

core::Status update_client(Exchange& ex) {
  auto id = path_id(ex, "client");
  if (!id) return id.error();
  auto body = json_body(ex, {"name", "domain"});
  if (!body) return body.error();
  crm::ClientPatch p;
  if (core::Status s = read_strings(*body, {{"name", &p.name}, {"domain", &p.domain}}); !s) {
    return s;
  }
  auto c = ex.ws.crm().update_client(org(ex), *id, p);
  if (!c) return c.error();
  send_json(ex, 200, crm::to_json(*c));
  return {};
}

core::Status delete_client(Exchange& ex) {
  if (core::Status s = known_params(ex, {"cascade"}); !s) return s;
  auto id = path_id(ex, "client");
  if (!id) return id.error();
  auto cascade = bool_param(ex, "cascade");
  if (!cascade) return cascade.error();
  auto removed = ex.ws.crm().delete_client(org(ex), *id, *cascade);
  if (!removed) return removed.error();
  ex.res.status = 204;
  return {};
}

}  // namespace

std::vector<Route> crm_routes() {
  const std::string id = "/([0-9]{1,20})";
  return {
      {"GET", "/api/v1/contacts", "/api/v1/contacts", Access::kMatrix, reveal_row("contacts list"),
       list_contacts},
      {"POST", "/api/v1/contacts", "/api/v1/contacts", Access::kMatrix, row("contacts add"),
       add_contact},
      {"GET", "/api/v1/contacts" + id, "/api/v1/contacts/{id}", Access::kMatrix,
       reveal_row("contacts show"), show_contact},
      {"PATCH", "/api/v1/contacts" + id, "/api/v1/contacts/{id}", Access::kMatrix,
       row("contacts update"), update_contact},
      {"DELETE", "/api/v1/contacts" + id, "/api/v1/contacts/{id}", Access::kMatrix,
       row("contacts delete"), delete_contact},
      {"GET", "/api/v1/clients", "/api/v1/clients", Access::kMatrix, row("clients list"),
       list_clients},
      {"POST", "/api/v1/clients", "/api/v1/clients", Access::kMatrix, row("clients add"),
       add_client},
      {"GET", "/api/v1/clients" + id, "/api/v1/clients/{id}", Access::kMatrix, row("clients show"),
       show_client},
      {"PATCH", "/api/v1/clients" + id, "/api/v1/clients/{id}", Access::kMatrix,
       row("clients update"), update_client},
      {"DELETE", "/api/v1/clients" + id, "/api/v1/clients/{id}", Access::kMatrix,
       row("clients delete"), delete_client},
  };
}

}  // namespace novacrm::http
