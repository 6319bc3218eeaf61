// Password hashing (Argon2id via libsodium) and the password policy. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace shouhu::security {

// Argon2id cost levels. kInteractive (64 MiB) is the default; kMin exists for tests only.
enum class HashCost { kMin, kInteractive, kModerate };

Result<HashCost> ParseHashCost(std::string_view name);

// Encoded Argon2id string ("$argon2id$v=19$m=...") with a fresh random salt.
Result<std::string> HashPassword(std::string_view password, HashCost cost);

// Constant-time check of `password` against an encoded hash. False on any malformed hash.
bool VerifyPassword(const std::string& encoded, std::string_view password);

// An encoded hash of a random password at `cost`, computed once per process: verifying against it
// when the user does not exist makes unknown users cost the same time as wrong passwords.
const std::string& DecoyHash(HashCost cost);

// At least `min_length` characters (code points), valid UTF-8, not in the blocklist of common
// passwords, not containing the username. Errors name the field "password".
Status CheckPasswordPolicy(std::string_view password, std::string_view username, int min_length);

}  // namespace shouhu::security
