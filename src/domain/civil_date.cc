#include "domain/civil_date.h"

#include <cstdio>

namespace shouhu::domain {
namespace {

constexpr int64_t kMillisPerDay = 86'400'000;
constexpr int64_t kShanghaiOffsetMillis = 8 * 3'600'000;

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

bool IsLeapYear(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

bool CivilDate::IsValid() const {
  return year >= 1 && year <= 9999 && day >= 1 && day <= DaysInMonth(year, month);
}

std::string CivilDate::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

Result<CivilDate> ParseCivilDate(std::string_view text, std::string_view field) {
  const std::string f(field);
  if (text.empty()) return Status::InvalidField(f, "required");
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return Status::InvalidField(f, "bad_format");
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(text[i])) return Status::InvalidField(f, "bad_format");
  }
  const CivilDate date{Digits(text.substr(0, 4)), Digits(text.substr(5, 2)),
                       Digits(text.substr(8, 2))};
  if (!date.IsValid()) return Status::InvalidField(f, "bad_date");
  return date;
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DaysSinceEpoch(const CivilDate& date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (date.month + 9) % 12;  // March = 0
  const int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate DateFromDaysSinceEpoch(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

int64_t DaysBetween(const CivilDate& from, const CivilDate& to) {
  return DaysSinceEpoch(to) - DaysSinceEpoch(from);
}

CivilDate AddDays(const CivilDate& date, int64_t days) {
  return DateFromDaysSinceEpoch(DaysSinceEpoch(date) + days);
}

int AgeInYears(const CivilDate& birth, const CivilDate& on) {
  int age = on.year - birth.year;
  // Comparing (month, day) puts a 29 February birthday after 28 February, so in common years it
  // is reached on 1 March.
  if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) --age;
  return age;
}

bool IsUnderAgeOn(const CivilDate& birth, const CivilDate& on, int years) {
  return AgeInYears(birth, AddDays(on, -1)) < years;
}

CivilDate CivilDateUtc(int64_t epoch_millis) {
  return DateFromDaysSinceEpoch(FloorDiv(epoch_millis, kMillisPerDay));
}

CivilDate CivilDateShanghai(int64_t epoch_millis) {
  return CivilDateUtc(epoch_millis + kShanghaiOffsetMillis);
}

int64_t StartOfDayShanghaiMillis(const CivilDate& date) {
  return DaysSinceEpoch(date) * kMillisPerDay - kShanghaiOffsetMillis;
}

}  // namespace shouhu::domain
