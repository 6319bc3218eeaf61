#include "security/field_cipher.h"

#include <sodium.h>

#include <cstring>

namespace shouhu::security {
namespace {

static_assert(kBlobNonceBytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(kBlobTagBytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

// The bytes authenticated besides the ciphertext: the blob header, then the caller's data.
std::string FullAssociatedData(std::span<const unsigned char> header,
                               std::string_view associated_data) {
  std::string ad(reinterpret_cast<const char*>(header.data()), header.size());
  ad.append(associated_data);
  return ad;
}

// A non-null pointer to the bytes of `s` (libsodium is not given null for empty inputs).
const unsigned char* Bytes(std::string_view s) {
  static const unsigned char kEmpty = 0;
  return s.empty() ? &kEmpty : reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string FieldAssociatedData(std::string_view column, std::string_view row_id) {
  std::string ad(column);
  ad += ':';
  ad += row_id;
  return ad;
}

std::optional<uint32_t> BlobKeyId(std::span<const unsigned char> blob) {
  if (blob.size() < kBlobOverheadBytes || blob[0] != kBlobVersion) return std::nullopt;
  return (uint32_t{blob[1]} << 24) | (uint32_t{blob[2]} << 16) | (uint32_t{blob[3]} << 8) |
         uint32_t{blob[4]};
}

Result<std::vector<unsigned char>> Encrypt(const KeyRing& ring, std::string_view plaintext,
                                           std::string_view associated_data, Random& random) {
  if (!SodiumReady()) return Status::Internal("sodium_init_failed");
  const uint32_t key_id = ring.current_id();
  std::vector<unsigned char> blob(kBlobOverheadBytes + plaintext.size());
  blob[0] = kBlobVersion;
  blob[1] = static_cast<unsigned char>(key_id >> 24);
  blob[2] = static_cast<unsigned char>(key_id >> 16);
  blob[3] = static_cast<unsigned char>(key_id >> 8);
  blob[4] = static_cast<unsigned char>(key_id);
  unsigned char* nonce = blob.data() + kBlobHeaderBytes;
  random.Fill(nonce, kBlobNonceBytes);
  const std::string ad =
      FullAssociatedData(std::span(blob.data(), kBlobHeaderBytes), associated_data);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + kBlobNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(ad), ad.size(), nullptr, nonce,
                                             ring.current_key().data());
  if (written != plaintext.size() + kBlobTagBytes) return Status::Internal("encrypt_failed");
  return blob;
}

Result<std::string> Decrypt(const KeyRing& ring, std::span<const unsigned char> blob,
                            std::string_view associated_data) {
  if (!SodiumReady()) return Status::Internal("sodium_init_failed");
  const std::optional<uint32_t> key_id = BlobKeyId(blob);
  if (!key_id) return Status::Corruption("ciphertext_tampered");
  const SecretKey* key = ring.FindKey(*key_id);
  if (key == nullptr) return Status::Corruption("unknown_key");
  const unsigned char* nonce = blob.data() + kBlobHeaderBytes;
  const unsigned char* ciphertext = nonce + kBlobNonceBytes;
  const size_t ciphertext_size = blob.size() - kBlobHeaderBytes - kBlobNonceBytes;
  const std::string ad = FullAssociatedData(blob.first(kBlobHeaderBytes), associated_data);
  std::string plaintext(ciphertext_size - kBlobTagBytes, '\0');
  unsigned long long written = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plaintext.data()),
                                                 &written, nullptr, ciphertext, ciphertext_size,
                                                 Bytes(ad), ad.size(), nonce, key->data()) != 0 ||
      written != plaintext.size()) {
    sodium_memzero(plaintext.data(), plaintext.size());
    return Status::Corruption("ciphertext_tampered");
  }
  return plaintext;
}

bool NeedsRotation(std::span<const unsigned char> blob, const KeyRing& ring) {
  const std::optional<uint32_t> key_id = BlobKeyId(blob);
  return key_id.has_value() && *key_id != ring.current_id();
}

Result<std::vector<unsigned char>> Reencrypt(const KeyRing& ring,
                                             std::span<const unsigned char> blob,
                                             std::string_view associated_data, Random& random) {
  SHOUHU_ASSIGN_OR_RETURN(std::string plaintext, Decrypt(ring, blob, associated_data));
  auto result = Encrypt(ring, plaintext, associated_data, random);
  sodium_memzero(plaintext.data(), plaintext.size());
  return result;
}

}  // namespace shouhu::security
