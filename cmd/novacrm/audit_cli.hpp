// What the audit command files share (audit.cpp, audit_verify.cpp, audit_export.cpp).
#pragma once

#include "audit/log.hpp"
#include "cli.hpp"

namespace novacrm::cli {

// `audit verify`, `audit prove`, `audit export` (registered by add_audit_commands).
void add_audit_verify_commands(CLI::App* group, Cli& cli);
void add_audit_export_command(CLI::App* group, Cli& cli);

}  // namespace novacrm::cli
