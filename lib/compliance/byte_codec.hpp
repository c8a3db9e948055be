// Little-endian sizes and sized strings, as the build-time snapshot (snapshot.hpp) and the
// compiled-in default policy (policy_codec.hpp) store them. The reader never reads past the end
// of its bytes: a short read returns false.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace novacrm::compliance::codec {

inline void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFFU);
}

inline void put(std::string& out, std::string_view s) {
  put(out, s.size(), 4);
  out += s;
}

class Reader {
 public:
  Reader(std::string_view bytes, size_t at) : bytes_(bytes), at_(at) {}
  [[nodiscard]] size_t at() const { return at_; }
  [[nodiscard]] bool done() const { return at_ >= bytes_.size(); }

  bool get(uint64_t& v, int n) {
    if (at_ > bytes_.size() || bytes_.size() - at_ < static_cast<size_t>(n)) return false;
    v = 0;
    for (int i = 0; i < n; ++i) {
      v |= uint64_t{static_cast<unsigned char>(bytes_[at_ + static_cast<size_t>(i)])} << (8 * i);
    }
    at_ += static_cast<size_t>(n);
    return true;
  }
  bool get(uint32_t& v) {
    uint64_t w = 0;
    if (!get(w, 4)) return false;
    v = static_cast<uint32_t>(w);
    return true;
  }
  bool get(std::string_view& s) {
    uint32_t n = 0;
    if (!get(n) || bytes_.size() - at_ < n) return false;
    s = bytes_.substr(at_, n);
    at_ += n;
    return true;
  }
  bool get(std::string& s) {
    std::string_view v;
    if (!get(v)) return false;
    s = v;
    return true;
  }

 private:
  std::string_view bytes_;
  size_t at_;
};

}  // namespace novacrm::compliance::codec
