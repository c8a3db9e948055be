#include "audit/export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <array>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "audit/json.hpp"
#include "audit/tree.hpp"
#include "core/csv.hpp"
#include "core/files.hpp"

namespace novacrm::audit {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A file that appears at its final path complete or not at all: temporary file beside it,
// buffered writes, fsync, rename, fsync of the directory. Removed when not committed.
class AtomicOutput {
 public:
  static core::Result<AtomicOutput> create(const fs::path& path) {
    AtomicOutput out;
    out.path_ = path;
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    out.tmp_ = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
    out.fd_ = ::mkstemp(out.tmp_.data());  // mode 0600: exports hold masked records only, still
    if (out.fd_ < 0) return out.error("cannot create a temporary file beside it");
    return out;
  }
  AtomicOutput(AtomicOutput&& o) noexcept
      : path_(std::move(o.path_)), tmp_(std::move(o.tmp_)), fd_(o.fd_), buf_(std::move(o.buf_)) {
    o.fd_ = -1;
  }
  AtomicOutput& operator=(AtomicOutput&&) = delete;
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput() {
    if (fd_ >= 0) {
      ::close(fd_);
      ::unlink(tmp_.c_str());
    }
  }

  core::Status write(std::string_view data) {
    buf_.append(data);
    return buf_.size() >= (1U << 20) ? flush() : core::Status{};
  }

  core::Status commit() {
    if (core::Status s = flush(); !s) return s;
    if (::fsync(fd_) != 0) return error("cannot sync");
    ::close(fd_);
    fd_ = -1;
    if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
      core::Error e = error("cannot rename the temporary file into place");
      ::unlink(tmp_.c_str());
      return e;
    }
    const fs::path dir = path_.has_parent_path() ? path_.parent_path() : fs::path(".");
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
      ::fsync(dfd);
      ::close(dfd);
    }
    return {};
  }

 private:
  AtomicOutput() = default;
  core::Error error(const char* what) const {
    return core::bad_input(path_.string(), std::string(what) + ": " + std::strerror(errno));
  }
  core::Status flush() {
    std::string_view data = buf_;
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return error("cannot write");
      data.remove_prefix(static_cast<size_t>(n));
    }
    buf_.clear();
    return {};
  }

  fs::path path_;
  std::string tmp_;
  int fd_ = -1;
  std::string buf_;
};

constexpr auto kCsvColumns = std::to_array<const char*>(
    {"seq", "id", "time", "action", "subject", "role", "org", "request_id", "policy_id",
     "policy_sha256", "decision", "risk", "rules", "input_size", "details", "prev_hash", "hash"});

core::Result<std::string> csv_row(const std::string& stored) {
  auto r = parse_record(stored);
  if (!r) return r.error();
  std::string rules;
  if (r->decision) {
    for (const auto& f : r->decision->findings) rules += (rules.empty() ? "" : ";") + f.rule;
  }
  const std::vector<std::string> cells = {
      std::to_string(r->seq),
      r->id,
      r->time,
      r->action,
      r->actor.subject,
      r->actor.role,
      r->actor.org,
      r->request_id,
      r->policy ? r->policy->id : "",
      r->policy ? r->policy->sha256 : "",
      r->decision ? std::string(compliance::to_string(r->decision->action)) : "",
      r->decision ? std::to_string(r->decision->risk) : "",
      rules,
      r->input ? std::to_string(r->input->size()) : "",
      r->details,
      r->prev_hash,
      r->hash};
  std::string line;
  for (const std::string& c : cells) line += (line.empty() ? "" : ",") + core::csv_field(c);
  return line + "\n";
}

core::Status write_body(AuditLog& log, AtomicOutput& out, const ExportOptions& o,
                        const ExportSummary& range, const json& header) {
  bool first_record = true;
  const auto each = [&](const std::string& stored) -> core::Status {
    if (o.format == ExportFormat::kCsv) {
      auto row = csv_row(stored);
      if (!row) return row.error();
      return out.write(*row);
    }
    if (o.format == ExportFormat::kJson && !first_record) {
      if (core::Status s = out.write(",\n"); !s) return s;
    }
    first_record = false;
    if (core::Status s = out.write(stored); !s) return s;
    return o.format == ExportFormat::kNdjson ? out.write("\n") : core::Status{};
  };
  std::string head;
  if (o.format == ExportFormat::kCsv) {
    for (const char* c : kCsvColumns) head += (head.empty() ? "" : ",") + std::string(c);
    head += "\n";
  } else if (o.format == ExportFormat::kNdjson) {
    head = json{{"novacrm_bundle", header}}.dump() + "\n";
  } else {
    head = header.dump();
    head.pop_back();  // the closing brace: records and the checkpoint follow
    head += ",\"records\":[\n";
  }
  if (core::Status s = out.write(head); !s) return s;
  if (core::Status s = log.for_each_record(range.first, range.last, each); !s) return s;
  if (o.format == ExportFormat::kNdjson) {
    return out.write(json{{"novacrm_checkpoint", to_json(range.checkpoint)}}.dump() + "\n");
  }
  if (o.format == ExportFormat::kJson) {
    return out.write("\n],\"checkpoint\":" + to_json(range.checkpoint).dump() + "}\n");
  }
  return {};
}

}  // namespace

core::Result<int64_t> read_cursor(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return int64_t{0};
  auto text = core::read_file(path);
  if (!text) return text.error();
  std::string_view t = *text;
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.remove_suffix(1);
  int64_t value = 0;
  if (t.empty() || t.size() > 18 || t.find_first_not_of("0123456789") != std::string_view::npos) {
    return core::bad_input(path.string(), "is not a cursor file (one sequence number)");
  }
  for (char c : t) value = value * 10 + (c - '0');
  return value;
}

core::Result<ExportSummary> export_trail(AuditLog& log, const ExportOptions& o) {
  int64_t after = 0;
  if (o.cursor_file) {
    auto c = read_cursor(*o.cursor_file);
    if (!c) return c.error();
    after = *c;
  }
  auto range = log.seq_range(after, o.since, o.until);
  if (!range) return range.error();
  ExportSummary summary{range->first, range->second, {}};
  if (summary.first > summary.last) summary.last = summary.first - 1;
  auto cp = log.checkpoint_at(summary.last);
  if (!cp) return cp.error();
  summary.checkpoint = std::move(cp).value();
  json header;
  if (o.format != ExportFormat::kCsv) {
    auto origin = log.origin();
    if (!origin) return origin.error();
    CompactRange left;
    if (summary.first > 1) {
      auto leaves = log.leaves(1, summary.first - 1);
      if (!leaves) return leaves.error();
      for (const Hash& h : *leaves) left.append(h);
    }
    json nodes = json::array();
    for (const Hash& h : left.nodes()) nodes.push_back(to_hex(h));
    header = {{"format", kBundleFormat},
              {"origin", *origin},
              {"first_seq", summary.first},
              {"last_seq", summary.last},
              {"left", {{"size", left.size()}, {"nodes", nodes}}}};
  }
  auto out = AtomicOutput::create(o.out);
  if (!out) return out.error();
  if (core::Status s = write_body(log, *out, o, summary, header); !s) return s.error();
  if (core::Status s = out->commit(); !s) return s.error();
  if (o.cursor_file && summary.last >= summary.first) {
    const core::Status s =
        core::write_file_atomically(*o.cursor_file, std::to_string(summary.last) + "\n", 0600);
    if (!s) return s.error();
  }
  return summary;
}

}  // namespace novacrm::audit
