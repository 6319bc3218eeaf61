#include "service/prevention_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>
#include <tuple>

#include "domain/account_rules.h"
#include "domain/civil_date.h"
#include "domain/id_number.h"
#include "domain/masking.h"
#include "reports/csv_read.h"
#include "reports/xlsx_read.h"
#include "security/blind_index.h"
#include "security/field_cipher.h"
#include "service/request_audit.h"
#include "storage/prevention_stores.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

using domain::Role;
using security::Relation;
using security::View;
using storage::Blob;
using storage::RegistryEntryRecord;
using storage::Tx;
using R = security::Relation;
using V = security::View;

constexpr size_t kMaxIdentityChars = 200;
constexpr size_t kMaxNoteChars = 4000;
constexpr size_t kMaxReasonChars = 500;
constexpr int64_t kSuppressBelow = 5;

// Keepers of the registry: schools (education), communities, civil affairs and the district's
// coordinating unit; the unit kind is checked by the use case (domain::KeepsRegistry).
constexpr security::PolicyRow kPolicyRows[] = {
    {"registry.create", Role::kCoordinator, R::kAny, V::kMasked},
    {"registry.create", Role::kCaseworker, R::kAny, V::kMasked},
    {"registry.create", Role::kReporter, R::kAny, V::kMasked},
    {"registry.list", Role::kCoordinator, R::kAny, V::kMasked},
    {"registry.list", Role::kCaseworker, R::kAny, V::kMasked},
    {"registry.list", Role::kReporter, R::kAny, V::kMasked},
    {"registry.search", Role::kCoordinator, R::kAny, V::kMasked},
    {"registry.search", Role::kCaseworker, R::kAny, V::kMasked},
    {"registry.search", Role::kReporter, R::kAny, V::kMasked},
    {"registry.import", Role::kCoordinator, R::kAny, V::kMasked},
    {"registry.import", Role::kCaseworker, R::kAny, V::kMasked},
    {"registry.import", Role::kReporter, R::kAny, V::kMasked},
    {"registry.due", Role::kCoordinator, R::kAny, V::kMasked},
    {"registry.due", Role::kCaseworker, R::kAny, V::kMasked},
    {"registry.due", Role::kReporter, R::kAny, V::kMasked},
    {"registry.read", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"registry.read", Role::kCoordinator, R::kHolder, V::kMasked},
    {"registry.read", Role::kCaseworker, R::kHolder, V::kMasked},
    {"registry.read", Role::kCaseworker, R::kDistrictCivilAffairs, V::kMasked},
    {"registry.read", Role::kReporter, R::kHolder, V::kMasked},
    {"registry.update", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"registry.update", Role::kCoordinator, R::kHolder, V::kMasked},
    {"registry.update", Role::kCaseworker, R::kHolder, V::kMasked},
    {"registry.update", Role::kCaseworker, R::kDistrictCivilAffairs, V::kMasked},
    {"registry.update", Role::kReporter, R::kHolder, V::kMasked},
    {"registry.visit", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"registry.visit", Role::kCoordinator, R::kHolder, V::kMasked},
    {"registry.visit", Role::kCaseworker, R::kHolder, V::kMasked},
    {"registry.visit", Role::kCaseworker, R::kDistrictCivilAffairs, V::kMasked},
    {"registry.visit", Role::kReporter, R::kHolder, V::kMasked},
    {"registry.unmask", Role::kCoordinator, R::kCoordinating, V::kClear},
    {"registry.unmask", Role::kCoordinator, R::kHolder, V::kClear},
    {"registry.unmask", Role::kCaseworker, R::kHolder, V::kClear},
    {"registry.unmask", Role::kCaseworker, R::kDistrictCivilAffairs, V::kClear},
    {"registry.unmask", Role::kReporter, R::kHolder, V::kClear},
    // 督办 of overdue visits: entry number, unit and due date, no identity.
    {"registry.escalations", Role::kCoordinator, R::kAny, V::kAggregate},
    {"registry.escalations", Role::kLeader, R::kAny, V::kAggregate},
    {"registry.escalations", Role::kCaseworker, R::kAny, V::kAggregate},
    {"registry.escalations", Role::kReporter, R::kAny, V::kAggregate},
    // Activities hold no personal data.
    {"activity.record", Role::kCoordinator, R::kAny, V::kManage},
    {"activity.record", Role::kCaseworker, R::kAny, V::kManage},
    {"activity.record", Role::kReporter, R::kAny, V::kManage},
    {"activity.list", Role::kCoordinator, R::kAny, V::kManage},
    {"activity.list", Role::kCaseworker, R::kAny, V::kManage},
    {"activity.list", Role::kReporter, R::kAny, V::kManage},
    {"activity.list", Role::kLeader, R::kAny, V::kManage},
    // 入职查询: the unit's own staff; the education bureau sees its schools' (kDistrictEducation
    // is resolved per record by the list).
    {"staff_check.record", Role::kCaseworker, R::kAny, V::kMasked},
    {"staff_check.record", Role::kReporter, R::kAny, V::kMasked},
    {"staff_check.list", Role::kCaseworker, R::kAny, V::kMasked},
    {"staff_check.list", Role::kReporter, R::kAny, V::kMasked},
    {"prevention.stats", Role::kCoordinator, R::kAny, V::kAggregate},
    {"prevention.stats", Role::kLeader, R::kAny, V::kAggregate},
    {"prevention.stats", Role::kAnalyst, R::kAny, V::kAggregate},
};

std::string Ad(std::string_view column, int64_t id) {
  return security::FieldAssociatedData(column, std::to_string(id));
}

audit::Event Event(const Actor& actor, std::string_view action, std::string_view object_type,
                   int64_t id, std::string result, std::string detail = {}) {
  audit::Event e{.user_id = actor.user_id,
                 .action = std::string(action),
                 .object_type = std::string(object_type),
                 .object_id = id > 0 ? std::to_string(id) : "",
                 .result = std::move(result),
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    if (comma == std::string::npos) comma = s.size();
    if (comma > start) out.push_back(s.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

bool Blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

void CheckText(FieldErrors& errors, const std::string& field, const std::string& value,
               size_t max_chars) {
  if (value.empty()) return;
  const int chars = domain::Utf8Length(value);
  if (chars < 0) {
    errors.emplace(field, "invalid_utf8");
  } else if (static_cast<size_t>(chars) > max_chars) {
    errors.emplace(field, "too_long");
  }
}

void CheckCodes(FieldErrors& errors, const std::string& field,
                const std::vector<std::string>& codes,
                const std::vector<domain::PreventionCode>& known) {
  std::set<std::string> seen;
  for (const std::string& c : codes) {
    if (!domain::IsPreventionCode(known, c)) {
      errors.emplace(field, "unknown_value");
      return;
    }
    if (!seen.insert(c).second) {
      errors.emplace(field, "duplicate");
      return;
    }
  }
}

// A civil date not after today; errors beside `field`.
std::optional<domain::CivilDate> CheckPastDate(FieldErrors& errors, const std::string& field,
                                               const std::string& text,
                                               const domain::CivilDate& today) {
  if (text.empty()) {
    errors.emplace(field, "required");
    return std::nullopt;
  }
  auto date = domain::ParseCivilDate(text, field);
  if (!date.ok()) {
    errors.emplace(field, "bad_format");
    return std::nullopt;
  }
  if (today < *date) {
    errors.emplace(field, "in_future");
    return std::nullopt;
  }
  return *date;
}

std::string ChangeJson(const std::map<std::string, std::pair<std::string, std::string>>& changes,
                       const std::vector<std::string>& identity_fields) {
  boost::json::object o;
  for (const auto& [field, values] : changes) {
    o[field] =
        boost::json::array{boost::json::value(values.first), boost::json::value(values.second)};
  }
  // Identity changes are recorded by name only: the history holds no identity.
  if (!identity_fields.empty()) {
    boost::json::array names;
    for (const auto& f : identity_fields) names.emplace_back(f);
    o["identity"] = std::move(names);
  }
  return boost::json::serialize(o);
}

}  // namespace

bool RegistryInput::Sent(std::string_view field) const {
  return std::find(sent.begin(), sent.end(), field) != sent.end();
}

PreventionService::PreventionService(storage::Database& db, const Clock& clock, Random& random,
                                     const security::KeyRing& keys,
                                     const domain::Enumerations& enumerations,
                                     domain::VisitIntervals intervals)
    : db_(db),
      clock_(clock),
      random_(random),
      keys_(keys),
      enumerations_(enumerations),
      intervals_(intervals) {
  security::RegisterPolicyRows(kPolicyRows);
}

std::span<const security::PolicyRow> PreventionService::PolicyRows() {
  return kPolicyRows;
}

std::string PreventionService::Today() const {
  return domain::CivilDateShanghai(clock_.NowMillis()).ToString();
}

int PreventionService::IntervalFor(const RegistryEntryRecord& record,
                                   const std::string& today) const {
  int days = domain::VisitIntervalDays(Split(record.vulnerability_classes), intervals_);
  if (!record.followup_until.empty() && today <= record.followup_until) {
    days = std::min(days, intervals_.after_case_days);
  }
  return days;
}

Status PreventionService::Deny(const Actor& actor, std::string_view action, int64_t id,
                               const Status& refusal) {
  return RecordDenied(
      db_, clock_, actor,
      Event(actor, action, "registry_entry", id, "denied", std::string(refusal.message())),
      refusal);
}

// ---- the gate ----

Result<PreventionService::Scope> PreventionService::ScopeOf(Tx& tx, const Actor& actor) {
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
  if (!unit) return Status::PermissionDenied("forbidden");
  Scope scope{.unit = *unit, .district = unit->district_code};
  // The coordinating unit and the civil-affairs bureau see the district's registry; every other
  // keeper its own entries.
  if (!(unit->kind == "womens_federation" || unit->kind == "civil_affairs"))
    scope.unit_id = unit->id;
  return scope;
}

Result<PreventionService::Permit> PreventionService::ResolveEntry(Tx& tx, const Actor& actor,
                                                                  const RegistryEntryRecord& entry,
                                                                  std::string_view action) {
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
  std::vector<Relation> relations;
  if (unit) {
    if (entry.unit_id == unit->id) relations.push_back(R::kHolder);
    if (unit->district_code == entry.district_code) {
      if (unit->kind == "womens_federation") relations.push_back(R::kCoordinating);
      if (unit->kind == "civil_affairs") relations.push_back(R::kDistrictCivilAffairs);
    }
  }
  auto view = security::Decide(action, actor.role, relations);
  if (!view) {
    // An entry the caller may not read does not exist for her.
    if (!security::Decide("registry.read", actor.role, relations))
      return Status::NotFound("registry_entry_not_found");
    return Status::PermissionDenied("forbidden");
  }
  return Permit{.view = *view, .unit = *unit};
}

Result<RegistryEntryRecord> PreventionService::LoadEntry(const Actor& actor, int64_t id,
                                                         std::string_view action, Permit* permit) {
  std::optional<RegistryEntryRecord> entry;
  Status decided = Status::Ok();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(entry, storage::registry_store::FindById(tx, id));
    if (!entry) {
      decided = Status::NotFound("registry_entry_not_found");
      return Status::Ok();
    }
    auto p = ResolveEntry(tx, actor, *entry, action);
    if (!p.ok()) {
      decided = p.status();
    } else if (permit != nullptr) {
      *permit = *p;
    }
    return Status::Ok();
  }));
  if (!decided.ok()) return Deny(actor, action, id, decided);
  return *entry;
}

// ---- identity ----

Result<RegistryIdentity> PreventionService::OpenIdentity(const RegistryEntryRecord& r) const {
  RegistryIdentity out;
  auto open = [&](const Blob& blob, std::string_view column, std::string* into) -> Status {
    if (blob.empty()) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(*into, security::Decrypt(keys_, blob, Ad(column, r.id)));
    return Status::Ok();
  };
  SHOUHU_RETURN_IF_ERROR(open(r.name, "registry.name", &out.name));
  SHOUHU_RETURN_IF_ERROR(open(r.id_number, "registry.id_number", &out.id_number));
  SHOUHU_RETURN_IF_ERROR(open(r.birth_date, "registry.birth_date", &out.birth_date));
  SHOUHU_RETURN_IF_ERROR(open(r.address, "registry.address", &out.address));
  SHOUHU_RETURN_IF_ERROR(open(r.guardians, "registry.guardians", &out.guardians));
  SHOUHU_RETURN_IF_ERROR(open(r.phone, "registry.phone", &out.phone));
  SHOUHU_RETURN_IF_ERROR(open(r.school, "registry.school", &out.school));
  SHOUHU_RETURN_IF_ERROR(open(r.student_no, "registry.student_no", &out.student_no));
  return out;
}

Status PreventionService::SealIdentity(const RegistryIdentity& in, RegistryEntryRecord& r) {
  auto seal = [&](const std::string& plain, std::string_view column, Blob* out) -> Status {
    out->clear();
    if (plain.empty()) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(*out, security::Encrypt(keys_, plain, Ad(column, r.id), random_));
    return Status::Ok();
  };
  SHOUHU_RETURN_IF_ERROR(seal(in.name, "registry.name", &r.name));
  SHOUHU_RETURN_IF_ERROR(seal(in.id_number, "registry.id_number", &r.id_number));
  SHOUHU_RETURN_IF_ERROR(seal(in.birth_date, "registry.birth_date", &r.birth_date));
  SHOUHU_RETURN_IF_ERROR(seal(in.address, "registry.address", &r.address));
  SHOUHU_RETURN_IF_ERROR(seal(in.guardians, "registry.guardians", &r.guardians));
  SHOUHU_RETURN_IF_ERROR(seal(in.phone, "registry.phone", &r.phone));
  SHOUHU_RETURN_IF_ERROR(seal(in.school, "registry.school", &r.school));
  SHOUHU_RETURN_IF_ERROR(seal(in.student_no, "registry.student_no", &r.student_no));
  return Status::Ok();
}

void PreventionService::IndexIdentity(const RegistryIdentity& in, RegistryEntryRecord& r) const {
  const security::SecretKey& key = keys_.blind_index_key();
  r.id_number_index = in.id_number.empty() ? "" : security::IdNumberIndex(key, in.id_number);
  r.name_index = in.name.empty() ? "" : security::NameIndex(key, in.name);
  r.student_no_index =
      in.student_no.empty() ? "" : security::BlindIndex(key, "student_no", in.student_no);
}

RegistryIdentity Masked(const RegistryIdentity& in) {
  return {.name = domain::MaskName(in.name),
          .id_number = domain::MaskIdNumber(in.id_number),
          .birth_date = domain::MaskBirthDate(in.birth_date),
          .address = domain::MaskAddress(in.address),
          .guardians = in.guardians.empty() ? "" : "***",
          .phone = domain::MaskPhone(in.phone),
          .school = domain::MaskSchool(in.school),
          .student_no = in.student_no.empty() ? "" : std::string(in.student_no.size(), '*')};
}

Result<RegistryEntryView> PreventionService::ViewOf(Tx& tx, const RegistryEntryRecord& record,
                                                    bool clear, bool detail) const {
  RegistryEntryView v;
  v.record = record;
  v.clear = clear;
  SHOUHU_ASSIGN_OR_RETURN(auto identity, OpenIdentity(record));
  v.identity = clear ? identity : Masked(identity);
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, record.unit_id));
  if (unit) {
    v.unit_code = unit->code;
    v.unit_name = unit->name;
  }
  const std::string today = Today();
  if (record.state == "active" && record.next_visit_due < today) {
    v.overdue = true;
    auto due = domain::ParseCivilDate(record.next_visit_due);
    if (due.ok())
      v.days_overdue = domain::DaysBetween(*due, domain::CivilDateShanghai(clock_.NowMillis()));
  }
  if (detail) {
    SHOUHU_ASSIGN_OR_RETURN(v.history, storage::registry_history_store::List(tx, record.id));
    for (const auto& h : v.history) {
      std::string reason;
      if (!h.reason.empty()) {
        SHOUHU_ASSIGN_OR_RETURN(
            reason, security::Decrypt(keys_, h.reason, Ad("registry_history.reason", h.id)));
      }
      v.history_reasons.push_back(std::move(reason));
    }
    SHOUHU_ASSIGN_OR_RETURN(auto visits, storage::registry_visit_store::List(tx, record.id));
    for (auto& visit : visits) {
      RegistryEntryView::Visit out{.record = visit};
      auto open = [&](const Blob& blob, std::string_view column, std::string* into) -> Status {
        if (blob.empty()) return Status::Ok();
        SHOUHU_ASSIGN_OR_RETURN(*into, security::Decrypt(keys_, blob, Ad(column, visit.id)));
        return Status::Ok();
      };
      SHOUHU_RETURN_IF_ERROR(open(visit.findings, "registry_visits.findings", &out.findings));
      SHOUHU_RETURN_IF_ERROR(open(visit.needs, "registry_visits.needs", &out.needs));
      SHOUHU_RETURN_IF_ERROR(open(visit.follow_up, "registry_visits.follow_up", &out.follow_up));
      v.visits.push_back(std::move(out));
    }
  }
  return v;
}

// ---- validation ----

namespace {

void ValidateIdentity(FieldErrors& errors, RegistryIdentity& id, const domain::CivilDate& today,
                      bool creating) {
  if (creating && Blank(id.name)) errors.emplace("name", "required");
  CheckText(errors, "name", id.name, 50);
  for (auto [field, value] : {std::pair<const char*, std::string*>{"address", &id.address},
                              {"guardians", &id.guardians},
                              {"school", &id.school}}) {
    CheckText(errors, field, *value, kMaxIdentityChars);
  }
  CheckText(errors, "phone", id.phone, 30);
  std::optional<domain::CivilDate> birth;
  if (!id.birth_date.empty()) {
    auto b = domain::ParseCivilDate(id.birth_date, "birth_date");
    if (!b.ok()) {
      errors.emplace("birth_date", "bad_format");
    } else if (today < *b) {
      errors.emplace("birth_date", "in_future");
    } else {
      birth = *b;
      id.birth_date = b->ToString();
    }
  }
  if (!id.id_number.empty()) {
    auto info = domain::ParseIdNumber(id.id_number, today);
    if (!info.ok()) {
      const auto& f = info.status().fields();
      errors.emplace("id_number", f.empty() ? "bad_format" : f.begin()->second);
    } else if (info->sex != domain::Sex::kFemale) {
      errors.emplace("id_number", "not_female");
    } else {
      id.id_number = info->normalised;
      if (birth && !(info->birth_date == *birth)) {
        errors.emplace("birth_date", "mismatch_id_number");
      }
      if (!birth) birth = info->birth_date;
    }
  }
  if (birth && !domain::IsUnderAgeOn(*birth, today, 18))
    errors.emplace("birth_date", "not_a_minor");
  if (!id.student_no.empty()) {
    Status s = domain::CheckStudentNumber("student_no", id.student_no);
    if (!s.ok()) errors.emplace("student_no", "bad_format");
  }
}

}  // namespace

// ---- registry use cases ----

namespace {

// Validates (and normalises) a new entry; the field errors, empty when it is valid.
FieldErrors ValidateNewEntry(RegistryInput& in, const domain::CivilDate& today,
                             const domain::Enumerations& enumerations) {
  FieldErrors errors;
  ValidateIdentity(errors, in.identity, today, true);
  CheckText(errors, "grade", in.grade, 20);
  CheckCodes(errors, "family_situations", in.family_situations, domain::FamilySituations());
  if (!in.caregiver.empty() && !domain::IsPreventionCode(domain::Caregivers(), in.caregiver))
    errors.emplace("caregiver", "unknown_value");
  if (!in.disability_type.empty() &&
      !domain::IsPreventionCode(domain::DisabilityTypes(), in.disability_type))
    errors.emplace("disability_type", "unknown_value");
  if (in.disability_grade < 0 || in.disability_grade > 4)
    errors.emplace("disability_grade", "out_of_range");
  if (!enumerations
           .CheckAll("vulnerability_classes", "vulnerability_class", in.vulnerability_classes)
           .ok())
    errors.emplace("vulnerability_classes", "unknown_value");
  if (in.risk_level.empty()) in.risk_level = "low";
  if (!enumerations.Contains("risk_level", in.risk_level))
    errors.emplace("risk_level", "unknown_value");
  return errors;
}

}  // namespace

Result<RegistryEntryRecord> PreventionService::InsertEntry(Tx& tx, const Actor& actor,
                                                           const storage::UnitRecord& unit,
                                                           const RegistryInput& in, int64_t now) {
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  RegistryEntryRecord r{
      .district_code = unit.district_code,
      .unit_id = unit.id,
      .responsible_user = in.responsible_user ? in.responsible_user : actor.user_id,
      .grade = in.grade,
      .family_situations = Join(in.family_situations),
      .caregiver = in.caregiver,
      .disability_type = in.disability_type,
      .disability_grade = in.disability_grade,
      .vulnerability_classes = Join(in.vulnerability_classes),
      .risk_level = in.risk_level,
      .created_by = actor.user_id,
      .created_at = now,
      .updated_at = now};
  if (in.responsible_user) {
    SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindById(tx, *in.responsible_user));
    if (!user || user->unit_id != unit.id)
      return Status::InvalidField("responsible_user", "not_in_unit");
  }
  IndexIdentity(in.identity, r);
  // One entry per pupil per unit: the same 学籍号 or ID number is the same girl.
  if (!r.student_no_index.empty()) {
    SHOUHU_ASSIGN_OR_RETURN(
        auto same, storage::registry_store::FindByStudentNo(tx, unit.id, r.student_no_index));
    if (same) return Status::Conflict("registry_entry_exists", {{"student_no", "taken"}});
  }
  if (!r.id_number_index.empty()) {
    SHOUHU_ASSIGN_OR_RETURN(
        auto same, storage::registry_store::FindByIdNumberInUnit(tx, unit.id, r.id_number_index));
    if (same) return Status::Conflict("registry_entry_exists", {{"id_number", "taken"}});
  }
  r.interval_days = IntervalFor(r, today.ToString());
  r.next_visit_due = domain::AddDays(today, r.interval_days).ToString();
  SHOUHU_ASSIGN_OR_RETURN(r.id, storage::registry_store::Insert(tx, r));
  SHOUHU_RETURN_IF_ERROR(SealIdentity(in.identity, r));
  SHOUHU_RETURN_IF_ERROR(storage::registry_store::UpdateIdentity(tx, r));
  SHOUHU_RETURN_IF_ERROR(
      storage::registry_history_store::Insert(
          tx, {.entry_id = r.id,
               .at = now,
               .user_id = actor.user_id,
               .unit_id = unit.id,
               .change = ChangeJson({{"risk_level", {"", r.risk_level}},
                                     {"vulnerability_classes", {"", r.vulnerability_classes}}},
                                    {})})
          .status());
  return r;
}

Result<RegistryEntryView> PreventionService::CreateEntry(const Actor& actor,
                                                         const RegistryInput& given) {
  const std::string action = "registry.create";
  RegistryInput in = given;
  const int64_t now = clock_.NowMillis();
  FieldErrors errors = ValidateNewEntry(in, domain::CivilDateShanghai(now), enumerations_);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  RegistryEntryView out;
  Status refused = Status::Ok();
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit || !domain::KeepsRegistry(unit->kind)) {
      refused = Status::PermissionDenied("forbidden");
      return Status::Ok();
    }
    SHOUHU_ASSIGN_OR_RETURN(RegistryEntryRecord r, InsertEntry(tx, actor, *unit, in, now));
    SHOUHU_RETURN_IF_ERROR(
        Record(tx, clock_, actor, Event(actor, action, "registry_entry", r.id, "ok")));
    SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, r, false, true));
    return Status::Ok();
  }));
  if (!refused.ok()) return Deny(actor, action, 0, refused);
  return out;
}

// ---- import ----

namespace {

constexpr size_t kMaxImportBytes = 8 * 1024 * 1024;
constexpr size_t kMaxImportRows = 10000;

constexpr ImportColumn kImportColumns[] = {
    {"name", "姓名", "Name"},
    {"id_number", "身份证号", "ID number"},
    {"birth_date", "出生日期", "Birth date"},
    {"student_no", "学籍号", "Student number"},
    {"school", "学校", "School"},
    {"grade", "年级", "Grade"},
    {"address", "家庭住址", "Address"},
    {"guardians", "监护人及联系方式", "Guardians"},
    {"phone", "联系电话", "Phone"},
    {"family_situations", "家庭情况", "Family situation"},
    {"caregiver", "看护人", "Caregiver"},
    {"disability_type", "残疾类别", "Disability type"},
    {"disability_grade", "残疾等级", "Disability grade"},
    {"vulnerability_classes", "重点关注类别", "Vulnerability classes"},
    {"risk_level", "风险等级", "Risk level"},
};

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Splits a cell holding several values: 、 ， , ； ; / and spaces separate them.
std::vector<std::string> SplitCell(const std::string& cell) {
  std::string t = cell;
  for (const char* sep : {"、", "，", "；", "／"}) {
    for (size_t at = t.find(sep); at != std::string::npos; at = t.find(sep))
      t.replace(at, std::string_view(sep).size(), ",");
  }
  for (char& c : t) {
    if (c == ';' || c == '/' || c == ' ') c = ',';
  }
  std::vector<std::string> out;
  for (auto& part : Split(t)) {
    std::string v = Trim(part);
    if (!v.empty()) out.push_back(std::move(v));
  }
  return out;
}

// A value given as its code or its Chinese or English label; "" when none matches (the caller
// reports unknown_value), the text itself when empty.
std::string CodeOf(const std::vector<domain::PreventionCode>& codes, const std::string& text) {
  for (const auto& c : codes) {
    if (text == c.code || text == c.zh || text == c.en) return std::string(c.code);
  }
  return "?" + text;
}

std::string EnumCodeOf(const domain::Enumerations& e, std::string_view name,
                       const std::string& text) {
  for (const auto& v : e.Values(name)) {
    if (text == v.code || text == v.zh || text == v.en) return v.code;
  }
  return "?" + text;
}

}  // namespace

std::span<const ImportColumn> ImportColumns() {
  return kImportColumns;
}

std::string ImportTemplateCsv() {
  std::string out = "\xEF\xBB\xBF";
  for (size_t i = 0; i < std::size(kImportColumns); ++i) {
    if (i > 0) out += ',';
    out += kImportColumns[i].zh;
  }
  // A fictional example row (the ID number is a valid GB 11643 number of no one).
  out +=
      "\r\n测试女童,230103201503010023,2015-03-01,G230103201503010023,测试第一小学,四年级,"
      "测试街道1号,祖母 测试奶奶 13800000000,13800000000,父亲外出务工、母亲外出务工,"
      "祖父母/外祖父母,,0,留守,中\r\n";
  return out;
}

Result<ImportOutcome> PreventionService::ImportEntries(const Actor& actor, std::string_view file,
                                                       const std::string& mode) {
  const std::string action = "registry.import";
  if (mode != "check" && mode != "all" && mode != "valid_rows")
    return Status::InvalidField("mode", "unknown_value");
  if (file.empty()) return Status::InvalidField("file", "required");
  if (file.size() > kMaxImportBytes) return Status::InvalidField("file", "too_large");
  std::vector<std::vector<std::string>> rows;
  if (file.starts_with("PK\x03\x04")) {
    SHOUHU_ASSIGN_OR_RETURN(rows, reports::ReadFirstSheet(file));
    if (rows.size() > kMaxImportRows + 1) return Status::InvalidField("file", "too_many_rows");
  } else {
    SHOUHU_ASSIGN_OR_RETURN(rows, reports::ReadCsv(file, kMaxImportRows + 1));
  }
  if (rows.empty()) return Status::InvalidField("file", "no_header");
  // The header: each column by its Chinese or English name or its field code.
  std::vector<std::string_view> field_of(rows[0].size());
  std::vector<std::string> header(rows[0].size());
  bool has_name = false;
  for (size_t c = 0; c < rows[0].size(); ++c) {
    header[c] = Trim(rows[0][c]);
    if (c == 0 && header[c].starts_with("\xEF\xBB\xBF")) header[c] = header[c].substr(3);
    for (const auto& col : kImportColumns) {
      if (header[c] == col.zh || header[c] == col.en || header[c] == col.field)
        field_of[c] = col.field;
    }
    has_name |= field_of[c] == "name";
  }
  if (!has_name) return Status::InvalidField("file", "missing_column");

  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  ImportOutcome out;
  out.mode = mode;
  struct Parsed {
    int row;
    RegistryInput input;
  };
  std::vector<Parsed> valid;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    if (std::all_of(cells.begin(), cells.end(),
                    [](const std::string& c) { return Trim(c).empty(); }))
      continue;
    ++out.rows;
    const int row_no = static_cast<int>(r) + 1;
    RegistryInput in;
    std::map<std::string, std::string> column_of;
    FieldErrors errors;
    for (size_t c = 0; c < cells.size() && c < field_of.size(); ++c) {
      const std::string_view f = field_of[c];
      if (f.empty()) continue;
      const std::string v = Trim(cells[c]);
      column_of[std::string(f)] = header[c];
      if (f == "name")
        in.identity.name = v;
      else if (f == "id_number")
        in.identity.id_number = v;
      else if (f == "birth_date")
        in.identity.birth_date = v;
      else if (f == "student_no")
        in.identity.student_no = v;
      else if (f == "school")
        in.identity.school = v;
      else if (f == "grade")
        in.grade = v;
      else if (f == "address")
        in.identity.address = v;
      else if (f == "guardians")
        in.identity.guardians = v;
      else if (f == "phone")
        in.identity.phone = v;
      else if (f == "family_situations") {
        for (const auto& part : SplitCell(v))
          in.family_situations.push_back(CodeOf(domain::FamilySituations(), part));
      } else if (f == "caregiver") {
        if (!v.empty()) in.caregiver = CodeOf(domain::Caregivers(), v);
      } else if (f == "disability_type") {
        if (!v.empty()) in.disability_type = CodeOf(domain::DisabilityTypes(), v);
      } else if (f == "disability_grade") {
        if (!v.empty()) {
          if (v.size() == 1 && v[0] >= '0' && v[0] <= '9') {
            in.disability_grade = v[0] - '0';
          } else {
            errors.emplace("disability_grade", "bad_format");
          }
        }
      } else if (f == "vulnerability_classes") {
        for (const auto& part : SplitCell(v))
          in.vulnerability_classes.push_back(
              EnumCodeOf(enumerations_, "vulnerability_class", part));
      } else if (f == "risk_level") {
        if (!v.empty()) in.risk_level = EnumCodeOf(enumerations_, "risk_level", v);
      }
    }
    for (auto& [field, code] : ValidateNewEntry(in, today, enumerations_))
      errors.emplace(field, code);
    if (!errors.empty()) {
      for (const auto& [field, code] : errors) {
        out.errors.push_back({.row = row_no,
                              .column = column_of.count(field) ? column_of[field] : "",
                              .field = field,
                              .code = code});
      }
      continue;
    }
    valid.push_back({row_no, std::move(in)});
  }
  // Two rows of the file for one girl: the second is an error.
  {
    std::map<std::string, int> seen;
    const security::SecretKey& key = keys_.blind_index_key();
    std::vector<Parsed> unique;
    for (auto& p : valid) {
      std::string k =
          !p.input.identity.student_no.empty()
              ? "s" + security::BlindIndex(key, "student_no", p.input.identity.student_no)
          : !p.input.identity.id_number.empty()
              ? "i" + security::IdNumberIndex(key, p.input.identity.id_number)
              : "";
      if (!k.empty() && seen.count(k)) {
        out.errors.push_back(
            {.row = p.row,
             .column = "",
             .field = p.input.identity.student_no.empty() ? "id_number" : "student_no",
             .code = "duplicate"});
        continue;
      }
      if (!k.empty()) seen[k] = p.row;
      unique.push_back(std::move(p));
    }
    valid = std::move(unique);
  }
  std::sort(out.errors.begin(), out.errors.end(),
            [](const ImportRowError& a, const ImportRowError& b) {
              return std::tie(a.row, a.field) < std::tie(b.row, b.field);
            });
  out.valid = static_cast<int>(valid.size());
  const bool store = mode == "valid_rows" || (mode == "all" && out.errors.empty());
  Status refused = Status::Ok();
  const std::string detail_mode = "mode=" + mode;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit || !domain::KeepsRegistry(unit->kind)) {
      refused = Status::PermissionDenied("forbidden");
      return Status::Ok();
    }
    if (store) {
      for (const auto& p : valid) {
        RegistryEntryRecord probe;
        IndexIdentity(p.input.identity, probe);
        std::optional<RegistryEntryRecord> existing;
        if (!probe.student_no_index.empty()) {
          SHOUHU_ASSIGN_OR_RETURN(existing, storage::registry_store::FindByStudentNo(
                                                tx, unit->id, probe.student_no_index));
        }
        if (!existing && !probe.id_number_index.empty()) {
          SHOUHU_ASSIGN_OR_RETURN(existing, storage::registry_store::FindByIdNumberInUnit(
                                                tx, unit->id, probe.id_number_index));
        }
        if (!existing) {
          SHOUHU_RETURN_IF_ERROR(InsertEntry(tx, actor, *unit, p.input, now).status());
          ++out.created;
          continue;
        }
        // The same girl: what the file says replaces what the registry holds.
        RegistryEntryRecord next = *existing;
        std::map<std::string, std::pair<std::string, std::string>> changes;
        auto set = [&](const char* field, std::string& target, const std::string& value) {
          if (target == value) return;
          changes[field] = {target, value};
          target = value;
        };
        set("grade", next.grade, p.input.grade);
        set("family_situations", next.family_situations, Join(p.input.family_situations));
        set("caregiver", next.caregiver, p.input.caregiver);
        set("disability_type", next.disability_type, p.input.disability_type);
        set("vulnerability_classes", next.vulnerability_classes,
            Join(p.input.vulnerability_classes));
        set("risk_level", next.risk_level, p.input.risk_level);
        if (next.disability_grade != p.input.disability_grade) {
          changes["disability_grade"] = {std::to_string(next.disability_grade),
                                         std::to_string(p.input.disability_grade)};
          next.disability_grade = p.input.disability_grade;
        }
        SHOUHU_ASSIGN_OR_RETURN(RegistryIdentity held, OpenIdentity(*existing));
        std::vector<std::string> identity_changed;
        const RegistryIdentity& given = p.input.identity;
        for (auto [field, a, b] : {std::tuple<const char*, const std::string*, const std::string*>{
                                       "name", &held.name, &given.name},
                                   {"id_number", &held.id_number, &given.id_number},
                                   {"birth_date", &held.birth_date, &given.birth_date},
                                   {"address", &held.address, &given.address},
                                   {"guardians", &held.guardians, &given.guardians},
                                   {"phone", &held.phone, &given.phone},
                                   {"school", &held.school, &given.school},
                                   {"student_no", &held.student_no, &given.student_no}}) {
          if (*a != *b) identity_changed.push_back(field);
        }
        if (changes.empty() && identity_changed.empty()) {
          ++out.unchanged;
          continue;
        }
        next.interval_days = IntervalFor(next, today.ToString());
        next.updated_at = now;
        SHOUHU_ASSIGN_OR_RETURN(bool updated,
                                storage::registry_store::Update(tx, next, existing->version));
        if (!updated) return Status::PreconditionFailed("stale_version");
        if (!identity_changed.empty()) {
          IndexIdentity(given, next);
          SHOUHU_RETURN_IF_ERROR(SealIdentity(given, next));
          SHOUHU_RETURN_IF_ERROR(storage::registry_store::UpdateIdentity(tx, next));
        }
        SHOUHU_RETURN_IF_ERROR(storage::registry_history_store::Insert(
                                   tx, {.entry_id = next.id,
                                        .at = now,
                                        .user_id = actor.user_id,
                                        .unit_id = unit->id,
                                        .change = ChangeJson(changes, identity_changed)})
                                   .status());
        ++out.updated;
      }
      out.stored = out.created + out.updated > 0;
    }
    return Record(
        tx, clock_, actor,
        Event(actor, action, "registry", 0, "ok",
              fmt::format("{} rows={} errors={} created={} updated={} unchanged={}", detail_mode,
                          out.rows, out.errors.size(), out.created, out.updated, out.unchanged)));
  }));
  if (!refused.ok()) return Deny(actor, action, 0, refused);
  return out;
}

Result<RegistryPage> PreventionService::ListEntries(const Actor& actor, const std::string& state,
                                                    int64_t before, int limit) {
  if (state != "active" && state != "closed") return Status::InvalidField("state", "unknown_value");
  RegistryPage page;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto scope, ScopeOf(tx, actor));
    SHOUHU_ASSIGN_OR_RETURN(
        auto rows,
        storage::registry_store::Page(tx, scope.unit_id, scope.district, state, before, limit + 1));
    if (static_cast<int>(rows.size()) > limit) {
      rows.resize(limit);
      page.next_before = rows.back().id;
    }
    SHOUHU_ASSIGN_OR_RETURN(
        page.total, storage::registry_store::Count(tx, scope.unit_id, scope.district, state));
    for (const auto& r : rows) {
      SHOUHU_ASSIGN_OR_RETURN(auto v, ViewOf(tx, r, false, false));
      page.entries.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(
      RecordRead(db_, clock_, actor,
                 Event(actor, "registry.list", "registry", 0, "ok",
                       fmt::format("state={} rows={}", state, page.entries.size()))));
  return page;
}

Result<RegistryPage> PreventionService::SearchEntries(const Actor& actor, const std::string& name,
                                                      const std::string& id_number,
                                                      const std::string& student_no, int limit) {
  if (Blank(name) && Blank(id_number) && Blank(student_no))
    return Status::InvalidField("name", "required");
  FieldErrors errors;
  CheckText(errors, "name", name, 50);
  CheckText(errors, "id_number", id_number, 30);
  CheckText(errors, "student_no", student_no, 40);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  const security::SecretKey& key = keys_.blind_index_key();
  const std::string name_index = Blank(name) ? "" : security::NameIndex(key, name);
  const std::string id_index = Blank(id_number) ? "" : security::IdNumberIndex(key, id_number);
  const std::string student_index =
      Blank(student_no) ? "" : security::BlindIndex(key, "student_no", student_no);
  RegistryPage page;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto scope, ScopeOf(tx, actor));
    SHOUHU_ASSIGN_OR_RETURN(
        auto rows, storage::registry_store::Search(tx, scope.unit_id, scope.district, name_index,
                                                   id_index, student_index, limit));
    for (const auto& r : rows) {
      SHOUHU_ASSIGN_OR_RETURN(auto v, ViewOf(tx, r, false, false));
      page.entries.push_back(std::move(v));
    }
    page.total = static_cast<int64_t>(page.entries.size());
    return Status::Ok();
  }));
  // The audit names what was searched by, never the value searched for.
  std::string by;
  if (!name_index.empty()) by += "name ";
  if (!id_index.empty()) by += "id_number ";
  if (!student_index.empty()) by += "student_no ";
  SHOUHU_RETURN_IF_ERROR(RecordRead(db_, clock_, actor,
                                    Event(actor, "registry.search", "registry", 0, "ok",
                                          fmt::format("by={}rows={}", by, page.entries.size()))));
  return page;
}

Result<RegistryEntryView> PreventionService::GetEntry(const Actor& actor, int64_t id) {
  SHOUHU_ASSIGN_OR_RETURN(auto entry, LoadEntry(actor, id, "registry.read", nullptr));
  RegistryEntryView out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, entry, false, true));
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(
      RecordRead(db_, clock_, actor, Event(actor, "registry.read", "registry_entry", id, "ok")));
  return out;
}

Result<RegistryEntryView> PreventionService::UnmaskEntry(const Actor& actor, int64_t id,
                                                         const std::string& reason) {
  const std::string action = "registry.unmask";
  if (Blank(reason)) return Status::InvalidField("reason", "required");
  FieldErrors errors;
  CheckText(errors, "reason", reason, kMaxReasonChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  SHOUHU_ASSIGN_OR_RETURN(auto entry, LoadEntry(actor, id, action, nullptr));
  RegistryEntryView out;
  // The reason goes into the audit row, which commits before the identity is answered.
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(Record(
        tx, clock_, actor, Event(actor, action, "registry_entry", id, "ok", "reason=" + reason)));
    SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, entry, true, false));
    return Status::Ok();
  }));
  return out;
}

Result<RegistryEntryView> PreventionService::UpdateEntry(const Actor& actor, int64_t id,
                                                         int64_t expected_version,
                                                         const RegistryInput& given) {
  const std::string action = "registry.update";
  RegistryInput in = given;
  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  FieldErrors errors;
  ValidateIdentity(errors, in.identity, today, false);
  for (const char* f : {"name"}) {
    if (in.Sent(f) && Blank(in.identity.name)) errors.emplace(f, "required");
  }
  if (in.Sent("grade")) CheckText(errors, "grade", in.grade, 20);
  if (in.Sent("family_situations"))
    CheckCodes(errors, "family_situations", in.family_situations, domain::FamilySituations());
  if (in.Sent("caregiver") && !in.caregiver.empty() &&
      !domain::IsPreventionCode(domain::Caregivers(), in.caregiver))
    errors.emplace("caregiver", "unknown_value");
  if (in.Sent("disability_type") && !in.disability_type.empty() &&
      !domain::IsPreventionCode(domain::DisabilityTypes(), in.disability_type))
    errors.emplace("disability_type", "unknown_value");
  if (in.Sent("disability_grade") && (in.disability_grade < 0 || in.disability_grade > 4))
    errors.emplace("disability_grade", "out_of_range");
  if (in.Sent("vulnerability_classes") &&
      !enumerations_
           .CheckAll("vulnerability_classes", "vulnerability_class", in.vulnerability_classes)
           .ok())
    errors.emplace("vulnerability_classes", "unknown_value");
  if (in.Sent("risk_level") && !enumerations_.Contains("risk_level", in.risk_level))
    errors.emplace("risk_level", "unknown_value");
  if (in.Sent("state") && in.state != "active" && in.state != "closed")
    errors.emplace("state", "unknown_value");
  CheckText(errors, "reason", in.reason, kMaxReasonChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  Permit permit;
  SHOUHU_ASSIGN_OR_RETURN(auto entry, LoadEntry(actor, id, action, &permit));
  RegistryEntryView out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto current, storage::registry_store::FindById(tx, id));
    if (!current) return Status::NotFound("registry_entry_not_found");
    if (current->version != expected_version) return Status::PreconditionFailed("stale_version");
    RegistryEntryRecord next = *current;
    std::map<std::string, std::pair<std::string, std::string>> changes;
    auto set = [&](const char* field, std::string& target, const std::string& value) {
      if (!in.Sent(field) || target == value) return;
      changes[field] = {target, value};
      target = value;
    };
    set("grade", next.grade, in.grade);
    set("family_situations", next.family_situations, Join(in.family_situations));
    set("caregiver", next.caregiver, in.caregiver);
    set("disability_type", next.disability_type, in.disability_type);
    if (in.Sent("disability_grade") && next.disability_grade != in.disability_grade) {
      changes["disability_grade"] = {std::to_string(next.disability_grade),
                                     std::to_string(in.disability_grade)};
      next.disability_grade = in.disability_grade;
    }
    set("vulnerability_classes", next.vulnerability_classes, Join(in.vulnerability_classes));
    const std::string old_risk = next.risk_level;
    set("risk_level", next.risk_level, in.risk_level);
    set("state", next.state, in.state);
    if (in.Sent("responsible_user")) {
      if (in.responsible_user) {
        SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindById(tx, *in.responsible_user));
        if (!user || user->unit_id != next.unit_id)
          return Status::InvalidField("responsible_user", "not_in_unit");
      }
      if (next.responsible_user != in.responsible_user) {
        changes["responsible_user"] = {
            next.responsible_user ? std::to_string(*next.responsible_user) : "",
            in.responsible_user ? std::to_string(*in.responsible_user) : ""};
        next.responsible_user = in.responsible_user;
      }
    }
    // A lower risk level and a closed entry need a reason.
    const bool downgrade = domain::IsRiskDowngrade(old_risk, next.risk_level);
    if ((downgrade || (changes.count("state") && next.state == "closed")) && Blank(in.reason))
      return Status::InvalidField("reason", "required");
    // Identity: the fields sent replace the stored ones.
    std::vector<std::string> identity_changed;
    SHOUHU_ASSIGN_OR_RETURN(RegistryIdentity identity, OpenIdentity(*current));
    auto set_identity = [&](const char* field, std::string& target, const std::string& value) {
      if (!in.Sent(field) || target == value) return;
      identity_changed.push_back(field);
      target = value;
    };
    set_identity("name", identity.name, in.identity.name);
    set_identity("id_number", identity.id_number, in.identity.id_number);
    set_identity("birth_date", identity.birth_date, in.identity.birth_date);
    set_identity("address", identity.address, in.identity.address);
    set_identity("guardians", identity.guardians, in.identity.guardians);
    set_identity("phone", identity.phone, in.identity.phone);
    set_identity("school", identity.school, in.identity.school);
    set_identity("student_no", identity.student_no, in.identity.student_no);
    if (!identity_changed.empty()) {
      IndexIdentity(identity, next);
      if (next.student_no_index != current->student_no_index && !next.student_no_index.empty()) {
        SHOUHU_ASSIGN_OR_RETURN(auto same, storage::registry_store::FindByStudentNo(
                                               tx, next.unit_id, next.student_no_index));
        if (same && same->id != id)
          return Status::Conflict("registry_entry_exists", {{"student_no", "taken"}});
      }
      if (next.id_number_index != current->id_number_index && !next.id_number_index.empty()) {
        SHOUHU_ASSIGN_OR_RETURN(auto same, storage::registry_store::FindByIdNumberInUnit(
                                               tx, next.unit_id, next.id_number_index));
        if (same && same->id != id)
          return Status::Conflict("registry_entry_exists", {{"id_number", "taken"}});
      }
    }
    if (changes.empty() && identity_changed.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, *current, false, true));
      return Record(tx, clock_, actor,
                    Event(actor, action, "registry_entry", id, "ok", "unchanged"));
    }
    // A new class can shorten the interval: the due date follows from the last visit.
    next.interval_days = IntervalFor(next, today.ToString());
    if (next.interval_days != current->interval_days) {
      auto base = domain::ParseCivilDate(next.last_visit_on.empty()
                                             ? domain::CivilDateShanghai(next.created_at).ToString()
                                             : next.last_visit_on);
      if (base.ok()) next.next_visit_due = domain::AddDays(*base, next.interval_days).ToString();
    }
    next.updated_at = now;
    SHOUHU_ASSIGN_OR_RETURN(bool updated,
                            storage::registry_store::Update(tx, next, expected_version));
    if (!updated) return Status::PreconditionFailed("stale_version");
    next.version = expected_version + 1;
    if (!identity_changed.empty()) {
      SHOUHU_RETURN_IF_ERROR(SealIdentity(identity, next));
      SHOUHU_RETURN_IF_ERROR(storage::registry_store::UpdateIdentity(tx, next));
    }
    if (next.state == "closed") {
      SHOUHU_RETURN_IF_ERROR(storage::registry_escalation_store::CloseForEntry(tx, id, now));
    }
    SHOUHU_ASSIGN_OR_RETURN(const int64_t history_id,
                            storage::registry_history_store::Insert(
                                tx, {.entry_id = id,
                                     .at = now,
                                     .user_id = actor.user_id,
                                     .unit_id = actor.unit_id,
                                     .change = ChangeJson(changes, identity_changed)}));
    if (!Blank(in.reason)) {
      SHOUHU_ASSIGN_OR_RETURN(
          Blob reason,
          security::Encrypt(keys_, in.reason, Ad("registry_history.reason", history_id), random_));
      SHOUHU_RETURN_IF_ERROR(storage::registry_history_store::SetReason(tx, history_id, reason));
    }
    std::string detail = "changed=";
    for (const auto& [field, _] : changes) detail += field + ",";
    for (const auto& field : identity_changed) detail += field + ",";
    if (downgrade) detail += " downgrade";
    SHOUHU_RETURN_IF_ERROR(
        Record(tx, clock_, actor, Event(actor, action, "registry_entry", id, "ok", detail)));
    SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, next, false, true));
    return Status::Ok();
  }));
  return out;
}

Result<RegistryPage> PreventionService::DueVisits(const Actor& actor, int days_ahead, int limit) {
  if (days_ahead < 0 || days_ahead > 366) return Status::InvalidField("days", "out_of_range");
  const domain::CivilDate today = domain::CivilDateShanghai(clock_.NowMillis());
  const std::string until = domain::AddDays(today, days_ahead).ToString();
  RegistryPage page;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto scope, ScopeOf(tx, actor));
    SHOUHU_ASSIGN_OR_RETURN(
        auto rows, storage::registry_store::Due(tx, scope.unit_id, scope.district, until, limit));
    for (const auto& r : rows) {
      SHOUHU_ASSIGN_OR_RETURN(auto v, ViewOf(tx, r, false, false));
      page.entries.push_back(std::move(v));
    }
    page.total = static_cast<int64_t>(page.entries.size());
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(RecordRead(db_, clock_, actor,
                                    Event(actor, "registry.due", "registry", 0, "ok",
                                          fmt::format("rows={}", page.entries.size()))));
  return page;
}

Result<RegistryEntryView> PreventionService::RecordVisit(const Actor& actor, int64_t id,
                                                         const VisitInput& in) {
  const std::string action = "registry.visit";
  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  FieldErrors errors;
  auto visited = CheckPastDate(errors, "visited_on", in.visited_on, today);
  CheckText(errors, "visitors", in.visitors, kMaxIdentityChars);
  static const std::vector<domain::PreventionCode> kSeen = {{"girl", "", ""},
                                                            {"guardian", "", ""},
                                                            {"caregiver", "", ""},
                                                            {"teacher", "", ""},
                                                            {"other", "", ""}};
  CheckCodes(errors, "seen", in.seen, kSeen);
  CheckText(errors, "findings", in.findings, kMaxNoteChars);
  CheckText(errors, "needs", in.needs, kMaxNoteChars);
  CheckText(errors, "follow_up", in.follow_up, kMaxNoteChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  SHOUHU_ASSIGN_OR_RETURN(auto entry, LoadEntry(actor, id, action, nullptr));
  if (entry.state != "active") return Status::Conflict("registry_entry_closed");
  RegistryEntryView out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto current, storage::registry_store::FindById(tx, id));
    if (!current) return Status::NotFound("registry_entry_not_found");
    const std::string on = visited->ToString();
    storage::RegistryVisitRecord visit{.entry_id = id,
                                       .visited_on = on,
                                       .unit_id = actor.unit_id,
                                       .user_id = actor.user_id,
                                       .visitors = in.visitors,
                                       .seen = Join(in.seen),
                                       .concern = in.concern,
                                       .on_time = on <= current->next_visit_due,
                                       .created_at = now};
    SHOUHU_ASSIGN_OR_RETURN(visit.id, storage::registry_visit_store::Insert(tx, visit));
    auto seal = [&](const std::string& plain, std::string_view column) -> Result<Blob> {
      if (plain.empty()) return Blob();
      return security::Encrypt(keys_, plain, Ad(column, visit.id), random_);
    };
    SHOUHU_ASSIGN_OR_RETURN(Blob findings, seal(in.findings, "registry_visits.findings"));
    SHOUHU_ASSIGN_OR_RETURN(Blob needs, seal(in.needs, "registry_visits.needs"));
    SHOUHU_ASSIGN_OR_RETURN(Blob follow_up, seal(in.follow_up, "registry_visits.follow_up"));
    SHOUHU_RETURN_IF_ERROR(
        storage::registry_visit_store::SetSecrets(tx, visit.id, findings, needs, follow_up));
    // A visit dated before the latest one recorded does not move the clock back.
    RegistryEntryRecord next = *current;
    if (next.last_visit_on.empty() || next.last_visit_on < on) {
      next.last_visit_on = on;
      next.interval_days = IntervalFor(next, today.ToString());
      next.next_visit_due = domain::AddDays(*visited, next.interval_days).ToString();
    }
    next.updated_at = now;
    SHOUHU_ASSIGN_OR_RETURN(bool updated,
                            storage::registry_store::Update(tx, next, current->version));
    if (!updated) return Status::PreconditionFailed("stale_version");
    next.version = current->version + 1;
    SHOUHU_RETURN_IF_ERROR(storage::registry_escalation_store::CloseForEntry(tx, id, now));
    SHOUHU_RETURN_IF_ERROR(Record(tx, clock_, actor,
                                  Event(actor, action, "registry_entry", id, "ok",
                                        fmt::format("visit={} on_time={} concern={}", visit.id,
                                                    visit.on_time, visit.concern))));
    SHOUHU_ASSIGN_OR_RETURN(out, ViewOf(tx, next, false, true));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<VisitEscalationView>> PreventionService::Escalations(const Actor& actor,
                                                                        const std::string& state) {
  if (state != "open" && state != "closed") return Status::InvalidField("state", "unknown_value");
  std::vector<VisitEscalationView> out;
  const domain::CivilDate today = domain::CivilDateShanghai(clock_.NowMillis());
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit) return Status::PermissionDenied("forbidden");
    // Leaders and the coordinating unit see the district's; a keeper its own.
    std::optional<int64_t> unit_id;
    if (!(actor.role == Role::kLeader || unit->kind == "womens_federation" ||
          unit->kind == "civil_affairs"))
      unit_id = unit->id;
    SHOUHU_ASSIGN_OR_RETURN(auto rows, storage::registry_escalation_store::List(
                                           tx, unit_id, unit->district_code, state, 500));
    std::map<int64_t, storage::UnitRecord> units;
    for (const auto& e : rows) {
      VisitEscalationView v{.record = e};
      if (!units.count(e.unit_id)) {
        SHOUHU_ASSIGN_OR_RETURN(auto u, storage::unit_store::FindById(tx, e.unit_id));
        if (u) units[e.unit_id] = *u;
      }
      v.unit_code = units[e.unit_id].code;
      v.unit_name = units[e.unit_id].name;
      auto due = domain::ParseCivilDate(e.due_on);
      if (due.ok()) v.days_overdue = domain::DaysBetween(*due, today);
      out.push_back(std::move(v));
    }
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(RecordRead(db_, clock_, actor,
                                    Event(actor, "registry.escalations", "registry", 0, "ok",
                                          fmt::format("state={} rows={}", state, out.size()))));
  return out;
}

Result<int64_t> PreventionService::Sweep() {
  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  // Overdue longer than the grace: due before today - grace.
  const std::string cutoff = domain::AddDays(today, -intervals_.escalation_grace_days).ToString();
  int64_t raised = 0;
  int64_t after = 0;
  constexpr int kBatch = 500;
  for (;;) {
    std::vector<RegistryEntryRecord> rows;
    SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(rows,
                              storage::registry_store::OverdueScan(tx, cutoff, after, kBatch));
      return Status::Ok();
    }));
    if (rows.empty()) break;
    after = rows.back().id;
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      for (const auto& r : rows) {
        SHOUHU_ASSIGN_OR_RETURN(bool fresh, storage::registry_escalation_store::Raise(
                                                tx, {.entry_id = r.id,
                                                     .unit_id = r.unit_id,
                                                     .district_code = r.district_code,
                                                     .due_on = r.next_visit_due,
                                                     .raised_at = now}));
        if (!fresh) continue;
        ++raised;
        SHOUHU_RETURN_IF_ERROR(audit::Append(tx, clock_,
                                             {.action = "registry.escalate",
                                              .object_type = "registry_entry",
                                              .object_id = std::to_string(r.id),
                                              .result = "ok",
                                              .client_address = "clock",
                                              .detail = "due_on=" + r.next_visit_due}));
      }
      return Status::Ok();
    }));
    if (static_cast<int>(rows.size()) < kBatch) break;
  }
  return raised;
}

// ---- activities ----

Result<storage::ActivityRecord> PreventionService::RecordActivity(const Actor& actor,
                                                                  const ActivityInput& in) {
  const std::string action = "activity.record";
  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  FieldErrors errors;
  if (in.kind.empty()) {
    errors.emplace("kind", "required");
  } else if (!domain::IsPreventionCode(domain::ActivityKinds(), in.kind)) {
    errors.emplace("kind", "unknown_value");
  }
  auto held = CheckPastDate(errors, "held_on", in.held_on, today);
  CheckText(errors, "place", in.place, 200);
  CheckText(errors, "materials", in.materials, 1000);
  CheckText(errors, "note", in.note, kMaxNoteChars);
  if (in.audiences.empty()) errors.emplace("audiences", "required");
  CheckCodes(errors, "audiences", in.audiences, domain::ActivityAudiences());
  int64_t total = 0;
  boost::json::object counts;
  for (const auto& c : in.participants) {
    if (!domain::IsPreventionCode(domain::ActivityAudiences(), c.audience)) {
      errors.emplace("participants", "unknown_value");
      break;
    }
    if (c.n < 0 || c.n > 100000) {
      errors.emplace("participants", "out_of_range");
      break;
    }
    std::string key = c.audience;
    if (c.audience == "students") {
      if ((c.sex != "female" && c.sex != "male") ||
          std::find(domain::ParticipantAgeBands().begin(), domain::ParticipantAgeBands().end(),
                    c.age_band) == domain::ParticipantAgeBands().end()) {
        errors.emplace("participants", "bad_format");
        break;
      }
      key += "." + c.sex + "." + c.age_band;
    } else if (!c.sex.empty() || !c.age_band.empty()) {
      errors.emplace("participants", "not_applicable");
      break;
    }
    if (counts.contains(key)) {
      errors.emplace("participants", "duplicate");
      break;
    }
    counts[key] = c.n;
    total += c.n;
  }
  if (in.co_organisers.size() > 20) errors.emplace("co_organisers", "too_many");
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  storage::ActivityRecord out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit) return Status::PermissionDenied("forbidden");
    for (const auto& code : in.co_organisers) {
      SHOUHU_ASSIGN_OR_RETURN(auto u, storage::unit_store::FindByCode(tx, code));
      if (!u) return Status::InvalidField("co_organisers", "unknown_unit");
    }
    out = {.unit_id = unit->id,
           .district_code = unit->district_code,
           .kind = in.kind,
           .held_on = held->ToString(),
           .place = in.place,
           .co_organisers = Join(in.co_organisers),
           .audiences = Join(in.audiences),
           .participants = boost::json::serialize(counts),
           .participants_total = total,
           .materials = in.materials,
           .note = in.note,
           .created_by = actor.user_id,
           .created_at = now};
    SHOUHU_ASSIGN_OR_RETURN(out.id, storage::activity_store::Insert(tx, out));
    return Record(tx, clock_, actor,
                  Event(actor, action, "activity", out.id, "ok",
                        fmt::format("kind={} participants={}", in.kind, total)));
  }));
  return out;
}

Result<std::vector<storage::ActivityRecord>> PreventionService::ListActivities(const Actor& actor,
                                                                               int64_t before,
                                                                               int limit) {
  std::vector<storage::ActivityRecord> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto scope, ScopeOf(tx, actor));
    std::optional<int64_t> unit_id = scope.unit_id;
    if (actor.role == Role::kLeader) unit_id.reset();
    SHOUHU_ASSIGN_OR_RETURN(
        out, storage::activity_store::Page(tx, unit_id, scope.district, before, limit));
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(RecordRead(
      db_, clock_, actor,
      Event(actor, "activity.list", "activities", 0, "ok", fmt::format("rows={}", out.size()))));
  return out;
}

// ---- 入职查询 ----

Result<StaffCheckView> PreventionService::RecordStaffCheck(const Actor& actor,
                                                           const StaffCheckInput& given) {
  const std::string action = "staff_check.record";
  StaffCheckInput in = given;
  const int64_t now = clock_.NowMillis();
  const domain::CivilDate today = domain::CivilDateShanghai(now);
  FieldErrors errors;
  if (Blank(in.name)) errors.emplace("name", "required");
  CheckText(errors, "name", in.name, 50);
  if (in.id_number.empty()) {
    errors.emplace("id_number", "required");
  } else {
    // Staff are adults of either sex: the number is checked for shape and check digit only.
    auto info = domain::ParseIdNumber(in.id_number, today);
    if (!info.ok()) {
      const auto& f = info.status().fields();
      errors.emplace("id_number", f.empty() ? "bad_format" : f.begin()->second);
    } else {
      in.id_number = info->normalised;
    }
  }
  CheckText(errors, "position", in.position, 100);
  if (!domain::IsPreventionCode(domain::StaffCheckKinds(), in.kind))
    errors.emplace("kind", in.kind.empty() ? "required" : "unknown_value");
  if (!domain::IsPreventionCode(domain::StaffCheckResults(), in.result))
    errors.emplace("result", in.result.empty() ? "required" : "unknown_value");
  if (in.kind == "pre_hire" && in.result == "record_dismissed")
    errors.emplace("result", "not_applicable");
  if (in.kind == "yearly" && in.result == "record_not_hired")
    errors.emplace("result", "not_applicable");
  auto checked = CheckPastDate(errors, "checked_on", in.checked_on, today);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  StaffCheckView out;
  Status refused = Status::Ok();
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit || !domain::RunsStaffChecks(unit->kind)) {
      refused = Status::PermissionDenied("forbidden");
      return Status::Ok();
    }
    storage::StaffCheckRecord r{.unit_id = unit->id,
                                .district_code = unit->district_code,
                                .id_number_index = security::BlindIndex(
                                    keys_.blind_index_key(), "staff_id_number", in.id_number),
                                .position = in.position,
                                .kind = in.kind,
                                .checked_on = checked->ToString(),
                                .result = in.result,
                                .checked_by = actor.user_id,
                                .created_at = now};
    // Someone still employed (no record found) is checked again within the year.
    if (in.result == "no_record")
      r.next_due_on = domain::AddDays(*checked, intervals_.staff_recheck_days).ToString();
    SHOUHU_ASSIGN_OR_RETURN(auto previous,
                            storage::staff_check_store::CurrentOf(tx, unit->id, r.id_number_index));
    if (previous && previous->checked_on > r.checked_on)
      return Status::InvalidField("checked_on", "before_last_check");
    SHOUHU_ASSIGN_OR_RETURN(r.id, storage::staff_check_store::Insert(tx, r));
    SHOUHU_ASSIGN_OR_RETURN(
        r.name, security::Encrypt(keys_, in.name, Ad("staff_checks.name", r.id), random_));
    SHOUHU_ASSIGN_OR_RETURN(
        r.id_number,
        security::Encrypt(keys_, in.id_number, Ad("staff_checks.id_number", r.id), random_));
    SHOUHU_RETURN_IF_ERROR(storage::staff_check_store::SetIdentity(tx, r.id, r.name, r.id_number));
    SHOUHU_RETURN_IF_ERROR(Record(tx, clock_, actor,
                                  Event(actor, action, "staff_check", r.id, "ok",
                                        fmt::format("kind={} result={}", r.kind, r.result))));
    out = {.record = r,
           .name = domain::MaskName(in.name),
           .id_number = domain::MaskIdNumber(in.id_number),
           .unit_code = unit->code};
    return Status::Ok();
  }));
  if (!refused.ok()) {
    return RecordDenied(db_, clock_, actor,
                        Event(actor, action, "staff_check", 0, "denied", "unit_kind"), refused);
  }
  return out;
}

Result<std::vector<StaffCheckView>> PreventionService::ListStaffChecks(const Actor& actor,
                                                                       bool overdue_only,
                                                                       int limit) {
  std::vector<StaffCheckView> out;
  const std::string today = Today();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit) return Status::PermissionDenied("forbidden");
    // The unit's own checks and, for an education bureau, those of the units below it (its
    // schools): relation kDistrictEducation.
    std::vector<storage::UnitRecord> units = {*unit};
    if (unit->kind == "education") {
      SHOUHU_ASSIGN_OR_RETURN(auto all, storage::unit_store::List(tx));
      for (const auto& u : all) {
        if (u.parent_id && *u.parent_id == unit->id) units.push_back(u);
      }
    }
    for (const auto& u : units) {
      SHOUHU_ASSIGN_OR_RETURN(
          auto rows, overdue_only ? storage::staff_check_store::Overdue(tx, u.id, "", today, limit)
                                  : storage::staff_check_store::Page(tx, u.id, "", 0, limit));
      for (auto& r : rows) {
        StaffCheckView v{.record = r, .unit_code = u.code};
        SHOUHU_ASSIGN_OR_RETURN(std::string name,
                                security::Decrypt(keys_, r.name, Ad("staff_checks.name", r.id)));
        SHOUHU_ASSIGN_OR_RETURN(
            std::string id_number,
            security::Decrypt(keys_, r.id_number, Ad("staff_checks.id_number", r.id)));
        v.name = domain::MaskName(name);
        v.id_number = domain::MaskIdNumber(id_number);
        v.overdue = r.current && !r.next_due_on.empty() && r.next_due_on < today;
        out.push_back(std::move(v));
      }
    }
    std::sort(out.begin(), out.end(), [](const StaffCheckView& a, const StaffCheckView& b) {
      return a.record.id > b.record.id;
    });
    if (static_cast<int>(out.size()) > limit) out.resize(limit);
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(
      RecordRead(db_, clock_, actor,
                 Event(actor, "staff_check.list", "staff_checks", 0, "ok",
                       fmt::format("overdue={} rows={}", overdue_only, out.size()))));
  return out;
}

// ---- statistics ----

Result<PreventionStats> PreventionService::Stats(const Actor& actor, int year) {
  if (year == 0) year = domain::CivilDateShanghai(clock_.NowMillis()).year;
  if (year < 2000 || year > 2100) return Status::InvalidField("year", "out_of_range");
  PreventionStats out;
  out.year = year;
  // Analysts are outside the district's leadership: small cells are withheld from them.
  out.suppressed_view = actor.role == Role::kAnalyst;
  const std::string from = fmt::format("{:04d}-01-01", year);
  const std::string to = fmt::format("{:04d}-01-01", year + 1);
  const std::string today = Today();
  auto cell = [&](std::vector<std::string> keys, int64_t n) {
    PreventionStats::Cell c{.keys = std::move(keys)};
    if (!out.suppressed_view || n == 0 || n >= kSuppressBelow) c.n = n;
    return c;
  };
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (!unit) return Status::PermissionDenied("forbidden");
    out.district_code = unit->district_code;
    std::map<std::string, std::string> codes;
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    for (const auto& u : units) codes[std::to_string(u.id)] = u.code;
    auto code = [&](const std::string& id) { return codes.count(id) ? codes[id] : id; };
    // Registry: one girl counts once per class she has ("none" when she has none).
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::registry_store::StatsGroups(tx, out.district_code));
    std::map<std::vector<std::string>, int64_t> registry;
    for (const auto& g : groups) {
      auto classes = Split(g.a);
      if (classes.empty()) classes.push_back("none");
      for (const auto& c : classes) registry[{c, code(g.b), g.c}] += g.n;
    }
    for (const auto& [keys, n] : registry) out.registry.push_back(cell(keys, n));
    SHOUHU_ASSIGN_OR_RETURN(auto visits,
                            storage::registry_visit_store::Stats(tx, out.district_code, from, to));
    for (const auto& v : visits)
      out.visits.push_back(cell({code(v.a), v.b == "1" ? "on_time" : "late"}, v.n));
    SHOUHU_ASSIGN_OR_RETURN(auto due,
                            storage::registry_store::StatsDue(tx, out.district_code, today));
    for (const auto& d : due) out.visits_overdue.push_back(cell({code(d.a)}, d.n));
    SHOUHU_ASSIGN_OR_RETURN(auto activities,
                            storage::activity_store::Stats(tx, out.district_code, from, to));
    for (const auto& a : activities) {
      // Activities and their participants are not about any one girl: never withheld.
      out.activities.push_back({.keys = {a.a, code(a.b)}, .n = a.n});
      out.participants.push_back({.keys = {a.a, code(a.b)}, .n = std::stoll(a.c)});
    }
    SHOUHU_ASSIGN_OR_RETURN(auto checks,
                            storage::staff_check_store::Stats(tx, out.district_code, from, to));
    for (const auto& c : checks) out.staff_checks.push_back(cell({code(c.a), c.b}, c.n));
    SHOUHU_ASSIGN_OR_RETURN(auto overdue,
                            storage::staff_check_store::StatsOverdue(tx, out.district_code, today));
    for (const auto& o : overdue) out.staff_overdue.push_back(cell({code(o.a)}, o.n));
    return Status::Ok();
  }));
  SHOUHU_RETURN_IF_ERROR(
      RecordRead(db_, clock_, actor,
                 Event(actor, "prevention.stats", "stats", 0, "ok", fmt::format("year={}", year))));
  return out;
}

}  // namespace shouhu::service
