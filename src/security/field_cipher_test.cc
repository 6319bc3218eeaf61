#include "security/field_cipher.h"

#include <gtest/gtest.h>

namespace shouhu::security {
namespace {

class CountingRandom final : public Random {
 public:
  void Fill(unsigned char* out, size_t n) override {
    for (size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(next_++ * 53 + 7);
  }

 private:
  unsigned next_ = 0;
};

KeyRing MakeRing(const std::string& file) {
  auto ring = LoadKeyRing(file);
  EXPECT_TRUE(ring.ok());
  return std::move(ring).value();
}

class FieldCipherTest : public ::testing::Test {
 protected:
  CountingRandom random_;
  std::string file_ = GenerateKeyFile(random_);
  KeyRing ring_ = MakeRing(file_);
  const std::string name_ = "测试某";
  const std::string ad_ = FieldAssociatedData("child.name", "42");
};

TEST_F(FieldCipherTest, RoundTripsAndBindsTheLayout) {
  auto blob = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(blob.ok());
  ASSERT_EQ(blob->size(), kBlobOverheadBytes + name_.size());
  EXPECT_EQ((*blob)[0], kBlobVersion);
  EXPECT_EQ(BlobKeyId(*blob), 1u);
  const std::string raw(blob->begin(), blob->end());
  EXPECT_EQ(raw.find(name_), std::string::npos);
  auto plain = Decrypt(ring_, *blob, ad_);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, name_);
  EXPECT_EQ(ad_, "child.name:42");
}

TEST_F(FieldCipherTest, EmptyAndLongValues) {
  for (const std::string& value : {std::string(), std::string(100'000, 'n')}) {
    auto blob = Encrypt(ring_, value, ad_, random_);
    ASSERT_TRUE(blob.ok());
    auto plain = Decrypt(ring_, *blob, ad_);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(*plain, value);
  }
}

TEST_F(FieldCipherTest, FreshNoncePerValue) {
  auto a = Encrypt(ring_, name_, ad_, random_);
  auto b = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST_F(FieldCipherTest, EveryFlippedBitIsReportedNeverDecoded) {
  auto blob = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(blob.ok());
  for (size_t i = 0; i < blob->size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<unsigned char> tampered = *blob;
      tampered[i] ^= static_cast<unsigned char>(1u << bit);
      auto plain = Decrypt(ring_, tampered, ad_);
      ASSERT_FALSE(plain.ok()) << "byte " << i << " bit " << bit;
      EXPECT_EQ(plain.status().code(), StatusCode::kCorruption);
      // A changed key id names a key the ring lacks; anything else fails authentication.
      const bool in_key_id = i >= 1 && i < kBlobHeaderBytes;
      EXPECT_EQ(plain.status().message(), in_key_id ? "unknown_key" : "ciphertext_tampered")
          << "byte " << i;
    }
  }
}

TEST_F(FieldCipherTest, ValueMovedToAnotherRowOrColumnDoesNotDecrypt) {
  auto blob = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(blob.ok());
  for (const std::string& other : {FieldAssociatedData("child.name", "43"),
                                   FieldAssociatedData("child.school", "42"), std::string()}) {
    auto plain = Decrypt(ring_, *blob, other);
    ASSERT_FALSE(plain.ok()) << other;
    EXPECT_EQ(plain.status().message(), "ciphertext_tampered");
  }
}

TEST_F(FieldCipherTest, TruncatedOrForeignBlobs) {
  auto blob = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(blob.ok());
  for (size_t len :
       {size_t{0}, size_t{1}, kBlobHeaderBytes, kBlobOverheadBytes - 1, blob->size() - 1}) {
    std::vector<unsigned char> cut(blob->begin(), blob->begin() + static_cast<long>(len));
    auto plain = Decrypt(ring_, cut, ad_);
    ASSERT_FALSE(plain.ok()) << len;
    EXPECT_EQ(plain.status().message(), "ciphertext_tampered") << len;
  }
  std::vector<unsigned char> longer = *blob;
  longer.push_back(0);
  EXPECT_EQ(Decrypt(ring_, longer, ad_).status().message(), "ciphertext_tampered");

  CryptoRandom crypto;
  const KeyRing other = MakeRing(GenerateKeyFile(crypto));  // same key id 1, another key
  EXPECT_EQ(Decrypt(other, *blob, ad_).status().message(), "ciphertext_tampered");
}

TEST_F(FieldCipherTest, RotationKeepsOldValuesReadable) {
  auto old_blob = Encrypt(ring_, name_, ad_, random_);
  ASSERT_TRUE(old_blob.ok());
  EXPECT_FALSE(NeedsRotation(*old_blob, ring_));

  auto rotated_file = RotateKeyFile(file_, random_);
  ASSERT_TRUE(rotated_file.ok());
  const KeyRing rotated = MakeRing(*rotated_file);
  EXPECT_TRUE(NeedsRotation(*old_blob, rotated));
  auto plain = Decrypt(rotated, *old_blob, ad_);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, name_);

  auto fresh = Reencrypt(rotated, *old_blob, ad_, random_);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(BlobKeyId(*fresh), 2u);
  EXPECT_FALSE(NeedsRotation(*fresh, rotated));
  EXPECT_EQ(*Decrypt(rotated, *fresh, ad_), name_);
  // The old ring has no key 2.
  EXPECT_EQ(Decrypt(ring_, *fresh, ad_).status().message(), "unknown_key");
  EXPECT_EQ(Reencrypt(rotated, *fresh, "child.name:43", random_).status().message(),
            "ciphertext_tampered");

  EXPECT_FALSE(NeedsRotation(std::vector<unsigned char>{1, 2, 3}, rotated));
  EXPECT_EQ(BlobKeyId(std::vector<unsigned char>{1, 2, 3}), std::nullopt);
}

}  // namespace
}  // namespace shouhu::security
