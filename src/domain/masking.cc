#include "domain/masking.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "domain/utf8.h"

namespace shouhu::domain {
namespace {

constexpr std::string_view kMaskCharacter = "某";
constexpr size_t kIdKeep = 4;
constexpr size_t kIdMinLengthToKeep = 12;
constexpr size_t kPhoneKeepLast = 4;
constexpr size_t kPhoneMinLengthToKeep = 7;
constexpr size_t kAddressKeepMax = 6;

// Neutral nickname stems: no surname, nothing about the case.
constexpr std::array<std::string_view, 16> kPseudonymStems = {
    "小花", "小草", "小树", "小溪", "小雨", "小星", "小月", "小云",
    "小禾", "小竹", "小荷", "小梅", "小兰", "小鹿", "小燕", "小贝",
};

bool IsAsciiLetter(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

bool IsAsciiDigit(char c) {
  return c >= '0' && c <= '9';
}

// Keeps the first `keep_first` and last `keep_last` units and replaces the rest with `mask`.
std::string KeepEnds(const std::vector<std::string_view>& units, size_t keep_first,
                     size_t keep_last, std::string_view mask) {
  std::string out;
  for (size_t i = 0; i < units.size(); ++i) {
    if (i < keep_first || i + keep_last >= units.size()) {
      out += units[i];
    } else {
      out += mask;
    }
  }
  return out;
}

std::string AllStars(size_t n) {
  return std::string(n, '*');
}

}  // namespace

std::string MaskName(std::string_view name) {
  const std::string_view trimmed = TrimSpace(name);
  if (trimmed.empty()) return "";
  const auto units = SplitCodePoints(trimmed);
  if (std::any_of(units.begin(), units.end(),
                  [](std::string_view u) { return DecodeCodePoint(u) == kInvalidCodePoint; })) {
    return std::string(kMaskCharacter);
  }
  if (IsAsciiLetter(DecodeCodePoint(units[0]))) return std::string(units[0]) + "**";
  if (units.size() == 1) return std::string(kMaskCharacter);
  return KeepEnds(units, 1, 0, kMaskCharacter);
}

std::string MaskIdNumber(std::string_view id_number) {
  const auto units = SplitCodePoints(TrimSpace(id_number));
  if (units.size() < kIdMinLengthToKeep) return AllStars(units.size());
  return KeepEnds(units, kIdKeep, kIdKeep, "*");
}

std::string MaskPhone(std::string_view phone) {
  const std::string_view trimmed = TrimSpace(phone);
  if (trimmed.size() == 11 && trimmed[0] == '1' &&
      std::all_of(trimmed.begin(), trimmed.end(), IsAsciiDigit)) {
    return std::string(trimmed.substr(0, 3)) + "****" + std::string(trimmed.substr(7));
  }
  const auto units = SplitCodePoints(trimmed);
  if (units.size() < kPhoneMinLengthToKeep) return AllStars(units.size());
  return KeepEnds(units, 0, kPhoneKeepLast, "*");
}

std::string MaskAddress(std::string_view address) {
  const auto units = SplitCodePoints(TrimSpace(address));
  if (units.empty()) return "";
  const size_t keep = std::min(kAddressKeepMax, units.size() / 2);
  std::string out;
  for (size_t i = 0; i < keep; ++i) out += units[i];
  return out + "…";
}

std::string Pseudonym(std::string_view case_id, std::string_view secret) {
  [[maybe_unused]] static const int sodium_ready = sodium_init();
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(case_id.data()),
                                case_id.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  const std::string_view stem = kPseudonymStems[mac[0] % kPseudonymStems.size()];
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%02X%02X", mac[1], mac[2]);
  return std::string(stem) + "-" + suffix;
}

}  // namespace shouhu::domain
