// Masking of identity fields for display (未保法 §103: masked by default) and stable pseudonyms
// for volunteers. Pure functions; thread-safe. Each mask keeps only the parts shown here.
#pragma once

#include <string>
#include <string_view>

namespace shouhu::domain {

// "张小红" -> "张某某": the first character kept and each further character replaced by 某;
// "红" -> "某". A name starting with a Latin letter keeps that letter and gets "**" whatever its
// length ("Alice Li" -> "A**"). Surrounding whitespace is ignored; "" stays "". Invalid UTF-8
// yields "某" so no raw bytes leak.
std::string MaskName(std::string_view name);

// "230103201001010021" -> "2301**********0021": the first and last four characters kept, each
// other character '*'. Values under 12 characters (not a citizen ID number) are all '*'.
std::string MaskIdNumber(std::string_view id_number);

// "13812345678" -> "138****5678" for an 11-digit mobile number; any other value of 7 or more
// characters keeps only its last four ("0451-86661234" -> "*********1234"); shorter ones are
// all '*'.
std::string MaskPhone(std::string_view phone);

// The first characters of the address followed by "…": at most 6, and at most half the address,
// so that a short address is never shown whole ("黑龙江省哈尔滨市南岗区学府路1号" ->
// "黑龙江省哈尔…", "学府路1号" -> "学府…"). Counting characters rather than parsing the address
// keeps it simple; six characters reach about the prefecture level, never the street.
std::string MaskAddress(std::string_view address);

// A stable display pseudonym for a case, e.g. "小花-3F2A": a neutral stem and four hex digits,
// both taken from HMAC-SHA-256(`secret`, `case_id`). The same case and secret always give the
// same pseudonym; without the secret it cannot be linked back to the case. `secret` should be at
// least 32 random bytes kept outside the database.
std::string Pseudonym(std::string_view case_id, std::string_view secret);

}  // namespace shouhu::domain
