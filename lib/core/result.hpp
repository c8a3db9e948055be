// Result<T>: a value or an Error. Functions that can fail because of what a user gave them return
// one of these; exceptions stay for programming errors and inside library adapters. The exit code
// is derived from Error::code once, in cmd/.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace novacrm::core {

// One code per row of the documented exit-code table (README, DESIGN.md "Clarifications").
enum class ErrorCode {
  kPolicyViolation = 1,
  kBadInput = 2,
  kPermissionDenied = 3,
  kIntegrity = 4,
  kWorkspaceUnavailable = 5,
  kInternal = 6,
};

// `message` is one line for people; it must never contain PII or secrets in clear (callers mask
// values first). `input` names what was wrong: a file:line, a flag, a field, an id.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string input;

  // "input: message", or the message alone when no input is named.
  [[nodiscard]] std::string describe() const {
    return input.empty() ? message : input + ": " + message;
  }
};

inline Error bad_input(std::string input, std::string message) {
  return Error{ErrorCode::kBadInput, std::move(message), std::move(input)};
}
inline Error workspace_unavailable(std::string input, std::string message) {
  return Error{ErrorCode::kWorkspaceUnavailable, std::move(message), std::move(input)};
}
inline Error internal_error(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), {}};
}

inline int exit_code(ErrorCode code) { return static_cast<int>(code); }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  [[nodiscard]] const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  [[nodiscard]] const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  [[nodiscard]] bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  [[nodiscard]] const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace novacrm::core
