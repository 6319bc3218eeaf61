// Encryption at rest of identity fields and narratives: XChaCha20-Poly1305-IETF (libsodium) under
// the KeyRing's current key, a fresh random nonce per value, bound to its column and row so a
// value copied elsewhere does not decrypt. Stateless functions; thread-safe if `random` is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "core/status.h"
#include "security/key_ring.h"

namespace shouhu::security {

// Stored blob layout (version 1), 45 bytes plus the plaintext length:
//
//   offset  size  content
//   0       1     format version, 0x01
//   1       4     key id, unsigned big-endian (which KeyRing key encrypted it)
//   5       24    nonce, random per value
//   29      n+16  ciphertext followed by the Poly1305 tag
//
// The 5 header bytes are authenticated along with the caller's associated data, so neither the
// version nor the key id can be altered without decryption failing.
inline constexpr unsigned char kBlobVersion = 1;
inline constexpr size_t kBlobHeaderBytes = 5;
inline constexpr size_t kBlobNonceBytes = 24;
inline constexpr size_t kBlobTagBytes = 16;
inline constexpr size_t kBlobOverheadBytes = kBlobHeaderBytes + kBlobNonceBytes + kBlobTagBytes;

// The associated data that binds a value to where it is stored: "<column>:<row id>", e.g.
// FieldAssociatedData("child.name", "42") == "child.name:42". `column` must not contain ':'.
std::string FieldAssociatedData(std::string_view column, std::string_view row_id);

// Encrypts `plaintext` under the ring's current key. Fails only if libsodium cannot initialise
// (Internal).
Result<std::vector<unsigned char>> Encrypt(const KeyRing& ring, std::string_view plaintext,
                                           std::string_view associated_data, Random& random);

// The plaintext of `blob`, or Corruption: "unknown_key" when the ring lacks the key id in the
// header, "ciphertext_tampered" for anything that fails authentication (a changed byte, a wrong
// associated data, a truncated blob, an unknown version). Never returns unauthenticated bytes.
Result<std::string> Decrypt(const KeyRing& ring, std::span<const unsigned char> blob,
                            std::string_view associated_data);

// The key id in a blob's header, or nullopt if the blob is too short or of another version.
std::optional<uint32_t> BlobKeyId(std::span<const unsigned char> blob);

// Whether the blob was encrypted under a key other than the ring's current one (false for a blob
// that is not well-formed: Decrypt reports those).
bool NeedsRotation(std::span<const unsigned char> blob, const KeyRing& ring);

// Decrypts `blob` and encrypts the plaintext again under the current key (for `keys rotate`);
// the intermediate plaintext is wiped. Errors as Decrypt and Encrypt.
Result<std::vector<unsigned char>> Reencrypt(const KeyRing& ring,
                                             std::span<const unsigned char> blob,
                                             std::string_view associated_data, Random& random);

}  // namespace shouhu::security
