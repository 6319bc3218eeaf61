// KeyRing: the field-encryption keys (the current one and older ones, by id, so keys can rotate)
// and the separate blind-index key, read from a key file kept outside the database. Immutable
// once loaded; safe to share across threads. Key bytes are zeroed on destruction, never printed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/random.h"
#include "core/status.h"

namespace shouhu::security {

inline constexpr size_t kKeyBytes = 32;

// 32 secret bytes. Copies are independent; each is wiped (sodium_memzero) when destroyed. There is
// deliberately no equality operator or string conversion, and streaming one writes only
// "SecretKey(redacted)", so a key cannot end up in a log or a test failure message.
class SecretKey {
 public:
  static SecretKey Generate(Random& random);
  // Exactly kKeyBytes bytes, or nullopt.
  static std::optional<SecretKey> FromBytes(const unsigned char* data, size_t n);

  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();

  const unsigned char* data() const { return bytes_.data(); }
  static constexpr size_t size() { return kKeyBytes; }

 private:
  SecretKey() = default;
  std::array<unsigned char, kKeyBytes> bytes_{};
};

class KeyRing {
 public:
  // Id of the key new values are encrypted under.
  uint32_t current_id() const { return current_id_; }
  const SecretKey& current_key() const { return keys_.at(current_id_); }
  // The key with `id`, or nullptr if the ring does not hold it.
  const SecretKey* FindKey(uint32_t id) const;
  // Every encryption key id, ascending.
  std::vector<uint32_t> key_ids() const;
  // Key of the HMAC blind indexes. Not rotated with the encryption keys: changing it means
  // recomputing every index from plaintext.
  const SecretKey& blind_index_key() const { return blind_index_key_; }

 private:
  friend Result<KeyRing> LoadKeyRing(std::string_view text);
  friend std::string GenerateKeyFile(Random& random);
  friend Result<std::string> RotateKeyFile(std::string_view text, Random& random);
  KeyRing(std::map<uint32_t, SecretKey> keys, uint32_t current_id, SecretKey blind_index_key)
      : keys_(std::move(keys)), current_id_(current_id), blind_index_key_(blind_index_key) {}

  std::map<uint32_t, SecretKey> keys_;
  uint32_t current_id_;
  SecretKey blind_index_key_;
};

// Parses a key file: one entry per line, or several on a line separated by ';' so the same text
// fits in one environment variable. Blank lines and lines starting with '#' are ignored; tokens
// are separated by spaces or tabs:
//
//   key <id> <base64>        an encryption key: id 1..4294967295, 32 bytes in standard base64
//   current <id>             the key new values are encrypted under (exactly once)
//   blind-index <base64>     the blind-index key, 32 bytes (exactly once; differs from every key)
//
// Errors are InvalidArgument("key_file_invalid") naming the line ("line_3": "unknown_directive",
// "bad_syntax", "bad_key_id", "bad_key", "duplicate_key_id", "duplicate_current",
// "duplicate_blind_index") or the missing part ("key" | "current" | "blind_index": "missing";
// "current": "unknown_key"; "blind_index": "reused_key"). No error ever quotes key material.
Result<KeyRing> LoadKeyRing(std::string_view text);

// "SecretKey(redacted)" and "KeyRing(current=2, keys=[1, 2])": never any key bytes.
std::ostream& operator<<(std::ostream& os, const SecretKey& key);
std::ostream& operator<<(std::ostream& os, const KeyRing& ring);

// A new key file: a commented header, key 1 (current) and a blind-index key, all from `random`.
std::string GenerateKeyFile(Random& random);

// The key file `text` with one more encryption key (id = highest id + 1) made current; older keys
// stay so existing values still decrypt until re-encrypted; the blind-index key is unchanged.
// Comments are replaced by the standard header. Errors as LoadKeyRing; "key": "id_exhausted"
// when the highest id is already 4294967295.
Result<std::string> RotateKeyFile(std::string_view text, Random& random);

}  // namespace shouhu::security
