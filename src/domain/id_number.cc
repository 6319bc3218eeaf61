#include "domain/id_number.h"

#include <algorithm>
#include <array>

#include "domain/utf8.h"

namespace shouhu::domain {
namespace {

constexpr size_t kIdLength = 18;
constexpr std::string_view kField = "id_number";
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";  // indexed by the sum mod 11
constexpr CivilDate kEarliestBirthDate{1900, 1, 1};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

Status Invalid(const char* reason) {
  return Status::InvalidField(std::string(kField), reason);
}

}  // namespace

char IdCheckDigit(std::string_view first17) {
  if (first17.size() != kWeights.size() || !std::all_of(first17.begin(), first17.end(), IsDigit)) {
    return '\0';
  }
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckCharacters[sum % 11];
}

Result<IdNumberInfo> ParseIdNumber(std::string_view text, const CivilDate& today) {
  const std::string_view trimmed = TrimSpace(text);
  if (trimmed.empty()) return Invalid("required");
  // Length in characters, so a number typed with full-width digits is "bad_format", not too long.
  if (SplitCodePoints(trimmed).size() != kIdLength) return Invalid("bad_length");
  if (trimmed.size() != kIdLength) return Invalid("bad_format");

  std::string number(trimmed);
  if (number.back() == 'x') number.back() = 'X';
  const std::string_view first17 = std::string_view(number).substr(0, kIdLength - 1);
  if (!std::all_of(first17.begin(), first17.end(), IsDigit) ||
      !(IsDigit(number.back()) || number.back() == 'X')) {
    return Invalid("bad_format");
  }

  const CivilDate birth{Digits(first17.substr(6, 4)), Digits(first17.substr(10, 2)),
                        Digits(first17.substr(12, 2))};
  if (!birth.IsValid() || birth < kEarliestBirthDate) return Invalid("bad_birth_date");
  if (birth > today) return Invalid("future_birth_date");
  if (IdCheckDigit(first17) != number.back()) return Invalid("bad_check_digit");

  IdNumberInfo info;
  info.region_code = number.substr(0, 6);
  info.birth_date = birth;
  info.sex = (first17[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
  info.normalised = std::move(number);
  return info;
}

}  // namespace shouhu::domain
