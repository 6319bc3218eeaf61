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
constexpr size_t kPhoneKeepLast = 4;
constexpr size_t kPhoneMinLengthToKeep = 7;
constexpr std::string_view kEllipsis = "…";

// School kinds by the ending of the name, more specific endings first; the label shown is from
// this table, never from the name.
struct SchoolKind {
  std::string_view ending;
  std::string_view label;
};
constexpr std::array<SchoolKind, 22> kSchoolKinds = {{
    {"特殊教育学校", "…特殊教育学校"},
    {"九年一贯制学校", "…学校"},
    {"中等职业学校", "…职业学校"},
    {"职业技术学校", "…职业学校"},
    {"职业技术学院", "…学院"},
    {"职业高级中学", "…中学"},
    {"职业高中", "…中学"},
    {"职业学校", "…职业学校"},
    {"高级中学", "…中学"},
    {"初级中学", "…中学"},
    {"完全中学", "…中学"},
    {"实验中学", "…中学"},
    {"幼儿园", "…幼儿园"},
    {"中学", "…中学"},
    {"高中", "…中学"},
    {"初中", "…中学"},
    {"一中", "…中学"},
    {"小学", "…小学"},
    {"学校", "…学校"},
    {"学院", "…学院"},
    {"大学", "…大学"},
    {"中专", "…职业学校"},
}};

// The 34 province-level units, as written at the start of an address.
constexpr std::array<std::string_view, 34> kProvinces = {
    "北京市",         "天津市",           "上海市",         "重庆市",         "河北省",
    "山西省",         "辽宁省",           "吉林省",         "黑龙江省",       "江苏省",
    "浙江省",         "安徽省",           "福建省",         "江西省",         "山东省",
    "河南省",         "湖北省",           "湖南省",         "广东省",         "海南省",
    "四川省",         "贵州省",           "云南省",         "陕西省",         "甘肃省",
    "青海省",         "台湾省",           "内蒙古自治区",   "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
};

// One administrative level below the province: a run of `min`..`max` characters ending in
// `suffix`.
struct LevelSuffix {
  std::string_view suffix;
  size_t min;
  size_t max;
};
constexpr std::array<LevelSuffix, 4> kPrefectureSuffixes = {{
    {"市", 2, 5},
    {"自治州", 5, 10},
    {"地区", 4, 6},
    {"盟", 3, 5},
}};
constexpr std::array<LevelSuffix, 4> kCountySuffixes = {{
    {"区", 2, 5},
    {"县", 2, 6},
    {"旗", 2, 7},
    {"市", 2, 5},
}};
// Endings that look like a county-level unit but name a place inside one.
// A run is also refused when it and the next character end so ("测试市" before "场").
constexpr std::array<std::string_view, 21> kNotAUnitEndings = {
    "小区", "社区", "园区", "校区", "景区", "厂区", "街区", "片区", "营区", "院区", "矿区",
    "属区", "活区", "宅区", "舍区", "住区", "公区", "超市", "夜市", "门市", "市场",
};
// Characters that never occur in a unit's name down to the county but do in streets, buildings
// and villages.
constexpr std::array<std::string_view, 12> kNotInAUnit = {
    "路", "街", "巷", "弄", "号", "栋", "幢", "楼", "室", "村", "组", "场",
};

// Neutral nickname stems: no surname, nothing about the case.
constexpr std::array<std::string_view, 16> kPseudonymStems = {
    "小花", "小草", "小树", "小溪", "小雨", "小星", "小月", "小云",
    "小禾", "小竹", "小荷", "小梅", "小兰", "小鹿", "小燕", "小贝",
};

bool IsAsciiLetter(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
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

std::string Join(const std::vector<std::string_view>& units, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < units.size(); ++i) out += units[i];
  return out;
}

bool IsAsciiOrDigit(std::string_view unit) {
  const char32_t cp = DecodeCodePoint(unit);
  return cp < 0x80 || (cp >= 0xFF10 && cp <= 0xFF19);  // ASCII or a full-width digit
}

// The length in characters of the shortest run at `pos` that names one administrative unit
// with one of `suffixes`; 0 when there is none.
template <size_t N>
size_t MatchUnit(const std::vector<std::string_view>& units, size_t pos,
                 const std::array<LevelSuffix, N>& suffixes) {
  if (pos >= units.size() || IsAsciiOrDigit(units[pos])) return 0;
  size_t longest = 0;
  for (const LevelSuffix& s : suffixes) longest = std::max(longest, s.max);
  for (size_t len = 2; len <= longest && pos + len <= units.size(); ++len) {
    if (IsAsciiOrDigit(units[pos + len - 1])) return 0;
    const std::string run = Join(units, pos, pos + len);
    if (std::any_of(kNotInAUnit.begin(), kNotInAUnit.end(),
                    [&](std::string_view c) { return run.find(c) != std::string::npos; })) {
      return 0;
    }
    for (const LevelSuffix& s : suffixes) {
      if (len < s.min || len > s.max || !run.ends_with(s.suffix)) continue;
      const std::string with_next =
          pos + len < units.size() ? run + std::string(units[pos + len]) : run;
      if (std::any_of(kNotAUnitEndings.begin(), kNotAUnitEndings.end(), [&](std::string_view e) {
            return run.ends_with(e) || with_next.ends_with(e);
          })) {
        continue;
      }
      return len;
    }
  }
  return 0;
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
  return AllStars(SplitCodePoints(TrimSpace(id_number)).size());
}

std::string MaskBirthDate(std::string_view birth_date) {
  return TrimSpace(birth_date).empty() ? "" : "****-**-**";
}

std::string MaskPhone(std::string_view phone) {
  const auto units = SplitCodePoints(TrimSpace(phone));
  if (units.size() < kPhoneMinLengthToKeep) return AllStars(units.size());
  return KeepEnds(units, 0, kPhoneKeepLast, "*");
}

std::string MaskSchool(std::string_view school) {
  const std::string_view trimmed = TrimSpace(school);
  if (trimmed.empty()) return "";
  for (const SchoolKind& kind : kSchoolKinds) {
    if (trimmed.size() > kind.ending.size() && trimmed.ends_with(kind.ending)) {
      return std::string(kind.label);
    }
  }
  return std::string(kEllipsis);
}

std::string MaskAddress(std::string_view address) {
  const std::string_view trimmed = TrimSpace(address);
  if (trimmed.empty()) return "";
  const auto units = SplitCodePoints(trimmed);
  if (std::any_of(units.begin(), units.end(),
                  [](std::string_view u) { return DecodeCodePoint(u) == kInvalidCodePoint; })) {
    return std::string(kEllipsis);
  }
  size_t pos = 0;
  std::string province;
  for (std::string_view p : kProvinces) {
    if (trimmed.starts_with(p)) {
      province = std::string(p);
      pos = SplitCodePoints(p).size();
      break;
    }
  }
  const size_t prefecture = MatchUnit(units, pos, kPrefectureSuffixes);
  const size_t county = MatchUnit(units, pos + prefecture, kCountySuffixes);
  // Without a province, only a city directly followed by its district counts as a prefix.
  const size_t kept = !province.empty()              ? pos + prefecture + county
                      : prefecture > 0 && county > 0 ? prefecture + county
                                                     : 0;
  return Join(units, 0, kept) + (kept < units.size() ? std::string(kEllipsis) : "");
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
