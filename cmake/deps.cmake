# Third-party libraries as link items that follow the executable being linked (docs/adr/0012).
#
# An executable whose NOVACRM_STATIC_DEPS property is true links Debian's static archives (and
# libstdc++ statically); every other target links the shared libraries. Only the `novacrm` CLI
# sets it: the dynamic loader spent most of its start-up time mapping and relocating eleven
# shared libraries. novacrm-serve stays dynamic because cpp-httplib is only shipped as a shared
# library that itself needs the shared libstdc++ and OpenSSL.

option(NOVACRM_STATIC_CLI "Link the novacrm CLI's dependencies statically" ON)
if(NOVACRM_SANITIZE OR NOVACRM_COVERAGE)
  set(NOVACRM_STATIC_CLI OFF)  # instrumented runtimes expect the shared C++ runtime
endif()

set(novacrm_static "$<BOOL:$<TARGET_PROPERTY:NOVACRM_STATIC_DEPS>>")

# novacrm_dependency(NAME SHARED_TARGET ARCHIVE [EXTRA...]): INTERFACE target NAME linking
# SHARED_TARGET normally, and the static ARCHIVE plus EXTRA (its own dependencies) when static.
function(novacrm_dependency name shared archive)
  find_library(${name}_ARCHIVE NAMES ${archive} REQUIRED NO_CACHE)
  add_library(${name} INTERFACE)
  target_link_libraries(${name} INTERFACE "$<$<NOT:${novacrm_static}>:${shared}>"
                                          "$<${novacrm_static}:${${name}_ARCHIVE}>")
  foreach(extra IN LISTS ARGN)
    target_link_libraries(${name} INTERFACE "$<${novacrm_static}:${extra}>")
  endforeach()
endfunction()

find_package(Threads REQUIRED)

# SQLiteCpp's package links SQLite::SQLite3; defined here first, FindSQLite3 leaves it alone.
find_library(NOVACRM_SQLITE3_SHARED NAMES sqlite3 REQUIRED)
find_library(NOVACRM_SQLITE3_ARCHIVE NAMES libsqlite3.a REQUIRED)
add_library(SQLite::SQLite3 INTERFACE IMPORTED)
set_target_properties(SQLite::SQLite3 PROPERTIES
  INTERFACE_LINK_LIBRARIES
    "$<$<NOT:${novacrm_static}>:${NOVACRM_SQLITE3_SHARED}>;$<${novacrm_static}:${NOVACRM_SQLITE3_ARCHIVE}>;$<${novacrm_static}:m>")

find_package(CLI11 CONFIG REQUIRED)
find_package(SQLiteCpp CONFIG REQUIRED)
find_package(yaml-cpp CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
# SHA-256 for the audit trail and other non-secret identities (docs/adr/0010).
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)

novacrm_dependency(novacrm_dep_pcre2 PkgConfig::PCRE2 libpcre2-8.a)
novacrm_dependency(novacrm_dep_hs PkgConfig::HS libhs.a m)
novacrm_dependency(novacrm_dep_sodium PkgConfig::SODIUM libsodium.a Threads::Threads)
novacrm_dependency(novacrm_dep_crypto OpenSSL::Crypto libcrypto.a ${CMAKE_DL_LIBS} Threads::Threads)
novacrm_dependency(novacrm_dep_yaml yaml-cpp libyaml-cpp.a)

# spdlog and fmt: Debian ships them as shared libraries only, so both are used header-only, and
# only lib/obs includes them (logging.cpp, metrics.cpp).
find_package(spdlog CONFIG REQUIRED)
add_library(novacrm_dep_spdlog INTERFACE)
target_compile_definitions(novacrm_dep_spdlog INTERFACE SPDLOG_FMT_EXTERNAL FMT_HEADER_ONLY)
target_link_libraries(novacrm_dep_spdlog INTERFACE Threads::Threads)
