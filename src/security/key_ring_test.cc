#include "security/key_ring.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include <sstream>

namespace shouhu::security {
namespace {

// Deterministic bytes: each call continues a counter, so generated keys differ from each other.
class CountingRandom final : public Random {
 public:
  void Fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(next_++ * 37 + 11);
  }

 private:
  unsigned next_ = 0;
};

std::string Base64Of(unsigned char fill) {
  unsigned char bytes[kKeyBytes];
  std::fill(std::begin(bytes), std::end(bytes), fill);
  std::string out(sodium_base64_encoded_len(kKeyBytes, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, kKeyBytes, sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

std::string Error(const Status& s) {
  return s.fields().empty() ? s.message()
                            : s.fields().begin()->first + ":" + s.fields().begin()->second;
}

bool SameBytes(const SecretKey& a, const SecretKey& b) {
  return sodium_memcmp(a.data(), b.data(), kKeyBytes) == 0;
}

TEST(KeyRingTest, LoadsKeysCurrentAndBlindIndexKey) {
  const std::string text = "# demo keys\n\nkey 1 " + Base64Of(1) + "\nkey 7 " + Base64Of(7) +
                           "\r\n  current 7  \nblind-index " + Base64Of(9) + "\n";
  auto ring = LoadKeyRing(text);
  ASSERT_TRUE(ring.ok()) << Error(ring.status());
  EXPECT_EQ(ring->current_id(), 7u);
  EXPECT_EQ(ring->key_ids(), (std::vector<uint32_t>{1, 7}));
  ASSERT_NE(ring->FindKey(1), nullptr);
  EXPECT_EQ(ring->FindKey(1)->data()[0], 1);
  EXPECT_EQ(ring->current_key().data()[31], 7);
  EXPECT_EQ(ring->blind_index_key().data()[0], 9);
  EXPECT_EQ(ring->FindKey(2), nullptr);
  std::ostringstream os;
  os << *ring;
  EXPECT_EQ(os.str(), "KeyRing(current=7, keys=[1, 7])");
}

TEST(KeyRingTest, AcceptsSemicolonsForEnvironmentVariables) {
  auto ring = LoadKeyRing("key 3 " + Base64Of(3) + "; current 3; blind-index " + Base64Of(4));
  ASSERT_TRUE(ring.ok()) << Error(ring.status());
  EXPECT_EQ(ring->current_id(), 3u);
  // A comment line may itself contain ';'.
  auto commented = LoadKeyRing("# keys; rotate yearly\nkey 3 " + Base64Of(3) + ";current 3;;\n" +
                               "blind-index " + Base64Of(4));
  ASSERT_TRUE(commented.ok()) << Error(commented.status());
  EXPECT_EQ(
      Error(LoadKeyRing("key 3 " + Base64Of(3) + "; current; blind-index " + Base64Of(4)).status()),
      "line_1:bad_syntax");
}

TEST(KeyRingTest, RefusesMalformedFilesWithoutQuotingKeys) {
  const std::string k1 = "key 1 " + Base64Of(1) + "\n";
  const std::string cur = "current 1\n";
  const std::string blind = "blind-index " + Base64Of(9) + "\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "key:missing"},
      {k1 + blind, "current:missing"},
      {k1 + "current 2\n" + blind, "current:unknown_key"},
      {k1 + cur, "blind_index:missing"},
      {k1 + cur + "blind-index " + Base64Of(1) + "\n", "blind_index:reused_key"},
      {k1 + cur + blind + "secret abc\n", "line_4:unknown_directive"},
      {"key 1\n", "line_1:bad_syntax"},
      {"key 1 " + Base64Of(1) + " extra\n", "line_1:bad_syntax"},
      {"key 0 " + Base64Of(1) + "\n", "line_1:bad_key_id"},
      {"key 01 " + Base64Of(1) + "\n", "line_1:bad_key_id"},
      {"key 4294967296 " + Base64Of(1) + "\n", "line_1:bad_key_id"},
      {"key -1 " + Base64Of(1) + "\n", "line_1:bad_key_id"},
      {"key 1 c2hvcnQ=\n", "line_1:bad_key"},
      {"key 1 " + Base64Of(1).substr(1) + "\n", "line_1:bad_key"},
      {"key 1 !!!!\n", "line_1:bad_key"},
      {k1 + "key 1 " + Base64Of(2) + "\n", "line_2:duplicate_key_id"},
      {k1 + cur + cur, "line_3:duplicate_current"},
      {k1 + cur + blind + blind, "line_4:duplicate_blind_index"},
      {k1 + "current x\n", "line_2:bad_key_id"},
  };
  for (const auto& [text, expected] : cases) {
    auto ring = LoadKeyRing(text);
    ASSERT_FALSE(ring.ok()) << expected;
    EXPECT_EQ(ring.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(ring.status().message(), "key_file_invalid");
    EXPECT_EQ(Error(ring.status()), expected);
    EXPECT_EQ(Error(ring.status()).find(Base64Of(1).substr(0, 8)), std::string::npos);
  }
}

TEST(KeyRingTest, GeneratedFileLoadsAndHoldsDistinctKeys) {
  CountingRandom random;
  const std::string file = GenerateKeyFile(random);
  EXPECT_EQ(file.rfind("# ", 0), 0u);  // starts with the warning header
  auto ring = LoadKeyRing(file);
  ASSERT_TRUE(ring.ok()) << Error(ring.status());
  EXPECT_EQ(ring->current_id(), 1u);
  EXPECT_EQ(ring->key_ids().size(), 1u);
  EXPECT_FALSE(SameBytes(ring->current_key(), ring->blind_index_key()));

  CryptoRandom crypto;
  EXPECT_NE(GenerateKeyFile(crypto), GenerateKeyFile(crypto));
}

TEST(KeyRingTest, RotationAddsACurrentKeyAndKeepsTheRest) {
  CountingRandom random;
  const std::string first = GenerateKeyFile(random);
  auto rotated = RotateKeyFile(first, random);
  ASSERT_TRUE(rotated.ok()) << Error(rotated.status());
  auto before = LoadKeyRing(first);
  auto after = LoadKeyRing(*rotated);
  ASSERT_TRUE(before.ok() && after.ok());
  EXPECT_EQ(after->current_id(), 2u);
  EXPECT_EQ(after->key_ids(), (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(SameBytes(*after->FindKey(1), before->current_key()));
  EXPECT_FALSE(SameBytes(*after->FindKey(2), *after->FindKey(1)));
  EXPECT_TRUE(SameBytes(after->blind_index_key(), before->blind_index_key()));

  auto again = RotateKeyFile(*rotated, random);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(LoadKeyRing(*again)->current_id(), 3u);

  const std::string full =
      "key 4294967295 " + Base64Of(1) + "\ncurrent 4294967295\nblind-index " + Base64Of(2) + "\n";
  EXPECT_EQ(Error(RotateKeyFile(full, random).status()), "key:id_exhausted");
  EXPECT_EQ(Error(RotateKeyFile("nonsense", random).status()), "line_1:unknown_directive");
}

TEST(KeyRingTest, KeysCopyIndependently) {
  CountingRandom random;
  const SecretKey a = SecretKey::Generate(random);
  SecretKey b = a;
  EXPECT_TRUE(SameBytes(a, b));
  b = SecretKey::Generate(random);
  EXPECT_FALSE(SameBytes(a, b));
  std::ostringstream os;
  os << a;
  EXPECT_EQ(os.str(), "SecretKey(redacted)");
  EXPECT_EQ(::testing::PrintToString(a), "SecretKey(redacted)");
  unsigned char short_key[16] = {};
  EXPECT_FALSE(SecretKey::FromBytes(short_key, sizeof short_key).has_value());
}

}  // namespace
}  // namespace shouhu::security
