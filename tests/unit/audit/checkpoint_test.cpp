// Checkpoints as C2SP signed notes: a known answer from Go's reference implementation
// (golang.org/x/mod/sumdb/note), round trips, and every way a note can be tampered with or
// malformed.
#include "audit/checkpoint.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <string>
#include <vector>

namespace novacrm::audit {
namespace {

using core::ErrorCode;

struct TestKey {
  std::array<uint8_t, 32> public_key{};
  std::array<uint8_t, 64> secret_key{};
};

TestKey key_from_seed(uint8_t fill) {
  EXPECT_GE(sodium_init(), 0);
  std::array<uint8_t, 32> seed{};
  seed.fill(fill);
  TestKey key;
  crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed.data());
  return key;
}

std::vector<uint8_t> unbase64(const std::string& b64) {
  std::vector<uint8_t> out(b64.size());
  size_t len = 0;
  EXPECT_EQ(sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len,
                              nullptr, sodium_base64_VARIANT_ORIGINAL),
            0);
  out.resize(len);
  return out;
}

// The last line of a note: its (only) signature line, newline included.
std::string signature_line(const std::string& note) {
  const size_t start = note.rfind('\n', note.size() - 2) + 1;
  return note.substr(start);
}

Hash sample_root() {
  Hash h{};
  for (size_t i = 0; i < h.size(); ++i) h[i] = static_cast<uint8_t>(i * 7 + 1);
  return h;
}

const Checkpoint kCheckpoint{"novacrm.example/audit", 1234, sample_root()};
const std::string kName = "novacrm.example/audit";

// --- Known answer: golang.org/x/mod sumdb/note/note_test.go (BSD-3-Clause, The Go Authors),
// commit 02c991387e35f9e4c0a9b7ce137717055f8d716d. Keys are in Go's "name+hash+base64(0x01 ||
// key)" form; Ed25519 is deterministic, so signing must reproduce the published note exactly.

constexpr const char* kPeterSignerKey = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";  // seed
constexpr const char* kPeterVerifierKey = "ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
constexpr const char* kEnochVerifierKey = "ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const std::string kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kPeterSig =
    "\u2014 PeterNeumann "
    "x08go/ZJkuBS9UG/"
    "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const std::string kEnochSig =
    "\u2014 EnochRoot "
    "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/"
    "5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// The 32 key bytes after Go's algorithm byte 0x01.
std::array<uint8_t, 32> go_key_bytes(const char* b64) {
  const auto raw = unbase64(b64);
  EXPECT_EQ(raw.size(), 33U);
  EXPECT_EQ(raw.at(0), 0x01);
  std::array<uint8_t, 32> key{};
  std::copy(raw.begin() + 1, raw.end(), key.begin());
  return key;
}

TestKey peter() {
  const auto seed = go_key_bytes(kPeterSignerKey);
  TestKey key;
  crypto_sign_seed_keypair(key.public_key.data(), key.secret_key.data(), seed.data());
  return key;
}

TEST(SignedNoteGoVectors, KeyIdsMatchTheGoKeyHashes) {
  ASSERT_GE(sodium_init(), 0);
  EXPECT_EQ(peter().public_key, go_key_bytes(kPeterVerifierKey));
  EXPECT_EQ(note_key_id("PeterNeumann", go_key_bytes(kPeterVerifierKey)), 0xc74f20a3U);
  EXPECT_EQ(note_key_id("EnochRoot", go_key_bytes(kEnochVerifierKey)), 0xaf0cfe78U);
}

TEST(SignedNoteGoVectors, SigningReproducesTheGoNoteByteForByte) {
  const auto note = sign_note(kGoText, "PeterNeumann", peter().secret_key);
  ASSERT_TRUE(note.ok()) << note.error().describe();
  EXPECT_EQ(*note, kGoText + "\n" + kPeterSig);
}

TEST(SignedNoteGoVectors, EitherKeyOpensANoteSignedByBoth) {
  const std::string note = kGoText + "\n" + kPeterSig + kEnochSig;
  auto by_peter = open_note(note, "PeterNeumann", go_key_bytes(kPeterVerifierKey));
  ASSERT_TRUE(by_peter.ok()) << by_peter.error().describe();
  EXPECT_EQ(*by_peter, kGoText);
  EXPECT_TRUE(open_note(note, "EnochRoot", go_key_bytes(kEnochVerifierKey)).ok());
}

TEST(SignedNoteGoVectors, DuplicatedAndForeignBadSignaturesAreIgnored) {
  const std::string enoch_abcd = kEnochSig.substr(0, 60) + "ABCD" + kEnochSig.substr(60);
  const std::string note =
      kGoText + "\n" + kPeterSig + kPeterSig + kEnochSig + kEnochSig + enoch_abcd;
  EXPECT_TRUE(open_note(note, "PeterNeumann", go_key_bytes(kPeterVerifierKey)).ok());
}

TEST(SignedNoteGoVectors, AnAlteredSignatureOfTheExpectedKeyIsAnIntegrityFailure) {
  const std::string note = kGoText + "\n" + kPeterSig.substr(0, 60) + "ABCD" + kPeterSig.substr(60);
  const auto r = open_note(note, "PeterNeumann", go_key_bytes(kPeterVerifierKey));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

TEST(SignedNoteGoVectors, NoKnownSignatureIsAnIntegrityFailure) {
  const std::string note = kGoText + "\n" + kEnochSig;
  const auto r = open_note(note, "PeterNeumann", go_key_bytes(kPeterVerifierKey));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

TEST(SignedNoteGoVectors, MalformedNotesAreBadInput) {
  const std::string too_many = [] {
    std::string s;
    for (int i = 0; i < 101; ++i) s += kPeterSig;
    return s;
  }();
  const std::vector<std::string> bad = {
      kGoText,
      kGoText + "\n",
      kGoText + "\n" + kPeterSig.substr(0, kPeterSig.size() - 1),
      "\x01" + kGoText + "\n" + kPeterSig,
      "\xff" + kGoText + "\n" + kPeterSig,
      kGoText + "\n" +
          "\u2014 Bad Name "
          "x08go/ZJkuBS9UG/"
          "SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
      kGoText + "\n" + kPeterSig + "Unexpected line.\n",
      kGoText + "\n" + too_many,
  };
  for (const std::string& note : bad) {
    const auto r = open_note(note, "PeterNeumann", go_key_bytes(kPeterVerifierKey));
    ASSERT_FALSE(r.ok()) << note;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << note;
  }
}

// --- checkpoints ---

TEST(Checkpoint, BodyIsOriginSizeAndBase64Root) {
  Checkpoint c{"example.com/log", 5, {}};
  EXPECT_EQ(format_checkpoint(c),
            "example.com/log\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
}

TEST(Checkpoint, SignedNoteHasTheC2spShape) {
  const TestKey key = key_from_seed(1);
  const std::string note = sign_checkpoint(kCheckpoint, kName, key.secret_key).value();
  const std::string body = format_checkpoint(kCheckpoint);
  ASSERT_EQ(note.substr(0, body.size() + 1), body + "\n");
  const std::string sig = note.substr(body.size() + 1);
  ASSERT_TRUE(sig.starts_with("\xE2\x80\x94 " + kName + " "));
  const auto blob = unbase64(sig.substr(4 + kName.size() + 1, sig.size() - 4 - kName.size() - 2));
  ASSERT_EQ(blob.size(), 68U);
  const uint32_t id = note_key_id(kName, key.public_key);
  EXPECT_EQ(blob[0], id >> 24);
  EXPECT_EQ(blob[3], id & 0xFF);
  EXPECT_EQ(crypto_sign_verify_detached(blob.data() + 4,
                                        reinterpret_cast<const unsigned char*>(body.data()),
                                        body.size(), key.public_key.data()),
            0);
}

TEST(Checkpoint, RoundTripsThroughSignAndOpen) {
  const TestKey key = key_from_seed(1);
  for (uint64_t size : {uint64_t{0}, uint64_t{1}, uint64_t{1234}, UINT64_MAX}) {
    Checkpoint c = kCheckpoint;
    c.size = size;
    const auto opened =
        open_checkpoint(sign_checkpoint(c, kName, key.secret_key).value(), kName, key.public_key);
    ASSERT_TRUE(opened.ok()) << opened.error().describe();
    EXPECT_EQ(*opened, c);
  }
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  const size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(Checkpoint, TamperedBodySizeRootOrSignatureFailsIntegrity) {
  const TestKey key = key_from_seed(1);
  const std::string note = sign_checkpoint(kCheckpoint, kName, key.secret_key).value();
  const std::string root_b64 = format_checkpoint(kCheckpoint).substr(kName.size() + 6, 44);
  std::string flipped_root = root_b64;
  flipped_root[3] = flipped_root[3] == 'A' ? 'B' : 'A';
  const std::string sig = signature_line(note);
  std::string flipped_sig = sig;
  flipped_sig[20] = flipped_sig[20] == 'A' ? 'B' : 'A';
  const std::vector<std::string> tampered = {
      replace_once(note, "novacrm.example/audit\n1234", "novacrm.example/audix\n1234"),
      replace_once(note, "\n1234\n", "\n1235\n"),
      replace_once(note, "\n1234\n", "\n123\n"),
      replace_once(note, root_b64, flipped_root),
      replace_once(note, sig, flipped_sig),
  };
  for (const std::string& t : tampered) {
    const auto r = open_checkpoint(t, kName, key.public_key);
    ASSERT_FALSE(r.ok()) << t;
    EXPECT_EQ(r.error().code, ErrorCode::kIntegrity) << t;
  }
}

TEST(Checkpoint, WrongPublicKeyFailsIntegrity) {
  const std::string note = sign_checkpoint(kCheckpoint, kName, key_from_seed(1).secret_key).value();
  const auto r = open_checkpoint(note, kName, key_from_seed(2).public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
  EXPECT_NE(r.error().message.find("another key of that name"), std::string::npos);
}

TEST(Checkpoint, UnknownKeyNameFailsIntegrity) {
  const TestKey key = key_from_seed(1);
  const std::string note = sign_checkpoint(kCheckpoint, kName, key.secret_key).value();
  const auto r = open_checkpoint(note, "someone.else/log", key.public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

// A same-name signature whose key ID matches the expected key but whose bytes came from another
// key: the key ID only says which key to try, the signature decides.
TEST(Checkpoint, ForgedKeyIdWithAnotherKeysSignatureFailsIntegrity) {
  const TestKey mine = key_from_seed(1);
  const TestKey other = key_from_seed(2);
  const std::string forged = sign_checkpoint(kCheckpoint, kName, other.secret_key).value();
  auto blob = unbase64(signature_line(forged).substr(
      4 + kName.size() + 1, signature_line(forged).size() - 4 - kName.size() - 2));
  const uint32_t id = note_key_id(kName, mine.public_key);
  for (size_t k = 0; k < 4; ++k) blob[k] = static_cast<uint8_t>(id >> (24 - 8 * k));
  std::string b64(sodium_base64_ENCODED_LEN(blob.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), blob.data(), blob.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  b64.pop_back();
  const std::string note =
      format_checkpoint(kCheckpoint) + "\n\xE2\x80\x94 " + kName + " " + b64 + "\n";
  const auto r = open_checkpoint(note, kName, mine.public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIntegrity);
}

TEST(Checkpoint, NoteWithTwoSignatureLinesOpensWithEitherKey) {
  const TestKey log_key = key_from_seed(1);
  const TestKey witness = key_from_seed(2);
  const std::string note = sign_checkpoint(kCheckpoint, kName, log_key.secret_key).value();
  const std::string witness_line = signature_line(
      sign_note(format_checkpoint(kCheckpoint), "witness.example/w1", witness.secret_key).value());
  for (const std::string& both :
       {note + witness_line, replace_once(note, "\n\n", "\n\n" + witness_line)}) {
    EXPECT_TRUE(open_checkpoint(both, kName, log_key.public_key).ok()) << both;
    EXPECT_TRUE(open_checkpoint(both, "witness.example/w1", witness.public_key).ok()) << both;
  }
}

// Bodies that are signed correctly but are not checkpoints: the signature verifies, the text
// does not parse.
TEST(Checkpoint, MalformedSignedBodiesAreBadInput) {
  const TestKey key = key_from_seed(1);
  const std::string root = "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o=";
  const std::vector<std::string> bodies = {
      "novacrm.example/audit\n12a\n" + root + "\n",                   // non-decimal size
      "novacrm.example/audit\n-1\n" + root + "\n",                    // signed
      "novacrm.example/audit\n+1\n" + root + "\n",                    // signed
      "novacrm.example/audit\n007\n" + root + "\n",                   // leading zeros
      "novacrm.example/audit\n\n" + root + "\n",                      // empty size line
      "novacrm.example/audit\n18446744073709551616\n" + root + "\n",  // 2^64
      "novacrm.example/audit\n1 \n" + root + "\n",                    // trailing space
      "novacrm.example/audit\n5\nnot base64!\n",                      // bad base64
      "novacrm.example/audit\n5\nAAAA\n",                             // 3 bytes, not 32
      "novacrm.example/audit\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=\n",  // stray bits
      "novacrm.example/audit\n5\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",   // no padding
      "novacrm.example/audit\n5\n" + root + "\nextension line\n",                  // extra text
      "novacrm.example/audit\n5\n",                                                // no root line
      "\n5\n" + root + "\n",                                                       // empty origin
  };
  for (const std::string& body : bodies) {
    const auto note = sign_note(body, kName, key.secret_key);
    ASSERT_TRUE(note.ok()) << body;
    const auto r = open_checkpoint(*note, kName, key.public_key);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << body;
  }
}

TEST(Checkpoint, MalformedEnvelopesAreBadInput) {
  const TestKey key = key_from_seed(1);
  const std::string note = sign_checkpoint(kCheckpoint, kName, key.secret_key).value();
  const std::string sig = signature_line(note);
  const std::vector<std::string> bad = {
      replace_once(note, "\n\n", "\n"),                                 // missing blank line
      replace_once(note, sig, replace_once(sig, "\xE2\x80\x94", "-")),  // hyphen, not em dash
      replace_once(note, sig, sig.substr(0, sig.size() - 3) + "*=\n"),  // bad base64
      replace_once(note, sig, sig.substr(0, 4 + kName.size()) + "\n"),  // no signature
      note + "trailing text\n",              // extra text after signatures
      note.substr(0, note.size() - 1),       // no final newline
      replace_once(note, "1234", "12\t34"),  // control character
  };
  for (const std::string& t : bad) {
    const auto r = open_checkpoint(t, kName, key.public_key);
    ASSERT_FALSE(r.ok()) << t;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput) << t;
  }
}

TEST(Checkpoint, SigningRefusesAnOriginThatIsNotOneLine) {
  const TestKey key = key_from_seed(1);
  for (const std::string& origin : {std::string(), std::string("a\nb"), std::string("a\rb")}) {
    Checkpoint c = kCheckpoint;
    c.origin = origin;
    const auto r = sign_checkpoint(c, kName, key.secret_key);
    ASSERT_FALSE(r.ok()) << origin;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  }
}

TEST(Checkpoint, SigningRefusesKeyNamesTheFormatForbids) {
  const TestKey key = key_from_seed(1);
  for (const std::string& name :
       {std::string(), std::string("a b"), std::string("a+b"), std::string("a\u00a0b")}) {
    const auto r = sign_checkpoint(kCheckpoint, name, key.secret_key);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
  }
}

}  // namespace
}  // namespace novacrm::audit
