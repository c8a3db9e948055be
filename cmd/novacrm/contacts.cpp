// novacrm contacts ...: thin wrappers over the CRM service. Email and phone are masked on screen
// unless --reveal; export writes clear values (its purpose).
#include <iostream>
#include <map>
#include <sstream>

#include "app/contacts.hpp"
#include "cli.hpp"
#include "core/files.hpp"
#include "crm/json.hpp"
#include "crm/validation.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

using crm::Pii;

struct ContactArgs {
  int64_t id = 0;
  std::string format;
  bool reveal = false;
  bool yes = false;
  crm::ContactDraft draft;
  crm::ContactPatch patch;
  crm::ContactQuery query;
  std::string sort = "last_name";
  std::string client_filter;
  std::string file;
  std::string out;
};

void print_contact(const crm::Contact& c, Pii pii, const std::string& format) {
  if (format == "json") {
    print_json(crm::to_json(c, pii));
    return;
  }
  const auto v = [](const std::optional<std::string>& s) { return s.value_or("-"); };
  std::string tags;
  for (const std::string& t : c.tags) tags += (tags.empty() ? "" : ", ") + t;
  std::vector<std::pair<std::string, std::string>> fields = {
      {"id", std::to_string(c.id)},
      {"first name", v(c.first_name)},
      {"last name", v(c.last_name)},
      {"email", v(crm::shown_email(c, pii))},
      {"phone", v(crm::shown_phone(c, pii))},
      {"client", c.client_name ? *c.client_name + " (" + std::to_string(*c.client_id) + ")" : "-"},
      {"tags", tags.empty() ? "-" : tags},
      {"legal basis", v(c.legal_basis)},
      {"notes", v(c.notes)},
      {"created", c.created_at},
      {"updated", c.updated_at}};
  if (c.erased_at)
    fields.emplace_back("erased", *c.erased_at + " (GDPR erasure: personal data removed)");
  print_fields(fields);
}

void add_draft_options(CLI::App* cmd, crm::ContactDraft& d) {
  cmd->add_option("--first-name", d.first_name, "First name")->required();
  cmd->add_option("--last-name", d.last_name, "Last name")->required();
  cmd->add_option("--email", d.email, "Email address (validated, stored lower-case)");
  cmd->add_option("--phone", d.phone,
                  "Phone number (stored as E.164; French national format accepted)");
  cmd->add_option("--client", d.client, "Client name or id");
  cmd->add_option("--tag", d.tags, "Tag (repeat for several)");
  cmd->add_option("--notes", d.notes, "Free-text notes");
  cmd->add_option(
      "--legal-basis", d.legal_basis,
      "GDPR lawful basis: "
      "consent|contract|legal_obligation|vital_interests|public_task|legitimate_interests");
}

void add_patch_options(CLI::App* cmd, crm::ContactPatch& p) {
  cmd->add_option("--first-name", p.first_name, "New first name");
  cmd->add_option("--last-name", p.last_name, "New last name");
  cmd->add_option("--email", p.email, "New email (\"\" clears it)");
  cmd->add_option("--phone", p.phone, "New phone (\"\" clears it)");
  cmd->add_option("--client", p.client, "New client name or id (\"\" unlinks)");
  cmd->add_option("--tag", p.tags, "Replace all tags with these (repeatable)");
  cmd->add_option("--add-tag", p.add_tags, "Add a tag (repeatable)");
  cmd->add_option("--remove-tag", p.remove_tags, "Remove a tag (repeatable)");
  cmd->add_option("--notes", p.notes, "New notes (\"\" clears them)");
  cmd->add_option("--legal-basis", p.legal_basis, "New GDPR lawful basis (\"\" clears it)");
}

const std::map<std::string, crm::ContactSort>& sort_fields() {
  static const std::map<std::string, crm::ContactSort> kFields = {
      {"id", crm::ContactSort::kId},
      {"first_name", crm::ContactSort::kFirstName},
      {"last_name", crm::ContactSort::kLastName},
      {"email", crm::ContactSort::kEmail},
      {"created_at", crm::ContactSort::kCreatedAt},
      {"updated_at", crm::ContactSort::kUpdatedAt}};
  return kFields;
}

core::Status list_contacts(const GlobalOptions& g, ContactArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  crm::ContactQuery q = a.query;
  q.org = caller_org(g);
  q.sort = sort_fields().at(a.sort);
  if (!a.client_filter.empty()) {
    auto client = (*ws)->crm().resolve_client(q.org, a.client_filter, "--client");
    if (!client) return client.error();
    q.client_id = client->id;
  }
  if (q.search && q.search->empty()) q.search.reset();
  if (q.tag) {
    auto tag = crm::normalize_tag(*q.tag, "--tag");
    if (!tag) return tag.error();
    q.tag = std::move(tag).value();
  }
  auto page = (*ws)->crm().list_contacts(q);
  if (!page) return page.error();
  const Pii pii = a.reveal ? Pii::kClear : Pii::kMasked;
  if (a.reveal) {
    std::vector<int64_t> ids;
    for (const crm::Contact& c : page->items) ids.push_back(c.id);
    if (core::Status s = app::record_reveal(**ws, ids); !s) return s;
  }
  if (a.format == "json") {
    print_json(crm::to_json(*page, pii));
  } else if (a.format == "ndjson") {
    print_ndjson(crm::to_json(*page, pii));
  } else if (a.format == "csv") {
    std::cout << crm::contact_csv_header();
    for (const crm::Contact& c : page->items) std::cout << crm::contact_csv_row(c, pii);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const crm::Contact& c : page->items) {
      std::string tags;
      for (const std::string& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
      rows.push_back(
          {std::to_string(c.id), c.first_name.value_or("") + " " + c.last_name.value_or(""),
           crm::shown_email(c, pii).value_or("-"), crm::shown_phone(c, pii).value_or("-"),
           c.client_name.value_or("-"), tags.empty() ? "-" : tags});
    }
    if (!rows.empty()) print_table({"ID", "NAME", "EMAIL", "PHONE", "CLIENT", "TAGS"}, rows);
    const auto shown = static_cast<int64_t>(page->items.size());
    std::cout << page->total << " contact(s)";
    if (shown > 0 && shown < page->total) {
      std::cout << ", showing " << page->offset + 1 << "-" << page->offset + shown
                << " (use --limit/--offset)";
    }
    std::cout << '\n';
  }
  return {};
}

core::Status export_contacts(const GlobalOptions& g, const ContactArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  const app::ExportFormat format = a.format == "json"     ? app::ExportFormat::kJson
                                   : a.format == "ndjson" ? app::ExportFormat::kNdjson
                                                          : app::ExportFormat::kCsv;
  auto exported = app::export_contacts(**ws, caller_org(g), format);
  if (!exported) return exported.error();
  if (a.out.empty()) {
    std::cout << exported->content;
    return {};
  }
  // Contact PII: the file is created 0600, complete or not at all.
  core::Status w = core::write_file_atomically(a.out, exported->content, 0600);
  if (!w) return w;
  std::cerr << "Exported " << exported->count << " contact(s) to " << a.out << '\n';
  return {};
}

core::Status import_contacts(const GlobalOptions& g, const ContactArgs& a) {
  std::string content;
  std::string source = a.file;
  if (a.file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    content = ss.str();
    source = "<stdin>";
  } else {
    auto read = core::read_file(a.file);
    if (!read) return read.error();
    content = std::move(read).value();
  }
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto report = app::import_contacts(**ws, caller_org(g), content, source);
  if (!report) return report.error();
  std::cout << "Imported " << report->contacts << " contact(s) from " << source << '\n';
  return {};
}

// delete and erase share the shape: resolve, confirm, act, report.
core::Status remove_contact(const GlobalOptions& g, const ContactArgs& a, bool erase) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto c = (*ws)->crm().get_contact(caller_org(g), a.id);
  if (!c) return c.error();
  const std::string verb = erase ? "erase" : "delete";
  if (!a.yes) {
    const std::string question =
        erase ? "Erase all personal data of contact " + std::to_string(a.id) + " for good (GDPR)?"
              : "Delete contact " + std::to_string(a.id) + "?";
    auto ok = confirm(question, verb + " contact " + std::to_string(a.id));
    if (!ok) return ok.error();
    if (!*ok) {
      std::cout << "Nothing changed.\n";
      return {};
    }
  }
  core::Status s = erase ? app::erase_contact(**ws, caller_org(g), a.id)
                         : app::delete_contact(**ws, caller_org(g), a.id);
  if (!s) return s;
  std::cout << (erase ? "Erased contact " : "Deleted contact ") << a.id
            << (erase ? " (personal data removed; the id remains as a tombstone)\n" : "\n");
  return {};
}

}  // namespace

void add_contacts_commands(Cli& cli) {
  auto a = std::make_shared<ContactArgs>();
  CLI::App* group = cli.app.add_subcommand(
      "contacts", "Manage contacts (add, list, show, update, delete, import, export, erase)");
  const GlobalOptions& g = cli.global;
  Action& action = cli.action;

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* add = group->add_subcommand("add", "Add a contact");
  add_draft_options(add, a->draft);
  add_format_option(add, a->format, {"text", "json"});
  add->add_flag("--reveal", a->reveal, "Show email and phone in clear in the output");
  add->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().add_contact(caller_org(g), a->draft);
      if (!c) return c.error();
      if (a->reveal) {
        if (core::Status s = app::record_reveal(**ws, {c->id}); !s) return s;
      }
      print_contact(*c, a->reveal ? Pii::kClear : Pii::kMasked, a->format);
      return {};
    };
  });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* list =
      group->add_subcommand("list", "List contacts (email and phone masked unless --reveal)");
  list->add_option("--search", a->query.search,
                   "Free text over names, email, phone and notes (word prefixes)");
  list->add_option("--client", a->client_filter, "Only contacts of this client (name or id)");
  list->add_option("--tag", a->query.tag, "Only contacts with this tag");
  list->add_option(
          "--sort", a->sort,
          "Sort by id|first_name|last_name|email|created_at|updated_at (default last_name)")
      ->check(
          CLI::IsMember({"id", "first_name", "last_name", "email", "created_at", "updated_at"}));
  list->add_flag("--desc", a->query.descending, "Sort in descending order");
  list->add_option("--limit", a->query.limit, "Page size, 1-10000 (default 50)")
      ->check(CLI::Range(1, 10000));
  list->add_option("--offset", a->query.offset, "Rows to skip (default 0)")
      ->check(CLI::Range(int64_t{0}, kMaxOffset));
  list->add_flag("--reveal", a->reveal, "Show email and phone in clear");
  add_format_option(list, a->format, {"text", "json", "ndjson", "csv"});
  list->callback([&g, &action, a] { action = [&g, a] { return list_contacts(g, *a); }; });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* show = group->add_subcommand("show", "Show one contact");
  show->add_option("id", a->id, "Contact id")->required()->check(kIdValidator);
  show->add_flag("--reveal", a->reveal, "Show email and phone in clear");
  add_format_option(show, a->format, {"text", "json"});
  show->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().get_contact(caller_org(g), a->id);
      if (!c) return c.error();
      if (a->reveal) {
        if (core::Status s = app::record_reveal(**ws, {c->id}); !s) return s;
      }
      print_contact(*c, a->reveal ? Pii::kClear : Pii::kMasked, a->format);
      return {};
    };
  });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* update =
      group->add_subcommand("update", "Change some fields of a contact (the others stay)");
  update->add_option("id", a->id, "Contact id")->required()->check(kIdValidator);
  add_patch_options(update, a->patch);
  update->add_flag("--reveal", a->reveal, "Show email and phone in clear in the output");
  add_format_option(update, a->format, {"text", "json"});
  update->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().update_contact(caller_org(g), a->id, a->patch);
      if (!c) return c.error();
      if (a->reveal) {
        if (core::Status s = app::record_reveal(**ws, {c->id}); !s) return s;
      }
      print_contact(*c, a->reveal ? Pii::kClear : Pii::kMasked, a->format);
      return {};
    };
  });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* del =
      group->add_subcommand("delete", "Delete a contact (asks first; --yes when not interactive)");
  del->add_option("id", a->id, "Contact id")->required()->check(kIdValidator);
  del->add_flag("--yes,-y", a->yes, "Do not ask for confirmation");
  del->callback([&g, &action, a] { action = [&g, a] { return remove_contact(g, *a, false); }; });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* erase = group->add_subcommand("erase",
                                          "GDPR erasure: remove a contact's personal data for good "
                                          "(database, indexes, free pages, WAL); "
                                          "the id stays as a tombstone");
  erase->add_option("id", a->id, "Contact id")->required()->check(kIdValidator);
  erase->add_flag("--yes,-y", a->yes, "Do not ask for confirmation");
  erase->callback([&g, &action, a] { action = [&g, a] { return remove_contact(g, *a, true); }; });

  a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
  CLI::App* import =
      group->add_subcommand("import",
                            "Import contacts from CSV (header: "
                            "first_name,last_name[,email,phone,client,tags,notes,legal_basis]; "
                            "tags separated by ';'); all or nothing");
  import->add_option("file", a->file, "CSV file, or - for standard input")->required();
  import->callback([&g, &action, a] { action = [&g, a] { return import_contacts(g, *a);
};
}  // namespace novacrm::cli
);

a = std::make_shared<ContactArgs>();  // each subcommand parses into its own arguments
CLI::App* exp = group->add_subcommand("export", "Export every contact with clear email and phone");
add_format_option(exp, a->format, {"csv", "json", "ndjson"});
exp->add_option("--out", a->out, "Write to this file (created 0600, atomically) instead of stdout");
exp->callback([&g, &action, a] { action = [&g, a] { return export_contacts(g, *a); }; });
}

}  // namespace novacrm::cli
