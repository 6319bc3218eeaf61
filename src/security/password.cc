#include "security/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>

#include "domain/account_rules.h"
#include "security/password_blocklist.h"

namespace shouhu::security {
namespace {

struct Limits {
  unsigned long long ops;
  size_t mem;
};

Limits LimitsFor(HashCost cost) {
  switch (cost) {
    case HashCost::kMin:
      return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    case HashCost::kModerate:
      return {crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
    case HashCost::kInteractive:
      break;
  }
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

Result<HashCost> ParseHashCost(std::string_view name) {
  if (name == "min") return HashCost::kMin;
  if (name == "interactive") return HashCost::kInteractive;
  if (name == "moderate") return HashCost::kModerate;
  return Status::InvalidField("password_hash_cost", "unknown_value");
}

Result<std::string> HashPassword(std::string_view password, HashCost cost) {
  if (sodium_init() < 0) return Status::Internal("sodium_init_failed");
  const Limits limits = LimitsFor(cost);
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), limits.ops, limits.mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("password_hash_out_of_memory");
  }
  return std::string(out.data());
}

bool VerifyPassword(const std::string& encoded, std::string_view password) {
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

const std::string& DecoyHash(HashCost cost) {
  static std::once_flag once[3];
  static std::string hashes[3];
  const auto i = static_cast<size_t>(cost);
  std::call_once(once[i], [&] {
    unsigned char secret[32];
    randombytes_buf(secret, sizeof secret);
    auto h = HashPassword(std::string_view(reinterpret_cast<char*>(secret), sizeof secret), cost);
    hashes[i] = h.ok() ? h.value() : std::string();
  });
  return hashes[i];
}

Status CheckPasswordPolicy(std::string_view password, std::string_view username, int min_length) {
  const int length = domain::Utf8Length(password);
  if (length < 0) return Status::InvalidField("password", "invalid_utf8");
  if (length < min_length) return Status::InvalidField("password", "too_short");
  const std::string lower = Lower(password);
  if (IsBlocklisted(lower)) return Status::InvalidField("password", "too_common");
  if (!username.empty() && lower.find(Lower(username)) != std::string::npos) {
    return Status::InvalidField("password", "contains_username");
  }
  // A single repeated character ("aaaaaaaaaaaa") is as weak as a blocklisted one.
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; })) {
    return Status::InvalidField("password", "too_common");
  }
  return Status::Ok();
}

}  // namespace shouhu::security
