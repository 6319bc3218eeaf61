// Keyed blind indexes: HMAC-SHA-256 of a normalised value, so the database can answer "is this ID
// number already known?" and partial name search without holding plaintext. Pure functions;
// thread-safe.
//
// What they reveal: equal values (and, for names, equal bigrams) have equal indexes, so someone
// holding the database but not the key learns which records share a value, nothing more.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "security/key_ring.h"

namespace shouhu::security {

// Domain tags keep the indexes of different kinds of value apart.
inline constexpr std::string_view kIdNumberIndexTag = "id_number";
inline constexpr std::string_view kNameIndexTag = "name";
inline constexpr std::string_view kNameBigramIndexTag = "name_bigram";
inline constexpr std::string_view kPhoneIndexTag = "phone";

// Lower-case hex HMAC-SHA-256 under `key` of "<domain_tag>\0<normalised_value>" (64 characters).
std::string BlindIndex(const SecretKey& key, std::string_view domain_tag,
                       std::string_view normalised_value);

// Whitespace removed anywhere (ASCII, U+00A0, U+3000), full-width digits and X turned half-width,
// 'x' upper-cased: " 23010320110315123x " -> "23010320110315123X".
std::string NormaliseIdNumber(std::string_view id_number);

// Whitespace and middle dots (· • ・ ‧ ∙ ⋅ ･) removed, full-width ASCII (U+FF01-U+FF5E) turned
// half-width, Latin A-Z lower-cased: "阿依 · 测试" -> "阿依测试", "Ｔｅｓｔ Ａ" -> "testa".
std::string NormaliseName(std::string_view name);

// Digits only (full-width digits too) without the country code: "+86 138-1234-5678" ->
// "13812345678". A leading "+86", "0086", or "86" before an 11-digit mobile number is dropped;
// after "+86"/"0086" a landline number gets its domestic trunk '0' back ("+86 451 8666 1234" ->
// "045186661234").
std::string NormalisePhone(std::string_view phone);

// Convenience: the blind index of each kind of value, normalising first.
std::string IdNumberIndex(const SecretKey& key, std::string_view id_number);
std::string NameIndex(const SecretKey& key, std::string_view name);
std::string PhoneIndex(const SecretKey& key, std::string_view phone);

// The indexes to store with a name for partial search: one per distinct pair of adjacent
// characters of the normalised name ("张小红" -> 张小, 小红), or the single character of a
// one-character name. Empty for an empty name. In first-occurrence order, without duplicates.
std::vector<std::string> NameBigramIndexes(const SecretKey& key, std::string_view name);

// The indexes a name query must all match (AND) among the stored NameBigramIndexes: the query's
// bigrams, so any query of two or more characters finds every name containing it ("小红" finds
// "张小红"). A one-character query only finds one-character names; an empty query gives no
// tokens. Bigrams can match names that do not contain the whole query ("小红小" also matches
// "红小红"), so results are candidates to confirm.
std::vector<std::string> NameSearchTokens(const SecretKey& key, std::string_view query);

}  // namespace shouhu::security
