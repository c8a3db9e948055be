#include "crm/phone.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "core/text.hpp"

namespace novacrm::crm {

namespace {

using ToE164 = int (*)(const char*, const char*, char*, size_t);

constexpr const char* kLibraryName = "libnovacrm_phone.so";

// The directory of the running executable; the plugin is built and installed beside it.
std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(".") : exe.parent_path();
}

struct Plugin {
  ToE164 to_e164 = nullptr;
  std::string error;
};

const Plugin& plugin() {
  static Plugin p;
  static std::once_flag once;
  std::call_once(once, [] {
    std::filesystem::path path = executable_dir() / kLibraryName;
    if (const char* env = std::getenv("NOVACRM_PHONE_LIBRARY"); env != nullptr && *env != '\0')
      path = env;
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      p.error = "cannot load the phone library " + path.string() + ": " + dlerror();
      return;
    }
    p.to_e164 = reinterpret_cast<ToE164>(dlsym(handle, "novacrm_phone_to_e164"));
    if (p.to_e164 == nullptr)
      p.error = "the phone library " + path.string() + " lacks novacrm_phone_to_e164";
  });
  return p;
}

}  // namespace

core::Result<std::string> normalize_phone(std::string_view raw, const std::string& field,
                                          const char* region) {
  const std::string phone(core::trim(raw));
  if (phone.empty() || phone.size() > 40 || !core::is_valid_utf8(phone) ||
      phone.find('\0') != std::string::npos) {
    return core::bad_input(field,
                           "\"" + core::mask_phone(phone) + "\" is not a valid phone number");
  }
  const Plugin& p = plugin();
  if (p.to_e164 == nullptr) return core::internal_error(p.error);
  std::array<char, 64> out{};
  const int rc = p.to_e164(phone.c_str(), region, out.data(), out.size());
  if (rc == 0) return std::string(out.data());
  return core::bad_input(field, "\"" + core::mask_phone(phone) + "\" is not a valid phone number" +
                                    (rc == 2 ? " (no such number range)" : ""));
}

}  // namespace novacrm::crm
