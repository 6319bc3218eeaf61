// Masking of identity fields for display (未保法 §103: masked by default) and stable pseudonyms
// for volunteers. Pure functions; thread-safe.
//
// The masked view lets a caseworker recognise that she has the right girl without narrowing who
// the girl is. Beside the masks below it shows, in clear, the age at the incident, the incident
// dates, the grade and the district code. The rule for the identity fields taken together:
//
//   name, guardian   surname only            "张某某"
//   ID number        no character at all     "******************"
//   birth date       nothing (age is shown)  "****-**-**"
//   phone            last 4 digits           "*******5678"
//   school           its kind only           "…小学"
//   address          district level at most  "黑龙江省哈尔滨市南岗区…"
//
// Why together they do not narrow the ID number (6 region digits, 8 birth-date digits, 3
// sequence digits, 1 check digit) to few candidates: no mask shows a character of the ID number
// or of the birth date, and none is derived from them. Even granting that the region digits
// equal the district code shown, the age at the incident and its date leave about 365 possible
// birth dates, and the sequence digits are unknown except that a girl's third one is even (500
// possibilities); the check digit follows from the rest. That leaves about 365 × 500 ≈ 180 000
// candidates. Showing the last four characters instead (the usual "尾号") would give away the
// check digit, a mod-11 constraint over all seventeen other digits, and with the sequence digits
// cut the candidates to about 365 / 11 ≈ 33: what this rule exists to prevent. The surname is
// shared by many; the phone's last four digits are the guardian's and say nothing about the ID
// number; the school's kind and the district add nothing beyond the region and the grade.
#pragma once

#include <string>
#include <string_view>

namespace shouhu::domain {

// "张小红" -> "张某某": the first character kept and each further character replaced by 某;
// "红" -> "某". A name starting with a Latin letter keeps that letter and gets "**" whatever its
// length ("Alice Li" -> "A**"). Surrounding whitespace is ignored; "" stays "". Invalid UTF-8
// yields "某" so no raw bytes leak.
std::string MaskName(std::string_view name);

// Every character becomes '*': "230103201001010021" -> "******************". The length tells
// only the kind of document (18 for a citizen ID number); no digit is shown, not even the last
// four (see the rule above). Surrounding whitespace is ignored; "" stays "".
std::string MaskIdNumber(std::string_view id_number);

// "2010-01-01" -> "****-**-**": not even the year, since the age at the incident is shown
// beside it. "" stays "" (no birth date recorded).
std::string MaskBirthDate(std::string_view birth_date);

// Only the last four digits: "13812345678" -> "*******5678", "0451-86661234" ->
// "*********1234", each other character '*'. Values with fewer than 7 characters are all '*'.
std::string MaskPhone(std::string_view phone);

// The kind of school, never a part of its name: "哈尔滨市第三中学" -> "…中学", "南岗区红星小学"
// -> "…小学", "测试一中" -> "…中学", "红旗幼儿园" -> "…幼儿园"; a name of no known kind -> "…".
// The kind is taken from a fixed list, so no character of the name itself is ever copied.
// "" stays "".
std::string MaskSchool(std::string_view school);

// The administrative prefix of the address, down to the county level (区/县/旗/county-level 市)
// at most, then "…": "黑龙江省哈尔滨市南岗区学府路1号" -> "黑龙江省哈尔滨市南岗区…",
// "哈尔滨市南岗区测试街道3栋" -> "哈尔滨市南岗区…". The prefix is shown only when the address
// starts with a province (from the fixed list of 34) or with a city directly followed by its
// district; anything else yields only "…" ("南岗区学府路1号", "阳光小区3栋", "南门夜市后街"), so
// a street, a building, a landmark or a residential compound is never shown. The district is in
// the case's district code anyway, so erring towards "…" loses nothing. "" stays "".
std::string MaskAddress(std::string_view address);

// A stable display pseudonym for a case, e.g. "小花-3F2A": a neutral stem and four hex digits,
// both taken from HMAC-SHA-256(`secret`, `case_id`). The same case and secret always give the
// same pseudonym; without the secret it cannot be linked back to the case. `secret` should be at
// least 32 random bytes kept outside the database.
std::string Pseudonym(std::string_view case_id, std::string_view secret);

}  // namespace shouhu::domain
