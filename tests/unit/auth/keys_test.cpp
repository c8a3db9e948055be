// Ed25519 keys in PASERK k4 form against the official PASERK vectors (k4.public, k4.secret,
// k4.pid, including the cases that must fail), and the key files: 0600 secret files, refused
// when others can read them, and keys/<pid>.pub public key files.
#include "auth/keys.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "../testing/temp_dir.hpp"
#include "core/files.hpp"

// The build passes the absolute path of tests/data; a standalone build run from the repository
// root can do without.
#ifndef NOVACRM_TEST_DATA_DIR
#define NOVACRM_TEST_DATA_DIR "tests/data"
#endif

namespace novacrm::auth {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;
using nlohmann::json;

const fs::path kPaserkDir = fs::path(NOVACRM_TEST_DATA_DIR) / "paserk";

json load_vectors(const std::string& name) {
  std::ifstream in(kPaserkDir / name);
  return json::parse(in)["tests"];
}

std::vector<uint8_t> unhex(const json& value) {
  const auto hex = value.get<std::string>();
  std::vector<uint8_t> out(hex.size() / 2);
  size_t len = 0;
  EXPECT_EQ(sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &len, nullptr),
            0);
  out.resize(len);
  return out;
}

struct Tally {
  int passed = 0;
  int refused = 0;  // expect-fail cases rejected as they must be
};

// --- PASERK vectors ---

TEST(PaserkVectors, K4PublicRoundTripsAndRefusesOtherVersions) {
  Tally tally;
  for (const json& v : load_vectors("k4.public.json")) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const auto key = public_key_from_bytes(unhex(v["key"]));
    if (v["expect-fail"].get<bool>()) {
      ASSERT_FALSE(key.ok());
      EXPECT_EQ(key.error().code, ErrorCode::kBadInput);
      ++tally.refused;
      continue;
    }
    ASSERT_TRUE(key.ok());
    const auto paserk = v["paserk"].get<std::string>();
    EXPECT_EQ(paserk_public(*key), paserk);
    EXPECT_EQ(parse_paserk_public(paserk).value(), *key);
    ++tally.passed;
  }
  EXPECT_EQ(tally.passed, 3);
  EXPECT_EQ(tally.refused, 1);
}

TEST(PaserkVectors, K4SecretRoundTripsAndRefusesShortOrForeignKeys) {
  Tally tally;
  for (const json& v : load_vectors("k4.secret.json")) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const auto pair = key_pair_from_secret_bytes(unhex(v["key"]));
    if (v["expect-fail"].get<bool>()) {
      ASSERT_FALSE(pair.ok());
      EXPECT_EQ(pair.error().code, ErrorCode::kBadInput);
      ++tally.refused;
      continue;
    }
    ASSERT_TRUE(pair.ok());
    const auto public_key = unhex(v["public-key"]);
    EXPECT_TRUE(std::equal(public_key.begin(), public_key.end(), pair->public_key.begin()));
    const auto seed = unhex(v["secret-key-seed"]);
    EXPECT_TRUE(std::equal(seed.begin(), seed.end(), pair->secret_key.begin()));
    const auto paserk = v["paserk"].get<std::string>();
    EXPECT_EQ(paserk_secret(pair->secret_key), paserk);
    const auto parsed = parse_paserk_secret(paserk);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->secret_key, pair->secret_key);
    EXPECT_EQ(parsed->public_key, pair->public_key);
    ++tally.passed;
  }
  EXPECT_EQ(tally.passed, 3);
  EXPECT_EQ(tally.refused, 2);
}

TEST(PaserkVectors, K4PidIsTheBlake2bIdOfThePublicPaserk) {
  Tally tally;
  for (const json& v : load_vectors("k4.pid.json")) {
    SCOPED_TRACE(v["name"].get<std::string>());
    const auto key = public_key_from_bytes(unhex(v["key"]));
    if (v["expect-fail"].get<bool>()) {
      ASSERT_FALSE(key.ok());
      ++tally.refused;
      continue;
    }
    ASSERT_TRUE(key.ok());
    const auto pid = paserk_pid(*key);
    EXPECT_EQ(pid, v["paserk"].get<std::string>());
    EXPECT_TRUE(is_paserk_pid(pid));
    ++tally.passed;
  }
  EXPECT_EQ(tally.passed, 3);
  EXPECT_EQ(tally.refused, 2);
}

// --- parsing ---

constexpr const char* kPublic2 = "k4.public.cHFyc3R1dnd4eXp7fH1-f4CBgoOEhYaHiImKi4yNjo8";

TEST(Paserk, ParsingRefusesOtherPrefixesPaddingLengthsAndAlphabets) {
  const std::string body = std::string(kPublic2).substr(10);  // 43 characters
  const std::vector<std::string> bad = {
      "k3.public." + body,
      "k4.secret." + body,
      "k4.local." + body,
      "K4.PUBLIC." + body,
      "k4.public." + body + "=",
      "k4.public." + body.substr(0, 42),
      "k4.public." + body + "A",
      "k4.public." + body.substr(0, 42) + "9",                    // stray bits in the last char
      "k4.public." + body.substr(0, 20) + "+" + body.substr(21),  // standard alphabet
      "k4.public." + body + "\n",
      "k4.public.",
      "",
  };
  ASSERT_TRUE(parse_paserk_public(kPublic2).ok());
  for (const std::string& s : bad) {
    const auto r = parse_paserk_public(s);
    ASSERT_FALSE(r.ok()) << s;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << s;
  }
}

TEST(Paserk, SecretWithAPublicHalfThatIsNotItsSeedsIsRefusedWithoutEchoingIt) {
  KeyPair pair = generate_key_pair().value();
  pair.secret_key[40] ^= 0x01;
  const std::string damaged = paserk_secret(pair.secret_key);
  const auto r = parse_paserk_secret(damaged);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(r.error().describe().find(damaged.substr(10, 20)), std::string::npos);
}

TEST(Paserk, PidsAreRecognisedOnlyInTheirExactForm) {
  const std::string pid = paserk_pid(generate_key_pair()->public_key);
  EXPECT_TRUE(is_paserk_pid(pid));
  EXPECT_FALSE(is_paserk_pid(pid.substr(0, pid.size() - 1)));
  EXPECT_FALSE(is_paserk_pid("k4.lid." + pid.substr(7)));
  EXPECT_FALSE(is_paserk_pid("../../etc/passwd"));
  EXPECT_FALSE(is_paserk_pid("k4.pid." + std::string(44, '/')));
}

TEST(Keys, GeneratedPairsSignAndDiffer) {
  const KeyPair a = generate_key_pair().value();
  const KeyPair b = generate_key_pair().value();
  EXPECT_NE(a.public_key, b.public_key);
  const unsigned char msg[] = "checkpoint";
  std::array<unsigned char, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, msg, sizeof msg, a.secret_key.data());
  EXPECT_EQ(crypto_sign_verify_detached(sig.data(), msg, sizeof msg, a.public_key.data()), 0);
  EXPECT_TRUE(key_pair_from_secret_bytes(a.secret_key).ok());
}

// --- key files ---

unsigned mode_of(const fs::path& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 07777;
}

size_t entries_in(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(KeyFiles, SecretKeyFileIsMode0600AndReadsBack) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "audit.key";
  const KeyPair pair = generate_key_pair().value();
  ASSERT_TRUE(write_secret_key_file(path, pair).ok());
  EXPECT_EQ(mode_of(path), 0600U);
  EXPECT_EQ(core::read_file(path).value(), paserk_secret(pair.secret_key) + "\n");
  EXPECT_EQ(entries_in(dir.path()), 1U);  // no temporary file left behind
  const auto back = read_secret_key_file(path);
  ASSERT_TRUE(back.ok()) << back.error().describe();
  EXPECT_EQ(back->secret_key, pair.secret_key);
  EXPECT_EQ(back->public_key, pair.public_key);
}

TEST(KeyFiles, RewritingReplacesAWorldReadableFileWithA0600One) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "audit.key";
  ASSERT_TRUE(core::write_file_atomically(path, "old\n", 0644).ok());
  const KeyPair pair = generate_key_pair().value();
  ASSERT_TRUE(write_secret_key_file(path, pair).ok());
  EXPECT_EQ(mode_of(path), 0600U);
  EXPECT_EQ(read_secret_key_file(path)->public_key, pair.public_key);
}

TEST(KeyFiles, SecretKeyFileOthersCanAccessIsRefusedNamingPathAndMode) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "audit.key";
  ASSERT_TRUE(write_secret_key_file(path, generate_key_pair().value()).ok());
  const std::vector<std::pair<mode_t, std::string>> cases = {
      {0644, "is readable by other users (mode 0644): chmod 600 it"},
      {0640, "is readable by other users (mode 0640): chmod 600 it"},
      {0604, "is readable by other users (mode 0604): chmod 600 it"},
      {0620, "is writable by other users (mode 0620): chmod 600 it"},
      {0602, "is writable by other users (mode 0602): chmod 600 it"},
  };
  for (const auto& [mode, message] : cases) {
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
    const auto r = read_secret_key_file(path);
    ASSERT_FALSE(r.ok()) << std::oct << mode;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(r.error().input, path.string());
    EXPECT_EQ(r.error().message, message);
  }
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);  // read-only for the owner is fine
  EXPECT_TRUE(read_secret_key_file(path).ok());
}

TEST(KeyFiles, SecretKeyFileThatIsNotAKeyIsRefusedWithoutEchoingItsContent) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "audit.key";
  const KeyPair pair = generate_key_pair().value();
  const std::string secret = paserk_secret(pair.secret_key);
  for (const std::string& content :
       {secret + " \n", secret.substr(0, secret.size() - 1) + "\n", "k4.local." + secret.substr(10),
        paserk_public(pair.public_key) + "\n", std::string()}) {
    ASSERT_TRUE(core::write_file_atomically(path, content, 0600).ok());
    const auto r = read_secret_key_file(path);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(r.error().input, path.string());
    EXPECT_EQ(r.error().describe().find(secret.substr(10, 16)), std::string::npos);
  }
}

TEST(KeyFiles, MissingSecretKeyFileIsBadInput) {
  testing::TempDir dir;
  const auto r = read_secret_key_file(dir.path() / "none.key");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

TEST(KeyFiles, PublicKeyFileIsNamedByItsPidAndLoadsBack) {
  testing::TempDir dir;
  const KeyPair pair = generate_key_pair().value();
  const auto path = write_public_key_file(dir.path(), pair.public_key);
  ASSERT_TRUE(path.ok()) << path.error().describe();
  const std::string pid = paserk_pid(pair.public_key);
  EXPECT_EQ(*path, dir.path() / (pid + ".pub"));
  EXPECT_EQ(core::read_file(*path).value(), paserk_public(pair.public_key) + "\n");
  EXPECT_EQ(read_public_key_file(*path).value(), pair.public_key);
  EXPECT_EQ(load_public_key(dir.path(), pid).value(), pair.public_key);
}

TEST(KeyFiles, PublicKeyFileHoldingAnotherKeyFailsIntegrity) {
  testing::TempDir dir;
  const KeyPair a = generate_key_pair().value();
  const KeyPair b = generate_key_pair().value();
  const fs::path path = write_public_key_file(dir.path(), a.public_key).value();
  ASSERT_TRUE(core::write_file_atomically(path, paserk_public(b.public_key) + "\n").ok());
  const auto r = load_public_key(dir.path(), paserk_pid(a.public_key));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

TEST(KeyFiles, LoadingRefusesAnIdThatIsNotAPid) {
  testing::TempDir dir;
  const auto r = load_public_key(dir.path(), "../outside");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  EXPECT_EQ(load_public_key(dir.path(), paserk_pid(generate_key_pair()->public_key)).error().code,
            ErrorCode::kBadInput);  // well-formed id, no such file
}

TEST(KeyFiles, PublicKeyFileWithOtherContentIsBadInput) {
  testing::TempDir dir;
  const fs::path path = dir.path() / "x.pub";
  ASSERT_TRUE(core::write_file_atomically(path, "k4.public.short\n").ok());
  EXPECT_EQ(read_public_key_file(path).error().code, ErrorCode::kBadInput);
}

}  // namespace
}  // namespace novacrm::auth
