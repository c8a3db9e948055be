#include "audit/record_scan.hpp"

#include <array>
#include <cstdint>
#include <cstring>

namespace novacrm::audit::scan {

namespace {

constexpr int kMaxDepth = 256;

// Bytes a string holds as they are: printable ASCII but the quote and the backslash.
constexpr std::array<bool, 256> kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

// Skips plain bytes eight at a time (SWAR), stopping before the word holding a quote, a
// backslash, a control byte or a non-ASCII byte; the byte loop takes it from there. Most of a
// record is plain ASCII, and this loop was a sixth of `audit verify` byte by byte.
size_t skip_plain_words(std::string_view t, size_t p) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (p + sizeof(uint64_t) <= t.size()) {
    uint64_t x = 0;
    std::memcpy(&x, t.data() + p, sizeof x);
    const uint64_t special = has_zero(x ^ (kOnes * '"')) | has_zero(x ^ (kOnes * '\\')) |
                             ((x - kOnes * 0x20) & ~x & kHigh) | (x & kHigh);
    if (special != 0) break;
    p += sizeof x;
  }
  return p;
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void put_utf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : t_(text) {}

  [[nodiscard]] size_t pos() const { return p_; }
  [[nodiscard]] bool at_end() const { return p_ == t_.size(); }

  void skip_ws() {
    while (p_ < t_.size() && is_ws(t_[p_])) ++p_;
  }

  // A string token at the current position (after its closing quote on success); its decoded
  // bytes appended to `out` when given.
  bool string(std::string* out) {
    if (p_ >= t_.size() || t_[p_] != '"') return false;
    ++p_;
    while (p_ < t_.size()) {
      const size_t run = p_;
      p_ = skip_plain_words(t_, p_);
      while (p_ < t_.size() && kPlain[static_cast<unsigned char>(t_[p_])]) ++p_;
      if (out != nullptr) out->append(t_.substr(run, p_ - run));
      if (p_ >= t_.size()) return false;
      const auto c = static_cast<unsigned char>(t_[p_]);
      if (c == '"') {
        ++p_;
        return true;
      }
      if (c < 0x20) return false;  // control characters must be escaped
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (!utf8_sequence(out)) {
        return false;
      }
    }
    return false;
  }

  bool value(int depth, std::vector<Member>* members = nullptr) {
    if (p_ >= t_.size()) return false;
    switch (t_[p_]) {
      case '{':
        return object(depth + 1, members);
      case '[':
        return array(depth + 1);
      case '"':
        return string(nullptr);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number();
    }
  }

 private:
  bool literal(std::string_view word) {
    if (t_.substr(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  bool digits() {
    const size_t start = p_;
    while (p_ < t_.size() && t_[p_] >= '0' && t_[p_] <= '9') ++p_;
    return p_ > start;
  }

  bool number() {
    if (p_ < t_.size() && t_[p_] == '-') ++p_;
    if (p_ >= t_.size()) return false;
    if (t_[p_] == '0') {
      ++p_;
    } else if (!digits()) {
      return false;
    }
    if (p_ < t_.size() && t_[p_] == '.') {
      ++p_;
      if (!digits()) return false;
    }
    if (p_ < t_.size() && (t_[p_] == 'e' || t_[p_] == 'E')) {
      ++p_;
      if (p_ < t_.size() && (t_[p_] == '+' || t_[p_] == '-')) ++p_;
      if (!digits()) return false;
    }
    return true;
  }

  bool hex4(uint32_t& v) {
    if (p_ + 4 > t_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = hex_digit(t_[p_++]);
      if (d < 0) return false;
      v = (v << 4) | static_cast<uint32_t>(d);
    }
    return true;
  }

  bool escape(std::string* out) {
    ++p_;  // the backslash
    if (p_ >= t_.size()) return false;
    const char e = t_[p_++];
    char plain = 0;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        plain = e;
        break;
      case 'b':
        plain = '\b';
        break;
      case 'f':
        plain = '\f';
        break;
      case 'n':
        plain = '\n';
        break;
      case 'r':
        plain = '\r';
        break;
      case 't':
        plain = '\t';
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!hex4(cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a lone low surrogate
        if (cp >= 0xD800 && cp <= 0xDBFF) {              // needs its low surrogate
          uint32_t low = 0;
          if (t_.substr(p_, 2) != "\\u") return false;
          p_ += 2;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        if (out != nullptr) put_utf8(cp, *out);
        return true;
      }
      default:
        return false;
    }
    if (out != nullptr) out->push_back(plain);
    return true;
  }

  // One well-formed UTF-8 sequence of two to four bytes (no overlongs, no surrogates, at most
  // U+10FFFF), as RFC 3629's table allows.
  bool utf8_sequence(std::string* out) {
    const auto b = [&](size_t i) {
      return p_ + i < t_.size() ? static_cast<unsigned char>(t_[p_ + i]) : 0U;
    };
    const auto cont = [](unsigned c) { return c >= 0x80 && c <= 0xBF; };
    const unsigned c0 = b(0);
    size_t n = 0;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
      n = cont(b(1)) ? 2 : 0;
    } else if (c0 == 0xE0) {
      n = (b(1) >= 0xA0 && b(1) <= 0xBF && cont(b(2))) ? 3 : 0;
    } else if ((c0 >= 0xE1 && c0 <= 0xEC) || c0 == 0xEE || c0 == 0xEF) {
      n = (cont(b(1)) && cont(b(2))) ? 3 : 0;
    } else if (c0 == 0xED) {
      n = (b(1) >= 0x80 && b(1) <= 0x9F && cont(b(2))) ? 3 : 0;
    } else if (c0 == 0xF0) {
      n = (b(1) >= 0x90 && b(1) <= 0xBF && cont(b(2)) && cont(b(3))) ? 4 : 0;
    } else if (c0 >= 0xF1 && c0 <= 0xF3) {
      n = (cont(b(1)) && cont(b(2)) && cont(b(3))) ? 4 : 0;
    } else if (c0 == 0xF4) {
      n = (b(1) >= 0x80 && b(1) <= 0x8F && cont(b(2)) && cont(b(3))) ? 4 : 0;
    }
    if (n == 0) return false;
    if (out != nullptr) out->append(t_.substr(p_, n));
    p_ += n;
    return true;
  }

  bool array(int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;
    skip_ws();
    if (p_ < t_.size() && t_[p_] == ']') {
      ++p_;
      return true;
    }
    while (true) {
      skip_ws();
      if (!value(depth)) return false;
      skip_ws();
      if (p_ >= t_.size()) return false;
      if (t_[p_] == ']') {
        ++p_;
        return true;
      }
      if (t_[p_++] != ',') return false;
    }
  }

  bool object(int depth, std::vector<Member>* members) {
    if (depth > kMaxDepth) return false;
    ++p_;
    skip_ws();
    if (p_ < t_.size() && t_[p_] == '}') {
      ++p_;
      return true;
    }
    std::vector<std::string> keys;
    while (true) {
      skip_ws();
      Member m;
      m.begin = p_;
      std::string key;
      if (!string(members != nullptr ? &key : nullptr)) return false;
      m.key = t_.substr(m.begin + 1, p_ - m.begin - 2);
      skip_ws();
      if (p_ >= t_.size() || t_[p_++] != ':') return false;
      skip_ws();
      const size_t value_begin = p_;
      if (!value(depth)) return false;
      m.end = p_;
      m.value = t_.substr(value_begin, p_ - value_begin);
      if (members != nullptr) {
        for (const std::string& k : keys) {
          if (k == key) return false;  // a duplicate: readers would disagree on its value
        }
        keys.push_back(std::move(key));
        members->push_back(m);
      }
      skip_ws();
      if (p_ >= t_.size()) return false;
      if (t_[p_] == '}') {
        ++p_;
        return true;
      }
      if (t_[p_++] != ',') return false;
    }
  }

  std::string_view t_;
  size_t p_ = 0;
};

}  // namespace

std::optional<std::vector<Member>> object_members(std::string_view text) {
  Scanner s(text);
  s.skip_ws();
  if (s.at_end() || text[s.pos()] != '{') return std::nullopt;
  std::vector<Member> members;
  members.reserve(16);
  if (!s.value(0, &members)) return std::nullopt;
  s.skip_ws();
  if (!s.at_end()) return std::nullopt;
  return members;
}

std::optional<std::string> decode_string(std::string_view raw) {
  Scanner s(raw);
  std::string out;
  if (!s.string(&out) || !s.at_end()) return std::nullopt;
  return out;
}

const Member* find(const std::vector<Member>& members, std::string_view key) {
  for (const Member& m : members) {
    // Keys with escapes are compared decoded.
    if (m.key == key) return &m;
    if (m.key.find('\\') != std::string_view::npos) {
      const std::string raw = "\"" + std::string(m.key) + "\"";
      if (decode_string(raw) == key) return &m;
    }
  }
  return nullptr;
}

}  // namespace novacrm::audit::scan
