#include "domain/intake.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "domain/account_rules.h"
#include "domain/id_number.h"

namespace shouhu::domain {
namespace {

constexpr int kMaxText = 64;  // names, schools, guardians: characters
constexpr int kMaxAddress = 200;
constexpr int kMaxNarrative = 10'000;
constexpr int kAdultAge = 18;
constexpr int64_t kMillisPerMinute = 60'000;

bool Digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int ReadInt(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

class Errors {
 public:
  void Add(const std::string& field, const std::string& reason) { fields_.emplace(field, reason); }
  void Take(const std::string& field, const Status& s) {
    if (!s.ok()) Add(field, s.fields().empty() ? "bad_format" : s.fields().begin()->second);
  }
  bool empty() const { return fields_.empty(); }
  Status ToStatus() const { return Status::InvalidArgument("invalid_field", fields_); }

 private:
  FieldErrors fields_;
};

void CheckText(Errors& e, const std::string& field, const std::string& value, int max,
               bool required) {
  if (value.empty()) {
    if (required) e.Add(field, "required");
    return;
  }
  if (Utf8Length(value) < 0) {
    e.Add(field, "invalid_utf8");
  } else if (Utf8Length(value) > max) {
    e.Add(field, "too_long");
  } else if (std::any_of(value.begin(), value.end(), [](char c) {
               return static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t';
             })) {
    e.Add(field, "bad_format");
  }
}

}  // namespace

bool IsDistrictCode(std::string_view code) {
  static constexpr std::array<int, 34> kProvinces = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                                                     35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                                                     53, 54, 61, 62, 63, 64, 65, 71, 81, 82};
  if (code.size() != 6 || !Digits(code)) return false;
  const int province = ReadInt(code.substr(0, 2));
  return std::find(kProvinces.begin(), kProvinces.end(), province) != kProvinces.end();
}

bool IsPhoneNumber(std::string_view text) {
  std::string_view s = text;
  if (s.starts_with("+86")) s.remove_prefix(3);
  if (s.size() == 11 && Digits(s) && s[0] == '1' && s[1] >= '3' && s[1] <= '9') return true;
  if (text.starts_with("+86") || s.empty() || s[0] != '0') return false;
  std::string digits;
  int dashes = 0;
  for (char c : s) {
    if (c == '-') {
      ++dashes;
    } else {
      digits += c;
    }
  }
  return dashes <= 1 && Digits(digits) && digits.size() >= 10 && digits.size() <= 12;
}

Result<int64_t> ParseDateTime(std::string_view text, std::string_view field) {
  const std::string f(field);
  if (text.empty()) return Status::InvalidField(f, "required");
  if (text.size() < 16 || text[10] != 'T') return Status::InvalidField(f, "bad_format");
  auto date = ParseCivilDate(text.substr(0, 10), field);
  if (!date.ok()) return Status::InvalidField(f, "bad_format");
  std::string_view rest = text.substr(11);
  auto two = [&](std::string_view s) {
    return s.size() >= 2 && Digits(s.substr(0, 2)) ? ReadInt(s.substr(0, 2)) : -1;
  };
  const int hour = two(rest);
  if (hour < 0 || hour > 23 || rest.size() < 5 || rest[2] != ':')
    return Status::InvalidField(f, "bad_format");
  const int minute = two(rest.substr(3));
  if (minute < 0 || minute > 59) return Status::InvalidField(f, "bad_format");
  rest.remove_prefix(5);
  int second = 0;
  if (!rest.empty() && rest[0] == ':') {
    second = two(rest.substr(1));
    if (second < 0 || second > 59) return Status::InvalidField(f, "bad_format");
    rest.remove_prefix(3);
    if (!rest.empty() && rest[0] == '.') {
      rest.remove_prefix(1);
      size_t n = 0;
      while (n < rest.size() && std::isdigit(static_cast<unsigned char>(rest[n]))) ++n;
      if (n == 0) return Status::InvalidField(f, "bad_format");
      rest.remove_prefix(n);
    }
  }
  int offset_minutes = 0;
  if (rest == "Z") {
    offset_minutes = 0;
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    const int oh = two(rest.substr(1));
    const int om = two(rest.substr(4));
    if (oh < 0 || oh > 14 || om < 0 || om > 59) return Status::InvalidField(f, "bad_format");
    offset_minutes = (rest[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return Status::InvalidField(f, "bad_format");  // a time without an offset is ambiguous
  }
  const int64_t minutes = DaysSinceEpoch(*date) * 1440 + hour * 60 + minute - offset_minutes;
  return minutes * kMillisPerMinute + second * 1000;
}

Result<ValidIntake> ValidateIntake(IntakeInput in, IntakeKind kind, const IntakeRules& rules) {
  const Enumerations& en = *rules.enumerations;
  const CivilDate today = CivilDateShanghai(rules.now_millis);
  Errors e;
  ValidIntake out;

  // The girl.
  ChildInput& c = in.child;
  CheckText(e, "child.name", c.name, kMaxText, kind != IntakeKind::kHotline);
  std::optional<CivilDate> birth;
  if (!c.id_number.empty()) {
    auto id = ParseIdNumber(c.id_number, today);
    if (!id.ok()) {
      e.Take("child.id_number", id.status());
    } else {
      c.id_number = id->normalised;
      birth = id->birth_date;
    }
  }
  if (!c.birth_date.empty()) {
    auto b = ParseCivilDate(c.birth_date, "child.birth_date");
    if (!b.ok()) {
      e.Take("child.birth_date", b.status());
    } else if (*b > today) {
      e.Add("child.birth_date", "in_future");
    } else if (birth && *birth != *b) {
      e.Add("child.birth_date", "id_number_mismatch");
    } else {
      birth = *b;
    }
  }
  if (birth) c.birth_date = birth->ToString();
  CheckText(e, "child.ethnicity", c.ethnicity, kMaxText, false);
  CheckText(e, "child.school", c.school, kMaxText, false);
  CheckText(e, "child.grade", c.grade, kMaxText, false);
  CheckText(e, "child.guardian", c.guardian, kMaxText, false);
  CheckText(e, "child.address", c.address, kMaxAddress, false);
  if (!c.phone.empty() && !IsPhoneNumber(c.phone)) e.Add("child.phone", "bad_format");
  if (c.district_code.empty()) {
    e.Add("child.district_code", "required");
  } else if (!IsDistrictCode(c.district_code)) {
    e.Add("child.district_code", "bad_format");
  }
  e.Take("child.vulnerability_classes",
         en.CheckAll("child.vulnerability_classes", kVulnerabilityClass, c.vulnerability_classes));

  // The incident.
  IncidentInput& i = in.incident;
  auto occurred = ParseCivilDate(i.occurred_on, "incident.occurred_on");
  if (!occurred.ok()) {
    e.Take("incident.occurred_on", occurred.status());
  } else if (*occurred > today) {
    e.Add("incident.occurred_on", "in_future");
  } else {
    out.occurred_on = *occurred;
    if (birth) {
      if (*occurred < *birth) {
        e.Add("incident.occurred_on", "before_birth");
      } else if (!IsUnderAgeOn(*birth, *occurred, kAdultAge)) {
        e.Add("child.birth_date", "not_minor_on_incident_date");
      } else {
        out.age_at_incident = AgeInYears(*birth, *occurred);
      }
    }
  }
  if (!i.place_type.empty())
    e.Take("incident.place_type", en.Check("incident.place_type", kPlaceType, i.place_type));
  if (!i.district_code.empty() && !IsDistrictCode(i.district_code))
    e.Add("incident.district_code", "bad_format");
  if (!i.perpetrator_relationship.empty()) {
    e.Take("incident.perpetrator_relationship",
           en.Check("incident.perpetrator_relationship", kPerpetratorRelationship,
                    i.perpetrator_relationship));
  }
  if (i.perpetrator_count < 0 || i.perpetrator_count > 1000)
    e.Add("incident.perpetrator_count", "out_of_range");
  CheckText(e, "incident.narrative", i.narrative, kMaxNarrative, false);

  // The case.
  if (in.harm_types.empty()) {
    e.Add("harm_types", "required");
  } else {
    e.Take("harm_types", en.CheckAll("harm_types", kHarmType, in.harm_types));
  }
  e.Take("aggravating_flags",
         en.CheckAll("aggravating_flags", kAggravatingFlag, in.aggravating_flags));
  if (kind == IntakeKind::kMandatoryReport) {
    in.intake_channel = "mandatory_report";
    if (in.reporter_category.empty()) e.Add("reporter_category", "required");
    if (in.situation_code.empty()) e.Add("situation_code", "required");
  } else if (kind == IntakeKind::kHotline) {
    in.intake_channel = "hotline_12338";
  }
  if (in.intake_channel.empty()) {
    e.Add("intake_channel", "required");
  } else {
    e.Take("intake_channel", en.Check("intake_channel", kIntakeChannel, in.intake_channel));
  }
  if (!in.reporter_category.empty()) {
    e.Take("reporter_category",
           en.Check("reporter_category", kReporterCategory, in.reporter_category));
  }
  if (!in.situation_code.empty()) {
    e.Take("situation_code",
           en.Check("situation_code", kMandatoryReportSituation, in.situation_code));
  }
  if (in.legal_basis.empty()) in.legal_basis = "statutory_duty";
  if (in.legal_basis != "statutory_duty" && in.legal_basis != "guardian_consent") {
    e.Add("legal_basis", "unknown_value");
  }

  // The clock: harm before discovery before report, none in the future.
  auto discovered = ParseDateTime(in.discovered_at, "discovered_at");
  int64_t reported_at = rules.now_millis;
  if (!in.reported_at.empty()) {
    auto reported = ParseDateTime(in.reported_at, "reported_at");
    if (!reported.ok()) {
      e.Take("reported_at", reported.status());
    } else if (*reported > rules.now_millis) {
      e.Add("reported_at", "in_future");
    } else {
      reported_at = *reported;
    }
  }
  if (!discovered.ok()) {
    e.Take("discovered_at", discovered.status());
  } else if (*discovered > rules.now_millis) {
    e.Add("discovered_at", "in_future");
  } else if (*discovered > reported_at) {
    e.Add("discovered_at", "after_report");
  } else {
    out.discovered_at = *discovered;
    if (occurred.ok() && StartOfDayShanghaiMillis(*occurred) > *discovered) {
      e.Add("incident.occurred_on", "after_discovery");
    }
  }
  out.reported_at = reported_at;

  if (!e.empty()) return e.ToStatus();
  out.birth_date = birth;
  out.input = std::move(in);
  return out;
}

}  // namespace shouhu::domain
