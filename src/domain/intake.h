// Intake: the input of a new case (from a coordinator, a mandatory reporter or a hotline call)
// and its validation — GB 11643 ID number, the girl under 18 on the incident date, dates not in
// the future and in order, phone numbers, district codes, known enumeration values. Pure; every
// error names its field ("child.id_number", "incident.occurred_on", ...). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "domain/civil_date.h"
#include "domain/enumerations.h"

namespace shouhu::domain {

enum class IntakeKind {
  kCase,             // POST /cases by a coordinator or caseworker: the full form
  kMandatoryReport,  // POST /reports/mandatory by a reporter: short form, reporter category and
                     // R1-R9 required
  kHotline,          // POST /hotline/calls: a call that opens a case
};

struct ChildInput {
  std::string name;
  std::string id_number;
  std::string birth_date;  // "YYYY-MM-DD"; may be derived from the ID number
  std::string ethnicity;
  std::string school;
  std::string grade;
  std::string guardian;
  std::string phone;
  std::string address;
  std::string district_code;
  std::vector<std::string> vulnerability_classes;
};

struct IncidentInput {
  std::string occurred_on;  // "YYYY-MM-DD"
  std::string place_type;
  std::string district_code;
  bool online = false;
  std::string perpetrator_relationship;
  int perpetrator_count = 1;
  std::string narrative;
};

struct IntakeInput {
  ChildInput child;
  IncidentInput incident;
  std::vector<std::string> harm_types;
  std::vector<std::string> aggravating_flags;
  std::string intake_channel;
  std::string reporter_category;
  std::string situation_code;  // R1..R9
  std::string discovered_at;   // ISO 8601 date-time with offset, e.g. "2026-03-01T09:30:00+08:00"
  std::string reported_at;     // same; empty = now
  std::string legal_basis;
};

// The checked, normalised intake: dates parsed, the ID number normalised, birth date known when
// it could be.
struct ValidIntake {
  IntakeInput input;  // with id_number normalised and birth_date filled in
  std::optional<CivilDate> birth_date;
  CivilDate occurred_on;
  int64_t discovered_at = 0;  // epoch millis
  int64_t reported_at = 0;
  int age_at_incident = -1;
};

struct IntakeRules {
  const Enumerations* enumerations = nullptr;
  int64_t now_millis = 0;
};

// All field errors at once (so a form can mark every field), or the normalised intake.
Result<ValidIntake> ValidateIntake(IntakeInput input, IntakeKind kind, const IntakeRules& rules);

// "2026-03-01T09:30:00+08:00", "2026-03-01T01:30:00Z", seconds optional, fraction allowed.
// InvalidField(field, "bad_format") otherwise.
Result<int64_t> ParseDateTime(std::string_view text, std::string_view field);

// Mainland mobile (1[3-9] + 9 digits, optional +86) or landline (0 + area code + 7-8 digits,
// optional '-'). False for anything else.
bool IsPhoneNumber(std::string_view text);

// A 6-digit administrative division code whose first two digits are a province-level code.
bool IsDistrictCode(std::string_view code);

}  // namespace shouhu::domain
