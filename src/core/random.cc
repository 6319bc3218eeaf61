#include "core/random.h"

#include <sodium.h>

#include <stdexcept>

namespace shouhu {

std::vector<unsigned char> Random::Bytes(size_t n) {
  std::vector<unsigned char> out(n);
  Fill(out.data(), n);
  return out;
}

std::string Random::Token(size_t n) {
  auto bytes = Bytes(n);
  return Base64Url(bytes.data(), bytes.size());
}

CryptoRandom::CryptoRandom() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

void CryptoRandom::Fill(unsigned char* out, size_t n) {
  randombytes_buf(out, n);
}

std::string ToHex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

std::string Base64Url(const unsigned char* data, size_t n) {
  const int variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_encoded_len(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(out.find('\0'));
  return out;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(digest, sizeof digest);
}

}  // namespace shouhu
