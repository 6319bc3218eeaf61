#include "security/password_blocklist.h"

#include <algorithm>
#include <array>
#include <string>

namespace shouhu::security {
namespace {

// Common passwords of 12 characters or more (shorter ones already fail the length rule), from
// published breach-frequency lists, plus ones common in Chinese-language breaches.
constexpr std::array<std::string_view, 72> kCommon = {
    "123456789012",     "1234567890123",    "12345678901234", "123456789123",   "1234567891011",
    "password1234",     "password12345",    "password123456", "passw0rd1234",   "p@ssw0rd1234",
    "qwertyuiop12",     "qwertyuiop123",    "qwertyuiopasdf", "qwerty123456",   "qwe123qwe123",
    "1qaz2wsx3edc",     "1qaz2wsx3edc4rfv", "zaq12wsxcde3",   "asdfghjkl123",   "asdfghjkl;'",
    "zxcvbnm12345",     "abc123456789",     "abcd12345678",   "a123456789012",  "aa123456789",
    "111111111111",     "000000000000",     "888888888888",   "666666666666",   "123123123123",
    "123321123321",     "112233445566",     "147258369147",   "147258369258",   "987654321098",
    "woaini1314520",    "woaini520520",     "woaini123456",   "5201314520131",  "1314520520",
    "iloveyou1234",     "iloveyou12345",    "welcome12345",   "welcome123456",  "letmein12345",
    "administrator",    "admin1234567",     "admin12345678",  "administrator1", "root12345678",
    "changeme1234",     "changeme12345",    "default12345",   "shouhu123456",   "shouhu12345678",
    "password!234",     "passwordpassword", "qwertyqwerty",   "football1234",   "baseball1234",
    "sunshine1234",     "princess1234",     "dragon123456",   "monkey123456",   "superman1234",
    "trustno1trustno1", "abcdefghijkl",     "abcdefghijklm",  "abcdef123456",   "123456abcdef",
    "q1w2e3r4t5y6",     "1q2w3e4r5t6y",
};

bool IsSequentialRun(std::string_view s) {
  constexpr std::string_view kRuns[] = {"01234567890123456789", "98765432109876543210",
                                        "qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz"};
  for (auto run : kRuns) {
    if (run.find(s) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

bool IsBlocklisted(std::string_view lower_password) {
  if (std::find(kCommon.begin(), kCommon.end(), lower_password) != kCommon.end()) return true;
  return IsSequentialRun(lower_password);
}

}  // namespace shouhu::security
