// Validation of the 18-character citizen identity number (公民身份号码, GB 11643-1999): shape,
// birth date, MOD 11-2 check digit, and what the number encodes. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "domain/civil_date.h"

namespace shouhu::domain {

enum class Sex {
  kFemale,  // sequence code (position 17) even
  kMale,    // sequence code odd
};

struct IdNumberInfo {
  std::string normalised;   // the 18 characters, check digit 'x' upper-cased to 'X'
  std::string region_code;  // positions 1-6: administrative division of first registration
  CivilDate birth_date;     // positions 7-14
  Sex sex = Sex::kFemale;   // parity of position 17
};

// Validates `text` (surrounding whitespace ignored) against GB 11643-1999 as of `today`. Errors
// are InvalidField("id_number", reason), checked in this order:
//   "required"          empty
//   "bad_length"        not 18 characters (the 15-digit numbers issued before 1999 are refused)
//   "bad_format"        a non-digit in positions 1-17, or a last character other than 0-9/X/x
//   "bad_birth_date"    positions 7-14 are not a real date, or it is before 1900-01-01
//   "future_birth_date" the birth date is after `today`
//   "bad_check_digit"   the MOD 11-2 check digit does not match
Result<IdNumberInfo> ParseIdNumber(std::string_view text, const CivilDate& today);

// The MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits of a number, or '\0' if
// `first17` is not exactly 17 ASCII digits. Lets tests build valid, fictional numbers.
char IdCheckDigit(std::string_view first17);

}  // namespace shouhu::domain
