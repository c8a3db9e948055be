// novacrm clients ...: thin wrappers over the CRM service.
#include <iostream>

#include "cli.hpp"
#include "crm/json.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

struct ClientArgs {
  int64_t id = 0;
  std::string format;
  bool cascade = false;
  bool yes = false;
  crm::ClientDraft draft;
  crm::ClientPatch patch;
  crm::ClientQuery query;
};

void print_client(const crm::Client& c, const std::string& format) {
  if (format == "json") {
    print_json(crm::to_json(c));
    return;
  }
  print_fields({{"id", std::to_string(c.id)},
                {"name", c.name},
                {"domain", c.domain.value_or("-")},
                {"contacts", std::to_string(c.contact_count)},
                {"created", c.created_at},
                {"updated", c.updated_at}});
}

core::Status list_clients(const GlobalOptions& g, const ClientArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  crm::ClientQuery q = a.query;
  q.org = caller_org(g);
  auto page = (*ws)->crm().list_clients(q);
  if (!page) return page.error();
  if (a.format == "json") {
    print_json(crm::to_json(*page));
  } else if (a.format == "ndjson") {
    print_ndjson(crm::to_json(*page));
  } else if (a.format == "csv") {
    std::cout << crm::client_csv_header();
    for (const crm::Client& c : page->items) std::cout << crm::client_csv_row(c);
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const crm::Client& c : page->items) {
      rows.push_back(
          {std::to_string(c.id), c.name, c.domain.value_or("-"), std::to_string(c.contact_count)});
    }
    if (!rows.empty()) print_table({"ID", "NAME", "DOMAIN", "CONTACTS"}, rows);
    std::cout << page->total << " client(s)\n";
  }
  return {};
}

core::Status delete_client(const GlobalOptions& g, const ClientArgs& a) {
  auto ws = open_workspace(g);
  if (!ws) return ws.error();
  auto client = (*ws)->crm().get_client(caller_org(g), a.id);
  if (!client) return client.error();
  if (!a.yes) {
    const std::string extra =
        a.cascade && client->contact_count > 0
            ? " and its " + std::to_string(client->contact_count) + " contact(s)"
            : "";
    auto ok = confirm("Delete client " + std::to_string(a.id) + extra + "?",
                      "delete client " + std::to_string(a.id));
    if (!ok) return ok.error();
    if (!*ok) {
      std::cout << "Nothing changed.\n";
      return {};
    }
  }
  auto deleted = (*ws)->crm().delete_client(caller_org(g), a.id, a.cascade);
  if (!deleted) return deleted.error();
  std::cout << "Deleted client " << a.id;
  if (*deleted > 0) std::cout << " and " << *deleted << " contact(s)";
  std::cout << '\n';
  return {};
}

}  // namespace

void add_clients_commands(Cli& cli) {
  CLI::App* group = cli.app.add_subcommand(
      "clients", "Manage client companies (add, list, show, update, delete)");
  const GlobalOptions& g = cli.global;
  Action& action = cli.action;

  auto a = std::make_shared<ClientArgs>();
  CLI::App* add = group->add_subcommand("add", "Add a client company");
  add->add_option("--name", a->draft.name, "Client name (unique, case-insensitive)")->required();
  add->add_option("--domain", a->draft.domain, "Web or email domain (example.com)");
  add_format_option(add, a->format, {"text", "json"});
  add->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().add_client(caller_org(g), a->draft);
      if (!c) return c.error();
      print_client(*c, a->format);
      return {};
    };
  });

  a = std::make_shared<ClientArgs>();
  CLI::App* list = group->add_subcommand("list", "List clients");
  list->add_option("--search", a->query.search,
                   "Only clients whose name or domain contains this text");
  list->add_option("--limit", a->query.limit, "Page size, 1-10000 (default 50)")
      ->check(CLI::Range(1, 10000));
  list->add_option("--offset", a->query.offset, "Rows to skip (default 0)")
      ->check(CLI::Range(int64_t{0}, kMaxOffset));
  add_format_option(list, a->format, {"text", "json", "ndjson", "csv"});
  list->callback([&g, &action, a] { action = [&g, a] { return list_clients(g, *a); }; });

  a = std::make_shared<ClientArgs>();
  CLI::App* show = group->add_subcommand("show", "Show one client");
  show->add_option("id", a->id, "Client id")->required()->check(kIdValidator);
  add_format_option(show, a->format, {"text", "json"});
  show->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().get_client(caller_org(g), a->id);
      if (!c) return c.error();
      print_client(*c, a->format);
      return {};
    };
  });

  a = std::make_shared<ClientArgs>();
  CLI::App* update = group->add_subcommand("update", "Rename a client or change its domain");
  update->add_option("id", a->id, "Client id")->required()->check(kIdValidator);
  update->add_option("--name", a->patch.name, "New name");
  update->add_option("--domain", a->patch.domain, "New domain (\"\" clears it)");
  add_format_option(update, a->format, {"text", "json"});
  update->callback([&g, &action, a] {
    action = [&g, a]() -> core::Status {
      auto ws = open_workspace(g);
      if (!ws) return ws.error();
      auto c = (*ws)->crm().update_client(caller_org(g), a->id, a->patch);
      if (!c) return c.error();
      print_client(*c, a->format);
      return {};
    };
  });

  a = std::make_shared<ClientArgs>();
  CLI::App* del = group->add_subcommand(
      "delete",
      "Delete a client; refused while contacts reference it unless --cascade (which deletes them)");
  del->add_option("id", a->id, "Client id")->required()->check(kIdValidator);
  del->add_flag("--cascade", a->cascade, "Also delete the client's contacts");
  del->add_flag("--yes,-y", a->yes, "Do not ask for confirmation");
  del->callback([&g, &action, a] { action = [&g, a] { return delete_client(g, *a); }; });
}

}  // namespace novacrm::cli
