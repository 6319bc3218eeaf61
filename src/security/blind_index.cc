#include "security/blind_index.h"

#include <sodium.h>

#include <algorithm>

#include "core/random.h"
#include "domain/utf8.h"

namespace shouhu::security {
namespace {

using domain::AppendUtf8;
using domain::DecodeCodePoint;
using domain::IsSpaceCodePoint;
using domain::kInvalidCodePoint;
using domain::SplitCodePoints;

static_assert(kKeyBytes == crypto_auth_hmacsha256_KEYBYTES);

constexpr char32_t kFullWidthFirst = 0xFF01;  // '！', full-width '!'
constexpr char32_t kFullWidthLast = 0xFF5E;   // '～', full-width '~'
constexpr char32_t kFullWidthOffset = 0xFEE0;

bool IsMiddleDot(char32_t cp) {
  return cp == 0x00B7 || cp == 0x2022 || cp == 0x30FB || cp == 0x2027 || cp == 0x2219 ||
         cp == 0x22C5 || cp == 0xFF65;
}

char32_t HalfWidth(char32_t cp) {
  return cp >= kFullWidthFirst && cp <= kFullWidthLast ? cp - kFullWidthOffset : cp;
}

bool IsDigit(char32_t cp) {
  return cp >= '0' && cp <= '9';
}

// Appends a unit as-is if it is not valid UTF-8, otherwise `cp` encoded.
void AppendUnit(std::string& out, std::string_view unit, char32_t cp) {
  if (cp == kInvalidCodePoint) {
    out += unit;
  } else {
    AppendUtf8(out, cp);
  }
}

std::vector<std::string> DistinctIndexes(const SecretKey& key,
                                         const std::vector<std::string_view>& units) {
  std::vector<std::string> grams;
  if (units.size() == 1) grams.emplace_back(units[0]);
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    grams.push_back(std::string(units[i]) + std::string(units[i + 1]));
  }
  std::vector<std::string> indexes;
  for (const std::string& gram : grams) {
    std::string index = BlindIndex(key, kNameBigramIndexTag, gram);
    if (std::find(indexes.begin(), indexes.end(), index) == indexes.end()) {
      indexes.push_back(std::move(index));
    }
  }
  return indexes;
}

}  // namespace

std::string BlindIndex(const SecretKey& key, std::string_view domain_tag,
                       std::string_view normalised_value) {
  [[maybe_unused]] static const int sodium_ready = sodium_init();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.data(), key.size());
  const unsigned char separator = 0;
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(domain_tag.data()),
                                domain_tag.size());
  crypto_auth_hmacsha256_update(&state, &separator, 1);
  crypto_auth_hmacsha256_update(&state,
                                reinterpret_cast<const unsigned char*>(normalised_value.data()),
                                normalised_value.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return ToHex(mac, sizeof mac);
}

std::string NormaliseIdNumber(std::string_view id_number) {
  std::string out;
  for (std::string_view unit : SplitCodePoints(id_number)) {
    const char32_t raw = DecodeCodePoint(unit);
    if (IsSpaceCodePoint(raw)) continue;
    char32_t cp = HalfWidth(raw);
    if (cp == 'x') cp = 'X';
    AppendUnit(out, unit, cp);
  }
  return out;
}

std::string NormaliseName(std::string_view name) {
  std::string out;
  for (std::string_view unit : SplitCodePoints(name)) {
    const char32_t raw = DecodeCodePoint(unit);
    if (IsSpaceCodePoint(raw) || IsMiddleDot(raw)) continue;
    char32_t cp = HalfWidth(raw);
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    AppendUnit(out, unit, cp);
  }
  return out;
}

std::string NormalisePhone(std::string_view phone) {
  std::string digits;
  bool plus = false;
  for (std::string_view unit : SplitCodePoints(phone)) {
    const char32_t cp = HalfWidth(DecodeCodePoint(unit));
    if (IsDigit(cp)) {
      digits.push_back(static_cast<char>(cp));
    } else if (cp == '+' && digits.empty()) {
      plus = true;
    }
  }
  const bool is_mobile_after_86 =
      digits.size() == 13 && digits.starts_with("86") && digits[2] == '1';
  std::string national;
  if (plus && digits.starts_with("86")) {
    national = digits.substr(2);
  } else if (digits.starts_with("0086")) {
    national = digits.substr(4);
  } else if (is_mobile_after_86) {
    return digits.substr(2);
  } else {
    return digits;
  }
  if (!national.empty() && national[0] != '1' && national[0] != '0') national.insert(0, "0");
  return national;
}

std::string IdNumberIndex(const SecretKey& key, std::string_view id_number) {
  return BlindIndex(key, kIdNumberIndexTag, NormaliseIdNumber(id_number));
}

std::string NameIndex(const SecretKey& key, std::string_view name) {
  return BlindIndex(key, kNameIndexTag, NormaliseName(name));
}

std::string PhoneIndex(const SecretKey& key, std::string_view phone) {
  return BlindIndex(key, kPhoneIndexTag, NormalisePhone(phone));
}

std::vector<std::string> NameBigramIndexes(const SecretKey& key, std::string_view name) {
  const std::string normalised = NormaliseName(name);
  return DistinctIndexes(key, SplitCodePoints(normalised));
}

std::vector<std::string> NameSearchTokens(const SecretKey& key, std::string_view query) {
  return NameBigramIndexes(key, query);
}

}  // namespace shouhu::security
