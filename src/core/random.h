// Random: the source of secrets (session tokens, CSRF tokens, salts). Injected so tests can make
// runs repeatable. CryptoRandom (libsodium randombytes) is thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace shouhu {

class Random {
 public:
  virtual ~Random() = default;
  virtual void Fill(unsigned char* out, size_t n) = 0;
  std::vector<unsigned char> Bytes(size_t n);
  // n random bytes as URL-safe base64 without padding.
  std::string Token(size_t n);
};

class CryptoRandom final : public Random {
 public:
  CryptoRandom();
  void Fill(unsigned char* out, size_t n) override;
};

// Encoding helpers shared by tokens, hashes and the audit chain.
std::string ToHex(const unsigned char* data, size_t n);
inline std::string ToHex(const std::string& s) {
  return ToHex(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}
std::string Base64Url(const unsigned char* data, size_t n);
// SHA-256 (libsodium) of `data`, lower-case hex.
std::string Sha256Hex(const std::string& data);

}  // namespace shouhu
