// CRM use of the repositories: every value is validated and normalised here, before storage.
#include "crm/service.hpp"

#include <charconv>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "crm/phone.hpp"
#include "crm/validation.hpp"

namespace novacrm::crm {

using core::bad_input;
using core::Error;
using core::Result;
using core::Status;

namespace {

std::optional<int64_t> parse_id(std::string_view s) {
  int64_t id = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
  if (ec != std::errc() || ptr != s.data() + s.size() || id <= 0) return std::nullopt;
  return id;
}

Error not_found(const std::string& kind, int64_t id) {
  return bad_input(kind + " " + std::to_string(id), "no such " + kind);
}

// Applies an optional-field update: "" clears, anything else goes through `normalize`.
template <typename F>
Status apply_optional(std::optional<std::string>& field, const std::optional<std::string>& value,
                      F normalize) {
  if (!value) return {};
  if (core::trim(*value).empty()) {
    field.reset();
    return {};
  }
  auto v = normalize(*value);
  if (!v) return v.error();
  field = std::move(v).value();
  return {};
}

}  // namespace

// ---- clients ---------------------------------------------------------------------------------

Result<Client> CrmService::add_client(const std::string& org, const ClientDraft& draft) {
  auto name = normalize_name(draft.name, "name");
  if (!name) return name.error();
  Client c;
  c.org = org;
  c.name = std::move(name).value();
  if (Status s = apply_optional(c.domain, draft.domain,
                                [](const std::string& d) { return normalize_domain(d); });
      !s) {
    return s.error();
  }
  auto existing = clients_.find_by_name(org, c.name);
  if (!existing) return existing.error();
  if (existing.value()) {
    return bad_input("name", "a client with this name already exists (id " +
                                 std::to_string((*existing)->id) + ")");
  }
  c.created_at = c.updated_at = core::now_rfc3339();
  return clients_.insert(c);
}

Result<Client> CrmService::get_client(const std::string& org, int64_t id) {
  auto found = clients_.find(org, id);
  if (!found) return found.error();
  if (!found.value()) return not_found("client", id);
  return **found;
}

Result<Client> CrmService::resolve_client(const std::string& org, const std::string& ref,
                                          const std::string& field) {
  const std::string_view key = core::trim(ref);
  if (auto id = parse_id(key)) {
    auto found = clients_.find(org, *id);
    if (!found) return found.error();
    if (found.value()) return **found;
  }
  auto found = clients_.find_by_name(org, std::string(key));
  if (!found) return found.error();
  if (!found.value())
    return bad_input(
        field, "\"" + std::string(key) + "\" is not a known client (see 'novacrm clients list')");
  return **found;
}

Result<Page<Client>> CrmService::list_clients(const ClientQuery& query) {
  return clients_.list(query);
}

Result<Client> CrmService::update_client(const std::string& org, int64_t id,
                                         const ClientPatch& patch) {
  auto client = get_client(org, id);
  if (!client) return client;
  Client c = std::move(client).value();
  if (patch.name) {
    auto name = normalize_name(*patch.name, "name");
    if (!name) return name.error();
    auto other = clients_.find_by_name(org, *name);
    if (!other) return other.error();
    if (other.value() && (*other)->id != id) {
      return bad_input("name", "a client with this name already exists (id " +
                                   std::to_string((*other)->id) + ")");
    }
    c.name = std::move(name).value();
  }
  if (Status s = apply_optional(c.domain, patch.domain,
                                [](const std::string& d) { return normalize_domain(d); });
      !s) {
    return s.error();
  }
  c.updated_at = core::now_rfc3339();
  return clients_.update(c);
}

Result<int64_t> CrmService::delete_client(const std::string& org, int64_t id, bool cascade) {
  auto client = get_client(org, id);
  if (!client) return client.error();
  if (client->contact_count > 0 && !cascade) {
    return bad_input("client " + std::to_string(id),
                     std::to_string(client->contact_count) +
                         " contact(s) still reference this client; "
                         "reassign them, or delete with cascade (--cascade; ?cascade=true over "
                         "HTTP) to delete them too");
  }
  return clients_.remove(org, id, cascade);
}

// ---- contacts --------------------------------------------------------------------------------

Result<Contact> CrmService::build_contact(const std::string& org, const ContactDraft& draft,
                                          const std::string& prefix) {
  Contact c;
  c.org = org;
  auto first = normalize_name(draft.first_name, prefix + "first_name");
  if (!first) return first.error();
  auto last = normalize_name(draft.last_name, prefix + "last_name");
  if (!last) return last.error();
  c.first_name = std::move(first).value();
  c.last_name = std::move(last).value();
  const auto field = [&](const char* f) { return prefix + f; };
  Status s = apply_optional(c.email, draft.email, [&](const std::string& v) {
    return normalize_email(v, field("email"));
  });
  if (s)
    s = apply_optional(c.phone, draft.phone,
                       [&](const std::string& v) { return normalize_phone(v, field("phone")); });
  if (s)
    s = apply_optional(c.notes, draft.notes,
                       [&](const std::string& v) { return normalize_notes(v, field("notes")); });
  if (s) {
    s = apply_optional(c.legal_basis, draft.legal_basis, [&](const std::string& v) {
      return normalize_legal_basis(v, field("legal_basis"));
    });
  }
  if (!s) return s.error();
  auto tags = normalize_tags(draft.tags, field("tag"));
  if (!tags) return tags.error();
  c.tags = std::move(tags).value();
  if (draft.client && !core::trim(*draft.client).empty()) {
    auto client = resolve_client(org, *draft.client, field("client"));
    if (!client) return client.error();
    c.client_id = client->id;
    c.client_name = client->name;
  }
  c.created_at = c.updated_at = core::now_rfc3339();
  return c;
}

Result<Contact> CrmService::add_contact(const std::string& org, const ContactDraft& draft) {
  auto contact = build_contact(org, draft, "");
  if (!contact) return contact;
  if (contact->email) {
    auto dup = contacts_.existing_emails(org, {*contact->email});
    if (!dup) return dup.error();
    if (!dup->empty()) {
      return bad_input("email", "a contact with \"" + core::mask_email(*contact->email) +
                                    "\" already exists in org " + org);
    }
  }
  return contacts_.insert(*contact);
}

Result<Contact> CrmService::get_contact(const std::string& org, int64_t id) {
  auto found = contacts_.find(org, id);
  if (!found) return found.error();
  if (!found.value()) return not_found("contact", id);
  return **found;
}

Result<Contact> CrmService::live_contact(const std::string& org, int64_t id) {
  auto c = get_contact(org, id);
  if (c && c->erased_at)
    return bad_input("contact " + std::to_string(id),
                     "this contact was erased (GDPR); only its tombstone remains");
  return c;
}

Result<Page<Contact>> CrmService::list_contacts(const ContactQuery& query) {
  return contacts_.list(query);
}

Result<Contact> CrmService::update_contact(const std::string& org, int64_t id,
                                           const ContactPatch& patch) {
  auto current = live_contact(org, id);
  if (!current) return current;
  Contact c = std::move(current).value();
  for (const auto& [value, target, name] :
       {std::tuple{&patch.first_name, &c.first_name, "first_name"},
        std::tuple{&patch.last_name, &c.last_name, "last_name"}}) {
    if (!*value) continue;
    auto v = normalize_name(**value, name);
    if (!v) return v.error();
    *target = std::move(v).value();
  }
  const std::optional<std::string> old_email = c.email;
  Status s =
      apply_optional(c.email, patch.email, [](const std::string& v) { return normalize_email(v); });
  if (s)
    s = apply_optional(c.phone, patch.phone,
                       [](const std::string& v) { return normalize_phone(v); });
  if (s)
    s = apply_optional(c.notes, patch.notes,
                       [](const std::string& v) { return normalize_notes(v); });
  if (s)
    s = apply_optional(c.legal_basis, patch.legal_basis,
                       [](const std::string& v) { return normalize_legal_basis(v); });
  if (!s) return s.error();
  if (c.email && c.email != old_email) {
    auto dup = contacts_.existing_emails(org, {*c.email});
    if (!dup) return dup.error();
    if (!dup->empty())
      return bad_input("email", "a contact with \"" + core::mask_email(*c.email) +
                                    "\" already exists in org " + org);
  }
  if (patch.client) {
    if (core::trim(*patch.client).empty()) {
      c.client_id.reset();
      c.client_name.reset();
    } else {
      auto client = resolve_client(org, *patch.client, "client");
      if (!client) return client.error();
      c.client_id = client->id;
      c.client_name = client->name;
    }
  }
  std::vector<std::string> tags = patch.tags ? *patch.tags : c.tags;
  tags.insert(tags.end(), patch.add_tags.begin(), patch.add_tags.end());
  auto normalized = normalize_tags(tags);
  if (!normalized) return normalized.error();
  auto removed = normalize_tags(patch.remove_tags);
  if (!removed) return removed.error();
  c.tags.clear();
  for (const std::string& t : *normalized) {
    if (std::find(removed->begin(), removed->end(), t) == removed->end()) c.tags.push_back(t);
  }
  c.updated_at = core::now_rfc3339();
  return contacts_.update(c);
}

Status CrmService::delete_contact(const std::string& org, int64_t id) {
  auto c = get_contact(org, id);
  if (!c) return c.error();
  return contacts_.remove(org, id);
}

Status CrmService::erase_contact(const std::string& org, int64_t id) {
  auto c = live_contact(org, id);
  if (!c) return c.error();
  return contacts_.erase(org, id, core::now_rfc3339());
}

Status CrmService::for_each_contact(const std::string& org,
                                    const std::function<void(const Contact&)>& visit) {
  return contacts_.for_each(org, visit);
}

}  // namespace novacrm::crm
