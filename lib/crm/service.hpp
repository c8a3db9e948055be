// The CRM's use of its repositories: validation, normalisation, client resolution and the
// duplicate-email rule. Knows nothing of permissions or auditing (lib/app adds those).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "crm/model.hpp"
#include "crm/repository.hpp"

namespace novacrm::crm {

struct ClientDraft {
  std::string name;
  std::optional<std::string> domain;
};

struct ClientPatch {
  std::optional<std::string> name;
  std::optional<std::string> domain;  // "" clears it
};

struct ImportOptions {
  std::string org = kDefaultOrg;
  std::string source_name;  // how errors name the file ("contacts.csv")
};

struct ImportReport {
  int64_t contacts = 0;
};

class CrmService {
 public:
  CrmService(ContactRepository& contacts, ClientRepository& clients)
      : contacts_(contacts), clients_(clients) {}

  core::Result<Client> add_client(const std::string& org, const ClientDraft& draft);
  core::Result<Client> get_client(const std::string& org, int64_t id);
  // A client named by numeric id or by name (case-insensitive).
  core::Result<Client> resolve_client(const std::string& org, const std::string& ref,
                                      const std::string& field);
  core::Result<Page<Client>> list_clients(const ClientQuery& query);
  core::Result<Client> update_client(const std::string& org, int64_t id, const ClientPatch& patch);
  // Refused while live contacts reference the client, unless `cascade` (which deletes them).
  core::Result<int64_t> delete_client(const std::string& org, int64_t id, bool cascade);

  core::Result<Contact> add_contact(const std::string& org, const ContactDraft& draft);
  // Erased tombstones are returned too.
  core::Result<Contact> get_contact(const std::string& org, int64_t id);
  core::Result<Page<Contact>> list_contacts(const ContactQuery& query);
  core::Result<Contact> update_contact(const std::string& org, int64_t id,
                                       const ContactPatch& patch);
  core::Status delete_contact(const std::string& org, int64_t id);
  core::Status erase_contact(const std::string& org, int64_t id);
  core::Status for_each_contact(const std::string& org,
                                const std::function<void(const Contact&)>& visit);

  // CSV with a header row (see docs: first_name,last_name,email,phone,client,tags,notes,
  // legal_basis; tags separated by ';'). All or nothing: the first bad row fails the import,
  // named by line, and nothing is written.
  core::Result<ImportReport> import_csv(std::string_view csv, const ImportOptions& options);

 private:
  // Validates and normalises a draft into a contact ready to store (client resolved).
  core::Result<Contact> build_contact(const std::string& org, const ContactDraft& draft,
                                      const std::string& prefix);
  core::Result<Contact> live_contact(const std::string& org, int64_t id);

  ContactRepository& contacts_;
  ClientRepository& clients_;
};

}  // namespace novacrm::crm
