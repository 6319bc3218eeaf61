// CivilDate: a calendar date (proleptic Gregorian) with no time zone, for birth, incident and
// report dates, which are Chinese civil dates (Asia/Shanghai, UTC+8). Plain value; thread-safe.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace shouhu::domain {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth(year, month)

  // Year 1..9999 and a month and day that exist (29 February only in leap years).
  bool IsValid() const;
  // "YYYY-MM-DD". Only meaningful for valid dates.
  std::string ToString() const;

  // Chronological order (year, then month, then day).
  friend auto operator<=>(const CivilDate&, const CivilDate&) = default;
};

bool IsLeapYear(int year);
// 28..31, or 0 for a month outside 1..12.
int DaysInMonth(int year, int month);

// Strict "YYYY-MM-DD": exactly ten characters, ASCII digits, '-' separators. Errors name `field`:
// "required" (empty), "bad_format" (shape), "bad_date" (a day that does not exist, e.g.
// 2026-02-29).
Result<CivilDate> ParseCivilDate(std::string_view text, std::string_view field = "date");

// Days since 1970-01-01 (negative before) and back. Valid dates only.
int64_t DaysSinceEpoch(const CivilDate& date);
CivilDate DateFromDaysSinceEpoch(int64_t days);

// `to` minus `from` in days (negative when `to` is earlier).
int64_t DaysBetween(const CivilDate& from, const CivilDate& to);
CivilDate AddDays(const CivilDate& date, int64_t days);

// Age in whole years on `on` (周岁): the count of birthdays passed, a birthday counting on its own
// day. Someone born on 29 February has birthdays on 1 March in common years. Negative if `on` is
// before `birth`.
int AgeInYears(const CivilDate& birth, const CivilDate& on);

// Whether someone born on `birth` is still "不满 `years` 周岁" on `on`. Follows the judicial rule
// that 周岁 is counted from the day after the birthday (最高人民法院 法释〔2006〕1号 第二条), so a
// girl is still under 18 on her 18th birthday: true while AgeInYears on the previous day is <
// `years`.
bool IsUnderAgeOn(const CivilDate& birth, const CivilDate& on, int years);

// The calendar date of an instant (milliseconds since the Unix epoch) in UTC and in Asia/Shanghai
// (UTC+8 all year; China has not observed daylight saving time since 1991).
CivilDate CivilDateUtc(int64_t epoch_millis);
CivilDate CivilDateShanghai(int64_t epoch_millis);

// The instant 00:00 of `date` in Asia/Shanghai, in milliseconds since the Unix epoch.
int64_t StartOfDayShanghaiMillis(const CivilDate& date);

}  // namespace shouhu::domain
