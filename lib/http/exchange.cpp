// Request helpers shared by the route files: strict JSON bodies and query parameters.
#include "http/exchange.hpp"

#include <cctype>
#include <charconv>

#include "core/text.hpp"

namespace novacrm::http {

using core::bad_input;
using nlohmann::json;

core::Result<audit::AuditRecord> Exchange::audit(audit::Event event) {
  if (event.request_id.empty()) event.request_id = request_id;
  auto record = services.writer->append(std::move(event));
  if (record) audit_id = record->id;
  return record;
}

std::function<std::string(const httplib::Request&)> row(std::string command) {
  return [command = std::move(command)](const httplib::Request&) { return command; };
}

void send_json(Exchange& ex, int status, const json& body) {
  ex.res.status = status;
  ex.res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

core::Result<json> json_body(Exchange& ex, std::span<const std::string_view> allowed) {
  std::string media = ex.req.get_header_value("Content-Type");
  media = media.substr(0, media.find(';'));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (char& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json") {
    ex.error_status = 415;
    return bad_input("Content-Type", "the body must be application/json");
  }
  json body = json::parse(ex.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) return bad_input("body", "is not valid JSON");
  if (!body.is_object()) return bad_input("body", "must be a JSON object");
  for (const auto& [key, value] : body.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) return bad_input(std::string(core::utf8_prefix(key, 64)), "unknown field");
  }
  return body;
}

core::Result<std::optional<std::string>> string_field(const json& body, const std::string& name) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return bad_input(name, "must be a string");
  return std::optional<std::string>(it->get<std::string>());
}

core::Status known_params(const Exchange& ex, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : ex.req.params) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known)
      return bad_input(std::string(core::utf8_prefix(key, 64)), "unknown query parameter");
  }
  return {};
}

std::optional<std::string> param(const Exchange& ex, const std::string& name) {
  if (!ex.req.has_param(name)) return std::nullopt;
  return ex.req.get_param_value(name);
}

core::Result<int64_t> int_param(const Exchange& ex, const std::string& name, int64_t fallback,
                                int64_t min, int64_t max) {
  const std::optional<std::string> text = param(ex, name);
  if (!text) return fallback;
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || ptr != text->data() + text->size() || v < min || v > max) {
    return bad_input(
        name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return v;
}

core::Result<bool> bool_param(const Exchange& ex, const std::string& name) {
  const std::optional<std::string> text = param(ex, name);
  if (!text || *text == "false" || *text == "0") return false;
  if (*text == "true" || *text == "1" || text->empty()) return true;
  return bad_input(name, "must be true or false");
}

core::Result<int64_t> path_id(Exchange& ex, const std::string& what) {
  const std::string text = ex.req.matches.size() > 1 ? std::string(ex.req.matches[1]) : "";
  int64_t id = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) {
    ex.error_status = 404;
    return bad_input(what + " " + text.substr(0, 24), "no such " + what);
  }
  return id;
}

}  // namespace novacrm::http
