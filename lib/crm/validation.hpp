// Field rules for contacts and clients. Error messages name the field and show only a masked
// value: they end up on terminals and in CI logs.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace novacrm::crm {

// GDPR Art. 6(1) lawful bases, as stored: consent, contract, legal_obligation, vital_interests,
// public_task, legitimate_interests.
std::span<const std::string_view> legal_bases();

// Trimmed, lower-cased and checked address ("local@domain.tld", at most 254 bytes).
core::Result<std::string> normalize_email(std::string_view raw, const std::string& field = "email");

// Trimmed, non-empty, at most 200 bytes, no control characters.
core::Result<std::string> normalize_name(std::string_view raw, const std::string& field);

// Lower-case, trimmed; letters, digits, '-', '_', ':' and '.'; 1 to 64 bytes.
core::Result<std::string> normalize_tag(std::string_view raw, const std::string& field = "tag");

// Sorted, deduplicated, each normalised.
core::Result<std::vector<std::string>> normalize_tags(const std::vector<std::string>& raw,
                                                      const std::string& field = "tag");

core::Result<std::string> normalize_legal_basis(std::string_view raw,
                                                const std::string& field = "legal_basis");

// A bare domain name ("example.com"), lower-cased.
core::Result<std::string> normalize_domain(std::string_view raw,
                                           const std::string& field = "domain");

// Free text (notes): valid UTF-8, at most 10,000 bytes.
core::Result<std::string> normalize_notes(std::string_view raw, const std::string& field = "notes");

}  // namespace novacrm::crm
