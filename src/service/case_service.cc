#include "service/case_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "audit/audit_log.h"
#include "domain/account_rules.h"
#include "domain/masking.h"
#include "domain/utf8.h"
#include "security/blind_index.h"
#include "security/field_cipher.h"
#include "service/request_audit.h"
#include "storage/case_stores.h"
#include "storage/stores.h"
#include "storage/workflow_stores.h"

namespace shouhu::service {
namespace {

using domain::Role;
using storage::Blob;
using storage::Tx;

constexpr int kMaxReasonChars = 500;
constexpr int kRotationBatch = 200;
constexpr int kMaxListPage = 200;
constexpr int64_t kMillisPerHour = 3'600'000;
constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;
constexpr int kMaxMatchedChildren = 20;  // a common name must not make each intake read hundreds

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}

std::string Ad(std::string_view column, int64_t id) {
  return security::FieldAssociatedData(column, std::to_string(id));
}

audit::Event CaseEvent(const Actor& actor, const std::string& action, int64_t case_id,
                       const std::string& result, std::string detail = {}) {
  audit::Event e{.user_id = actor.user_id,
                 .action = action,
                 .object_type = "case",
                 .object_id = case_id > 0 ? std::to_string(case_id) : "",
                 .result = result,
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

Result<std::string> UnitDistrict(Tx& tx, const Actor& actor) {
  if (actor.is_command_line()) return std::string();
  SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
  return unit ? unit->district_code : std::string();
}

// The district's coordinating unit (its women's federation office), if it has one.
Result<std::optional<int64_t>> CoordinatingUnit(Tx& tx, const std::string& district) {
  SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
  for (const auto& u : units) {
    if (u.kind == "womens_federation" && u.district_code == district)
      return std::optional<int64_t>(u.id);
  }
  return std::optional<int64_t>();
}

Status AddEvent(Tx& tx, const Actor& actor, int64_t case_id, int64_t at, std::string kind,
                std::string detail = "{}") {
  storage::CaseEventRecord e{.case_id = case_id,
                             .at = at,
                             .user_id = actor.user_id,
                             .kind = std::move(kind),
                             .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return storage::case_event_store::Append(tx, e);
}

std::string_view IntakeAction(domain::IntakeKind kind) {
  switch (kind) {
    case domain::IntakeKind::kMandatoryReport:
      return "report.create";
    case domain::IntakeKind::kHotline:
      return "hotline.log";
    case domain::IntakeKind::kCase:
      break;
  }
  return "case.create";
}

bool MayFile(const Actor& actor, domain::IntakeKind kind) {
  return !actor.is_command_line() && security::RoleMayAttempt(IntakeAction(kind), actor.role);
}

// Tells the users of `unit_id` (a coordinating unit) of a possible match on `case_id`: the case
// number and the kind only, like every notification.
Status NotifyUnit(Tx& tx, int64_t unit_id, const std::string& kind, int64_t case_id, int64_t now) {
  SHOUHU_ASSIGN_OR_RETURN(auto users, storage::notification_store::UsersOfUnit(tx, unit_id));
  for (int64_t user : users) {
    SHOUHU_RETURN_IF_ERROR(
        storage::notification_store::Insert(
            tx, {.user_id = user, .kind = kind, .case_id = case_id, .created_at = now})
            .status());
  }
  return Status::Ok();
}

}  // namespace

struct CaseService::Loaded {
  CaseView view = CaseView::kNone;
  CasePermit permit;
  storage::CaseRecord record;
  storage::ChildRecord child;
  std::vector<storage::IncidentRecord> incidents;
};

CaseService::CaseService(storage::Database& db, const Clock& clock, Random& random,
                         const security::KeyRing& keys, const domain::Enumerations& enumerations,
                         CaseOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      keys_(keys),
      enumerations_(enumerations),
      options_(std::move(options)) {}

Result<std::string> CaseService::Open(const Blob& blob, const std::string& ad) const {
  if (blob.empty()) return std::string();
  return security::Decrypt(keys_, blob, ad);
}

Result<IntakeOutcome> CaseService::Intake(const Actor& actor, domain::IntakeInput input,
                                          domain::IntakeKind kind,
                                          const std::optional<IdempotencyKey>& idempotency) {
  const int64_t now = clock_.NowMillis();
  if (!MayFile(actor, kind)) {
    return RecordDenied(db_, clock_, actor, CaseEvent(actor, "case.create", 0, "denied", "role"),
                        Status::PermissionDenied("forbidden"));
  }
  SHOUHU_ASSIGN_OR_RETURN(
      auto valid, domain::ValidateIntake(std::move(input), kind,
                                         {.enumerations = &enumerations_, .now_millis = now}));
  const domain::ChildInput& c = valid.input.child;
  const security::SecretKey& index_key = keys_.blind_index_key();
  const std::string id_index =
      c.id_number.empty() ? "" : security::IdNumberIndex(index_key, c.id_number);
  const std::string name_birth_index =
      c.name.empty() || c.birth_date.empty()
          ? ""
          : security::BlindIndex(index_key, "name_birth",
                                 security::NormaliseName(c.name) + "|" + c.birth_date);
  const std::string idem_key = idempotency
                                   ? Sha256Hex(fmt::format("{}|{}|{}", actor.user_id.value_or(0),
                                                           idempotency->endpoint, idempotency->key))
                                   : "";

  IntakeOutcome out;
  int64_t case_id = 0;
  struct PendingMatch {
    int64_t other_case_id;
    std::string district_code;
    std::string reason;
  };
  std::vector<PendingMatch> pending_matches;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (idempotency) {
      SHOUHU_ASSIGN_OR_RETURN(auto seen, storage::idempotency_store::Find(tx, idem_key));
      if (seen) {
        if (seen->request_hash != idempotency->request_hash)
          return Status::Unprocessable("idempotency_key_reused");
        out.replayed = true;
        case_id = std::stoll(seen->response);
        return Status::Ok();
      }
    }
    // A district with no coordinating unit here is a typo or a place this deployment does not
    // serve: refused, so that no report silently lands where nobody looks.
    SHOUHU_ASSIGN_OR_RETURN(auto coordinating, CoordinatingUnit(tx, c.district_code));
    if (!coordinating) return Status::InvalidField("child.district_code", "unknown_district");
    const int64_t lead_unit = *coordinating;

    // The girl as the filer described her: always a record of its own. A record already held for
    // the same girl (same ID number, or same name and birth date) is never shown to the filer nor
    // linked by her; it becomes a possible match for the coordinating unit that holds it.
    storage::ChildRecord child{.ethnicity = c.ethnicity,
                               .grade = c.grade,
                               .district_code = c.district_code,
                               .vulnerability_classes = Join(c.vulnerability_classes),
                               .created_at = now};
    SHOUHU_ASSIGN_OR_RETURN(const int64_t child_id, storage::child_store::Insert(tx, child));
    child.id = child_id;
    auto seal = [&](const std::string& plain, std::string_view column, Blob* out_blob) -> Status {
      if (plain.empty()) return Status::Ok();
      SHOUHU_ASSIGN_OR_RETURN(*out_blob,
                              security::Encrypt(keys_, plain, Ad(column, child_id), random_));
      return Status::Ok();
    };
    SHOUHU_RETURN_IF_ERROR(seal(c.name, "child.name", &child.name));
    SHOUHU_RETURN_IF_ERROR(seal(c.id_number, "child.id_number", &child.id_number));
    SHOUHU_RETURN_IF_ERROR(seal(c.birth_date, "child.birth_date", &child.birth_date));
    SHOUHU_RETURN_IF_ERROR(seal(c.address, "child.address", &child.address));
    SHOUHU_RETURN_IF_ERROR(seal(c.school, "child.school", &child.school));
    SHOUHU_RETURN_IF_ERROR(seal(c.guardian, "child.guardian", &child.guardian));
    SHOUHU_RETURN_IF_ERROR(seal(c.phone, "child.phone", &child.phone));
    child.id_number_index = id_index;
    child.name_birth_index = name_birth_index;
    child.name_tokens = security::NameBigramIndexes(index_key, c.name);
    SHOUHU_RETURN_IF_ERROR(storage::child_store::UpdateIdentity(tx, child));

    std::vector<std::pair<int64_t, std::string>> matched;  // (child id, reason)
    if (!id_index.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(auto same_id,
                              storage::child_store::FindByIdNumberIndex(tx, id_index));
      for (const auto& other : same_id)
        if (other.id != child_id) matched.emplace_back(other.id, "id_number");
    }
    if (!name_birth_index.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(auto similar,
                              storage::child_store::FindByNameBirthIndex(tx, name_birth_index));
      for (const auto& other : similar) {
        const bool seen = std::any_of(matched.begin(), matched.end(),
                                      [&](const auto& m) { return m.first == other.id; });
        if (other.id != child_id && !seen) matched.emplace_back(other.id, "name_and_birth_date");
      }
    }
    if (matched.size() > kMaxMatchedChildren) matched.resize(kMaxMatchedChildren);
    pending_matches.clear();
    for (const auto& [other_child, reason] : matched) {
      SHOUHU_ASSIGN_OR_RETURN(auto cases, storage::case_store::ListByChild(tx, other_child));
      for (const auto& k : cases) pending_matches.push_back({k.id, k.district_code, reason});
    }

    const int year = domain::CivilDateShanghai(valid.reported_at).year;
    SHOUHU_ASSIGN_OR_RETURN(const int64_t seq,
                            storage::case_store::NextNumber(tx, options_.case_number_prefix, year));
    storage::CaseRecord record{
        .case_number = fmt::format("{}-{}-{:06d}", options_.case_number_prefix, year, seq),
        .child_id = child_id,
        .harm_types = Join(valid.input.harm_types),
        .aggravating_flags = Join(valid.input.aggravating_flags),
        .intake_channel = valid.input.intake_channel,
        .reporter_category = valid.input.reporter_category,
        .situation_code = valid.input.situation_code,
        .discovered_at = valid.discovered_at,
        .reported_at = valid.reported_at,
        .late =
            valid.reported_at - valid.discovered_at > options_.late_report_hours * kMillisPerHour,
        .lead_unit_id = lead_unit,
        .district_code = c.district_code,
        .legal_basis = valid.input.legal_basis,
        .age_at_incident = valid.age_at_incident,
        .created_by_user = actor.user_id.value_or(0),
        .created_by_unit = actor.unit_id,
        .via_mandatory_report = kind == domain::IntakeKind::kMandatoryReport,
        .created_at = now,
        .updated_at = now};
    SHOUHU_ASSIGN_OR_RETURN(case_id, storage::case_store::Insert(tx, record));

    const domain::IncidentInput& i = valid.input.incident;
    storage::IncidentRecord incident{.case_id = case_id,
                                     .occurred_on = valid.occurred_on.ToString(),
                                     .place_type = i.place_type,
                                     .district_code = i.district_code,
                                     .online = i.online,
                                     .perpetrator_relationship = i.perpetrator_relationship,
                                     .perpetrator_count = i.perpetrator_count};
    SHOUHU_ASSIGN_OR_RETURN(const int64_t incident_id,
                            storage::incident_store::Insert(tx, incident));
    if (!i.narrative.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(
          auto sealed,
          security::Encrypt(keys_, i.narrative, Ad("incident.narrative", incident_id), random_));
      SHOUHU_RETURN_IF_ERROR(storage::incident_store::UpdateNarrative(tx, incident_id, sealed));
    }
    // The unit that took the report keeps sight of it for a while (a school sees its own report
    // through the reporter view instead); a task given to it later keeps it for as long as the
    // task is open.
    if (actor.unit_id != lead_unit && kind != domain::IntakeKind::kMandatoryReport) {
      SHOUHU_RETURN_IF_ERROR(storage::case_grant_store::Grant(
          tx, {.case_id = case_id,
               .unit_id = actor.unit_id,
               .reason = "intake",
               .granted_at = now,
               .granted_by = actor.user_id.value_or(0),
               .expires_at = now + options_.grant_days * kMillisPerDay,
               .legal_basis = "statutory_duty"}));
    }
    // Possible matches: recorded for the coordinating unit holding the older record (and, across
    // districts, this case's own), who are told by case number only.
    std::vector<int64_t> told;
    for (const auto& m : pending_matches) {
      SHOUHU_RETURN_IF_ERROR(
          storage::child_match_store::Insert(tx, {.case_id = case_id,
                                                  .other_case_id = m.other_case_id,
                                                  .reason = m.reason,
                                                  .created_at = now}));
      SHOUHU_ASSIGN_OR_RETURN(auto holder, CoordinatingUnit(tx, m.district_code));
      if (holder && std::find(told.begin(), told.end(), *holder) == told.end()) {
        told.push_back(*holder);
        SHOUHU_RETURN_IF_ERROR(NotifyUnit(tx, *holder, "possible_match", m.other_case_id, now));
      }
      if (m.district_code != c.district_code &&
          std::find(told.begin(), told.end(), lead_unit) == told.end()) {
        told.push_back(lead_unit);
        SHOUHU_RETURN_IF_ERROR(NotifyUnit(tx, lead_unit, "possible_match", case_id, now));
      }
    }
    SHOUHU_RETURN_IF_ERROR(
        AddEvent(tx, actor, case_id, now, "created",
                 fmt::format(R"({{"channel":"{}","late":{}}})", record.intake_channel,
                             record.late ? "true" : "false")));
    if (!pending_matches.empty()) {
      SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, case_id, now, "possible_match",
                                      fmt::format(R"({{"count":{}}})", pending_matches.size())));
    }
    SHOUHU_RETURN_IF_ERROR(Record(
        tx, clock_, actor, CaseEvent(actor, "case.create", case_id, "ok", record.intake_channel)));
    if (intake_listener_) {
      record.id = case_id;
      SHOUHU_RETURN_IF_ERROR(intake_listener_(tx, record));
    }
    if (idempotency) {
      SHOUHU_RETURN_IF_ERROR(
          storage::idempotency_store::Insert(tx, {.key = idem_key,
                                                  .request_hash = idempotency->request_hash,
                                                  .status = 201,
                                                  .response = std::to_string(case_id),
                                                  .created_at = now}));
    }
    return Status::Ok();
  }));
  SHOUHU_ASSIGN_OR_RETURN(out.detail, Get(actor, case_id));
  return out;
}

Result<HotlineCallOutcome> CaseService::LogCall(const Actor& actor, HotlineCallInput in,
                                                const std::optional<IdempotencyKey>& idempotency) {
  const int64_t now = clock_.NowMillis();
  if (!MayFile(actor, domain::IntakeKind::kHotline)) {
    return RecordDenied(db_, clock_, actor, CaseEvent(actor, "hotline.log", 0, "denied", "role"),
                        Status::PermissionDenied("forbidden"));
  }
  FieldErrors errors;
  auto received = domain::ParseDateTime(in.received_at, "received_at");
  if (!received.ok()) {
    errors.insert(received.status().fields().begin(), received.status().fields().end());
  } else if (*received > now) {
    errors.emplace("received_at", "in_future");
  }
  if (!in.caller_category.empty()) {
    Status s =
        enumerations_.Check("caller_category", domain::kReporterCategory, in.caller_category);
    if (!s.ok()) errors.insert(s.fields().begin(), s.fields().end());
  }
  if (in.district_code.empty()) {
    errors.emplace("district_code", "required");
  } else if (!domain::IsDistrictCode(in.district_code)) {
    errors.emplace("district_code", "bad_format");
  }
  const int summary_chars = domain::Utf8Length(in.summary);
  if (summary_chars < 0) {
    errors.emplace("summary", "invalid_utf8");
  } else if (summary_chars > 10'000) {
    errors.emplace("summary", "too_long");
  } else if (summary_chars == 0 && !in.open_case) {
    errors.emplace("summary", "required");
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  HotlineCallOutcome out;
  std::optional<int64_t> case_id;
  if (in.open_case) {
    SHOUHU_ASSIGN_OR_RETURN(auto opened, Intake(actor, std::move(*in.open_case),
                                                domain::IntakeKind::kHotline, idempotency));
    case_id = opened.detail.record.id;
    out.opened = std::move(opened);
  }
  const std::string idem_key =
      idempotency ? Sha256Hex(fmt::format("{}|{}#call|{}", actor.user_id.value_or(0),
                                          idempotency->endpoint, idempotency->key))
                  : "";
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (idempotency) {
      SHOUHU_ASSIGN_OR_RETURN(auto seen, storage::idempotency_store::Find(tx, idem_key));
      if (seen) {
        if (seen->request_hash != idempotency->request_hash)
          return Status::Unprocessable("idempotency_key_reused");
        out.call_id = std::stoll(seen->response);
        out.replayed = true;
        return Status::Ok();
      }
    }
    storage::HotlineCallRecord call{.received_at = *received,
                                    .operator_user = actor.user_id.value_or(0),
                                    .operator_unit = actor.unit_id,
                                    .caller_category = in.caller_category,
                                    .district_code = in.district_code,
                                    .case_id = case_id,
                                    .created_at = now};
    SHOUHU_ASSIGN_OR_RETURN(out.call_id, storage::hotline_store::Insert(tx, call));
    if (!in.summary.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(
          auto sealed,
          security::Encrypt(keys_, in.summary, Ad("hotline.summary", out.call_id), random_));
      SHOUHU_RETURN_IF_ERROR(storage::hotline_store::UpdateSummary(tx, out.call_id, sealed));
    }
    audit::Event event = CaseEvent(actor, "hotline.log", case_id.value_or(0), "ok");
    event.object_type = "hotline_call";
    event.object_id = std::to_string(out.call_id);
    if (case_id) event.detail = fmt::format("case_id={}", *case_id);
    SHOUHU_RETURN_IF_ERROR(Record(tx, clock_, actor, event));
    if (idempotency) {
      SHOUHU_RETURN_IF_ERROR(
          storage::idempotency_store::Insert(tx, {.key = idem_key,
                                                  .request_hash = idempotency->request_hash,
                                                  .status = 201,
                                                  .response = std::to_string(out.call_id),
                                                  .created_at = now}));
    }
    return Status::Ok();
  }));
  return out;
}

Result<CaseService::Loaded> CaseService::Load(const Actor& actor, int64_t case_id,
                                              const std::string& action, const std::string& reason,
                                              const ReadAlso& also) {
  // One read resolves the caller's relations and decides from the policy table; the audit row
  // (the request's one row) is written before anything is returned, whatever the outcome.
  Loaded loaded;
  bool found = false;
  const int64_t now = clock_.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto record, storage::case_store::FindById(tx, case_id));
    if (!record) return Status::Ok();
    found = true;
    SHOUHU_ASSIGN_OR_RETURN(loaded.permit, ResolveCase(tx, actor, *record, action, now));
    loaded.view = loaded.permit.view;
    if (loaded.view == CaseView::kNone) return Status::Ok();
    loaded.record = *record;
    if (also) SHOUHU_RETURN_IF_ERROR(also(tx, *record, loaded.permit, now));
    if (loaded.view == CaseView::kReceipt) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(auto child, storage::child_store::FindForReading(tx, record->child_id));
    if (child) loaded.child = std::move(*child);
    if (loaded.view == CaseView::kMasked) {
      SHOUHU_ASSIGN_OR_RETURN(loaded.incidents, storage::incident_store::ListByCase(tx, case_id));
    }
    return Status::Ok();
  }));
  // A case the caller may not see does not exist for them: the same answer as a missing one.
  const Status hidden = actor.role == Role::kAdmin || actor.role == Role::kAuditor
                            ? Status::PermissionDenied("no_case_access")
                            : Status::NotFound("case_not_found");
  if (!found) {
    if (actor.request) {
      actor.request->SetObject("case", std::to_string(case_id));
      return hidden;  // the request's row: failed, not_found
    }
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) {
      return audit::Append(tx, clock_, CaseEvent(actor, action, case_id, "failed", "not_found"));
    }));
    return hidden;
  }
  if (loaded.view == CaseView::kNone) {
    // A caller who may read the case but not do this to it is told so; anyone else learns
    // nothing, not even that the case exists.
    const bool reads = loaded.permit.Allows("case.read");
    return RecordDenied(
        db_, clock_, actor,
        CaseEvent(actor, action, case_id, "denied", reads ? "policy" : "need_to_know"),
        reads ? Status::PermissionDenied("forbidden") : hidden);
  }
  SHOUHU_RETURN_IF_ERROR(
      RecordRead(db_, clock_, actor, CaseEvent(actor, action, case_id, "ok", reason)));
  return loaded;
}

Result<CaseDetail> CaseService::Detail(const Actor& actor, Loaded loaded, bool unmask) const {
  CaseDetail d;
  d.view = loaded.view;
  d.unmasked = unmask;
  d.record = std::move(loaded.record);
  storage::ChildRecord& child = loaded.child;
  const int64_t cid = child.id;
  switch (d.view) {
    case CaseView::kMasked: {
      Identity& id = d.identity;
      SHOUHU_ASSIGN_OR_RETURN(id.name, Open(child.name, Ad("child.name", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.id_number, Open(child.id_number, Ad("child.id_number", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.birth_date, Open(child.birth_date, Ad("child.birth_date", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.address, Open(child.address, Ad("child.address", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.school, Open(child.school, Ad("child.school", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.guardian, Open(child.guardian, Ad("child.guardian", cid)));
      SHOUHU_ASSIGN_OR_RETURN(id.phone, Open(child.phone, Ad("child.phone", cid)));
      for (auto& incident : loaded.incidents) {
        IncidentView view{.record = incident};
        if (unmask) {
          SHOUHU_ASSIGN_OR_RETURN(view.narrative,
                                  Open(incident.narrative, Ad("incident.narrative", incident.id)));
        }
        view.record.narrative.clear();
        d.incidents.push_back(std::move(view));
      }
      if (!unmask) {
        id.name = domain::MaskName(id.name);
        id.id_number = domain::MaskIdNumber(id.id_number);
        id.birth_date = domain::MaskBirthDate(id.birth_date);
        id.address = domain::MaskAddress(id.address);
        id.school = domain::MaskSchool(id.school);
        id.guardian = domain::MaskName(id.guardian);
        id.phone = domain::MaskPhone(id.phone);
      }
      break;
    }
    case CaseView::kDeidentified:
      for (auto& incident : loaded.incidents) {
        incident.narrative.clear();
        d.incidents.push_back({.record = incident});
      }
      break;
    case CaseView::kPseudonymous: {
      const auto& key = keys_.blind_index_key();
      d.pseudonym = domain::Pseudonym(
          d.record.case_number,
          std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
      break;
    }
    case CaseView::kReceipt:
    case CaseView::kNone:
      break;
  }
  // Never hand ciphertexts or index values up the stack.
  child.name.clear();
  child.id_number.clear();
  child.birth_date.clear();
  child.address.clear();
  child.school.clear();
  child.guardian.clear();
  child.phone.clear();
  child.id_number_index.clear();
  child.name_birth_index.clear();
  child.name_tokens.clear();
  if (d.view == CaseView::kMasked || d.view == CaseView::kDeidentified ||
      d.view == CaseView::kPseudonymous) {
    d.child = std::move(child);
  }
  (void)actor;
  return d;
}

Result<CaseAccess> CaseService::Authorize(const Actor& actor, int64_t case_id,
                                          const std::string& action, const std::string& reason) {
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, action, reason));
  return CaseAccess{
      .view = loaded.view, .record = std::move(loaded.record), .permit = std::move(loaded.permit)};
}

Status CaseService::Refuse(const Actor& actor, const std::string& action, int64_t case_id,
                           const std::string& why, const Status& refusal) {
  return RecordDenied(db_, clock_, actor, CaseEvent(actor, action, case_id, "denied", why),
                      refusal);
}

Result<CaseDetail> CaseService::Get(const Actor& actor, int64_t case_id, const ReadAlso& also) {
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.read", "", also));
  return Detail(actor, std::move(loaded), false);
}

Result<CaseDetail> CaseService::Unmask(const Actor& actor, int64_t case_id,
                                       const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidField("reason", "required");
  if (domain::Utf8Length(reason) > kMaxReasonChars)
    return Status::InvalidField("reason", "too_long");
  // The table gives case.unmask only where the view may be cleared: a refusal is one denied row.
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.unmask", reason));
  if (loaded.permit.policy_view != security::View::kClear)
    return Refuse(actor, "case.unmask", case_id, "view",
                  Status::PermissionDenied("unmask_not_allowed"));
  const int64_t now = clock_.NowMillis();
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, case_id, now, "unmasked"));
    // With a request, its row already holds the reason (Load); without one, this row does.
    return Record(tx, clock_, actor,
                  CaseEvent(actor, "case.unmask", case_id, "ok", actor.request ? "" : reason));
  }));
  return Detail(actor, std::move(loaded), true);
}

Result<std::vector<CaseDetail>> CaseService::List(const Actor& actor, CaseListQuery query) {
  storage::CaseFilter& f = query.filter;
  if (f.limit <= 0 || f.limit > kMaxListPage) return Status::InvalidField("limit", "out_of_range");
  const std::string action = query.name.empty() ? "case.list" : "case.search";
  f.visible_to_unit.reset();
  f.created_by_user.reset();
  f.visible_district.reset();
  f.grants_valid_at = clock_.NowMillis();
  f.overdue_at = query.overdue ? clock_.NowMillis() : 0;
  f.name_tokens = query.name.empty()
                      ? std::vector<std::string>{}
                      : security::NameSearchTokens(keys_.blind_index_key(), query.name);
  storage::UnitRecord unit;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    if (actor.is_command_line()) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(auto found, storage::unit_store::FindById(tx, actor.unit_id));
    if (found) unit = *found;
    return Status::Ok();
  }));
  // The list holds exactly the cases the case.read rows let the caller read: her district's when
  // her unit coordinates it, else those her unit leads, holds a task on or was granted, else her
  // own reports.
  using security::Relation;
  auto reads_as = [&](std::initializer_list<Relation> relations) -> std::optional<security::View> {
    if (actor.is_command_line() || !security::RoleMayAttempt(action, actor.role))
      return std::nullopt;
    return security::Decide("case.read", actor.role, std::vector<Relation>(relations));
  };
  CaseView view = CaseView::kNone;
  if (auto v = reads_as({Relation::kCoordinating});
      v && unit.kind == "womens_federation" && !unit.district_code.empty()) {
    f.visible_district = unit.district_code;
    view = CaseViewOf(*v);
  } else if (auto v = reads_as({Relation::kLeadUnit, Relation::kOpenTask, Relation::kGranted})) {
    f.visible_to_unit = actor.unit_id;
    view = CaseViewOf(*v);
  } else if (auto v = reads_as({Relation::kOwnReport})) {
    f.created_by_user = actor.user_id.value_or(-1);
    view = CaseViewOf(*v);
  }
  if (view == CaseView::kNone) {
    return RecordDenied(db_, clock_, actor, CaseEvent(actor, action, 0, "denied", "role"),
                        Status::PermissionDenied("no_case_access"));
  }
  // The page is read on a reader connection, in parallel with other readers; its audit row is
  // then written (group-committed) before any row leaves: no audit row, no answer.
  std::vector<Loaded> rows;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto cases, storage::case_store::List(tx, f));
    std::vector<storage::ChildRecord> children;
    if (view == CaseView::kMasked || view == CaseView::kPseudonymous) {
      std::vector<int64_t> ids;
      for (const auto& record : cases) ids.push_back(record.child_id);
      SHOUHU_ASSIGN_OR_RETURN(children, storage::child_store::FindByIds(tx, std::move(ids)));
    }
    for (auto& record : cases) {
      Loaded l{.view = view, .record = std::move(record)};
      auto child =
          std::lower_bound(children.begin(), children.end(), l.record.child_id,
                           [](const storage::ChildRecord& c, int64_t id) { return c.id < id; });
      if (child != children.end() && child->id == l.record.child_id) l.child = *child;
      rows.push_back(std::move(l));
    }
    return Status::Ok();
  }));
  audit::Event event = CaseEvent(actor, action, 0, "ok", fmt::format("rows={}", rows.size()));
  event.object_type = "case_list";
  SHOUHU_RETURN_IF_ERROR(RecordRead(db_, clock_, actor, event));
  std::vector<CaseDetail> out;
  out.reserve(rows.size());
  for (auto& row : rows) {
    SHOUHU_ASSIGN_OR_RETURN(auto detail, Detail(actor, std::move(row), false));
    out.push_back(std::move(detail));
  }
  return out;
}

Result<std::vector<storage::CaseEventRecord>> CaseService::Events(const Actor& actor,
                                                                  int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.events", ""));
  std::vector<storage::CaseEventRecord> events;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(events, storage::case_event_store::ListByCase(tx, case_id));
    return Status::Ok();
  }));
  return events;
}

Result<CaseDetail> CaseService::Update(const Actor& actor, int64_t case_id,
                                       std::optional<int64_t> if_match, const CasePatch& p) {
  if (!if_match) return Status::PreconditionRequired("if_match_required");
  // Validate the patch before touching anything.
  FieldErrors errors;
  auto check_all = [&](const char* field, std::string_view en,
                       const std::optional<std::vector<std::string>>& v) {
    if (v) {
      Status s = enumerations_.CheckAll(field, en, *v);
      if (!s.ok()) errors.insert(s.fields().begin(), s.fields().end());
    }
  };
  auto check_one = [&](const char* field, std::string_view en,
                       const std::optional<std::string>& v) {
    if (v && !v->empty()) {
      Status s = enumerations_.Check(field, en, *v);
      if (!s.ok()) errors.insert(s.fields().begin(), s.fields().end());
    }
  };
  check_all("harm_types", domain::kHarmType, p.harm_types);
  if (p.harm_types && p.harm_types->empty()) errors.emplace("harm_types", "required");
  check_all("aggravating_flags", domain::kAggravatingFlag, p.aggravating_flags);
  check_one("risk_level", domain::kRiskLevel, p.risk_level);
  check_one("intake_channel", domain::kIntakeChannel, p.intake_channel);
  check_one("reporter_category", domain::kReporterCategory, p.reporter_category);
  check_one("situation_code", domain::kMandatoryReportSituation, p.situation_code);
  if (p.legal_basis && *p.legal_basis != "statutory_duty" && *p.legal_basis != "guardian_consent") {
    errors.emplace("legal_basis", "unknown_value");
  }
  if (p.reason) {
    const int n = domain::Utf8Length(*p.reason);
    if (n < 0) errors.emplace("reason", "invalid_utf8");
    if (n > kMaxReasonChars) errors.emplace("reason", "too_long");
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.update", ""));
  if (p.lead_unit_code && !loaded.permit.Allows("case.reassign")) {
    return Refuse(actor, "case.update", case_id, "case.reassign",
                  Status::PermissionDenied("forbidden"));
  }
  storage::CaseRecord next = loaded.record;
  if (loaded.record.version != *if_match) return Status::PreconditionFailed("stale_version");
  const bool downgrade =
      p.risk_level && domain::IsRiskDowngrade(loaded.record.risk_level, *p.risk_level);
  if (downgrade && (!p.reason || domain::TrimSpace(*p.reason).empty()))
    return Status::InvalidField("reason", "required_for_downgrade");
  const int64_t now = clock_.NowMillis();
  bool stale = false;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    if (p.harm_types) next.harm_types = Join(*p.harm_types);
    if (p.aggravating_flags) next.aggravating_flags = Join(*p.aggravating_flags);
    if (p.risk_level) next.risk_level = *p.risk_level;
    if (p.intake_channel) next.intake_channel = *p.intake_channel;
    if (p.reporter_category) next.reporter_category = *p.reporter_category;
    if (p.situation_code) next.situation_code = *p.situation_code;
    if (p.legal_basis) next.legal_basis = *p.legal_basis;
    if (p.lead_unit_code) {
      SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindByCode(tx, *p.lead_unit_code));
      if (!unit) return Status::InvalidField("lead_unit_code", "not_found");
      // The lead stays inside the case's district: the district's coordinating unit hands the
      // case to one of its own member units, never out of sight.
      if (unit->district_code != loaded.record.district_code)
        return Status::InvalidField("lead_unit_code", "other_district");
      next.lead_unit_id = unit->id;
    }
    next.updated_at = now;
    SHOUHU_ASSIGN_OR_RETURN(const bool updated, storage::case_store::Update(tx, next, *if_match));
    if (!updated) {
      stale = true;
      return Status::Ok();
    }
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, case_id, now, "updated",
                                    fmt::format(R"({{"version":{}}})", *if_match + 1)));
    if (downgrade) {
      SHOUHU_RETURN_IF_ERROR(AddEvent(
          tx, actor, case_id, now, "risk_downgraded",
          fmt::format(R"({{"from":"{}","to":"{}"}})", loaded.record.risk_level, *p.risk_level)));
    }
    std::string detail = downgrade ? "risk_downgrade; reason=" + *p.reason : "";
    if (p.lead_unit_code)
      detail += fmt::format("{}lead_unit={}", detail.empty() ? "" : "; ", next.lead_unit_id);
    return Record(tx, clock_, actor, CaseEvent(actor, "case.update", case_id, "ok", detail));
  }));
  if (stale) return Status::PreconditionFailed("stale_version");
  SHOUHU_ASSIGN_OR_RETURN(auto reread, Load(actor, case_id, "case.read", ""));
  return Detail(actor, std::move(reread), false);
}

Status CaseService::GrantAccess(const Actor& actor, int64_t case_id, const GrantInput& in) {
  FieldErrors errors;
  const std::string legal_basis = in.legal_basis.empty() ? "statutory_duty" : in.legal_basis;
  if (legal_basis != "statutory_duty" && legal_basis != "guardian_consent")
    errors.emplace("legal_basis", "unknown_value");
  if (in.days < 1 || in.days > options_.max_grant_days) errors.emplace("days", "out_of_range");
  if (domain::Utf8Length(in.reason) < 0) errors.emplace("reason", "invalid_utf8");
  if (domain::Utf8Length(in.reason) > kMaxReasonChars) errors.emplace("reason", "too_long");
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.grant", in.reason));
  const int64_t now = clock_.NowMillis();
  return db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindByCode(tx, in.unit_code));
    if (!unit) return Status::InvalidField("unit_code", "not_found");
    if (unit->kind == "social_org" && legal_basis != "guardian_consent")
      return Status::InvalidField("legal_basis", "guardian_consent_required");
    SHOUHU_RETURN_IF_ERROR(storage::case_grant_store::Grant(
        tx, {.case_id = case_id,
             .unit_id = unit->id,
             .reason = in.reason.empty() ? "coordination" : in.reason,
             .granted_at = now,
             .granted_by = actor.user_id.value_or(0),
             .expires_at = now + in.days * kMillisPerDay,
             .legal_basis = legal_basis}));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, case_id, now, "grant_added",
                                    fmt::format(R"({{"unit_id":{},"legal_basis":"{}","days":{}}})",
                                                unit->id, legal_basis, in.days)));
    return Record(
        tx, clock_, actor,
        CaseEvent(actor, "case.grant", case_id, "ok",
                  fmt::format("unit={} legal_basis={} days={}", unit->id, legal_basis, in.days)));
  });
}

Result<std::vector<DuplicateCandidate>> CaseService::Duplicates(const Actor& actor,
                                                                int64_t case_id) {
  SHOUHU_ASSIGN_OR_RETURN(auto loaded, Load(actor, case_id, "case.duplicates", ""));
  std::vector<DuplicateCandidate> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto matches, storage::child_match_store::ListByCase(tx, case_id));
    for (const auto& m : matches) {
      const int64_t other_id = m.case_id == case_id ? m.other_case_id : m.case_id;
      SHOUHU_ASSIGN_OR_RETURN(auto other, storage::case_store::FindById(tx, other_id));
      if (!other) continue;
      DuplicateCandidate c{.match_id = m.id,
                           .case_number = other->case_number,
                           .reason = m.reason,
                           .state = m.state,
                           .district_code = other->district_code};
      // Inside the caller's own district she may open the other case; across districts she
      // learns only that it exists and where, to settle it with that district's coordinators.
      c.same_district = other->district_code == loaded.permit.unit_district;
      if (c.same_district) c.case_id = other->id;
      out.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  return out;
}

Status CaseService::ResolveDuplicate(const Actor& actor, int64_t case_id, int64_t match_id,
                                     bool confirm) {
  SHOUHU_ASSIGN_OR_RETURN(auto candidates, Duplicates(actor, case_id));
  auto it = std::find_if(candidates.begin(), candidates.end(),
                         [&](const DuplicateCandidate& c) { return c.match_id == match_id; });
  if (it == candidates.end()) return Status::InvalidField("match_id", "not_found");
  if (it->state != "pending") return Status::Conflict("match_decided", {{"match_id", it->state}});
  const DuplicateCandidate candidate = *it;
  const int64_t now = clock_.NowMillis();
  return db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto matches, storage::child_match_store::ListByCase(tx, case_id));
    auto m = std::find_if(matches.begin(), matches.end(),
                          [&](const storage::ChildMatchRecord& r) { return r.id == match_id; });
    if (m == matches.end()) return Status::InvalidField("match_id", "not_found");
    SHOUHU_RETURN_IF_ERROR(storage::child_match_store::Decide(
        tx, match_id, confirm ? "confirmed" : "rejected", now, actor.user_id.value_or(0)));
    if (confirm && candidate.same_district) {
      // One girl, one record: the newer case now points at the record already held, and the unit
      // that filed it (by intake) loses sight of it unless it holds a task — it sees only what it
      // submitted, never the record it matched.
      SHOUHU_ASSIGN_OR_RETURN(auto older, storage::case_store::FindById(tx, m->other_case_id));
      SHOUHU_ASSIGN_OR_RETURN(auto newer, storage::case_store::FindById(tx, m->case_id));
      if (!older || !newer) return Status::InvalidField("match_id", "not_found");
      SHOUHU_RETURN_IF_ERROR(storage::case_store::SetChild(tx, newer->id, older->child_id, now));
      SHOUHU_ASSIGN_OR_RETURN(auto grant, storage::case_grant_store::Active(
                                              tx, newer->id, newer->created_by_unit, now));
      if (grant && grant->expires_at != 0) {
        SHOUHU_RETURN_IF_ERROR(
            storage::case_grant_store::Revoke(tx, newer->id, newer->created_by_unit, now));
      }
    }
    const std::string kind = confirm ? (candidate.same_district ? "child_linked" : "match_recorded")
                                     : "duplicate_rejected";
    SHOUHU_RETURN_IF_ERROR(
        AddEvent(tx, actor, m->case_id, now, kind, fmt::format(R"({{"match_id":{}}})", match_id)));
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, m->other_case_id, now, kind,
                                    fmt::format(R"({{"match_id":{}}})", match_id)));
    if (confirm && !candidate.same_district) {
      // Both districts are told; neither gains the other's identity fields.
      SHOUHU_ASSIGN_OR_RETURN(
          auto other,
          storage::case_store::FindById(tx, m->case_id == case_id ? m->other_case_id : m->case_id));
      if (other) {
        SHOUHU_ASSIGN_OR_RETURN(auto holder, CoordinatingUnit(tx, other->district_code));
        if (holder)
          SHOUHU_RETURN_IF_ERROR(NotifyUnit(tx, *holder, "match_recorded", other->id, now));
      }
    }
    return Record(
        tx, clock_, actor,
        CaseEvent(actor, "case.link", case_id, "ok",
                  fmt::format("match={} decision={}", match_id, confirm ? "confirm" : "reject")));
  });
}

Result<int64_t> CaseService::RotateKeys(const security::KeyRing& next) {
  int64_t count = 0;
  auto rotate = [&](Blob& blob, const std::string& ad) -> Status {
    if (blob.empty() || !security::NeedsRotation(blob, next)) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(blob, security::Reencrypt(next, blob, ad, random_));
    ++count;
    return Status::Ok();
  };
  for (int64_t after = 0;;) {
    std::vector<storage::ChildRecord> page;
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(page, storage::child_store::Scan(tx, after, kRotationBatch));
      for (auto& child : page) {
        const int64_t id = child.id;
        SHOUHU_ASSIGN_OR_RETURN(const std::string name,
                                security::Decrypt(next, child.name, Ad("child.name", id)));
        child.name_tokens = security::NameBigramIndexes(next.blind_index_key(), name);
        SHOUHU_RETURN_IF_ERROR(rotate(child.name, Ad("child.name", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.id_number, Ad("child.id_number", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.birth_date, Ad("child.birth_date", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.address, Ad("child.address", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.school, Ad("child.school", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.guardian, Ad("child.guardian", id)));
        SHOUHU_RETURN_IF_ERROR(rotate(child.phone, Ad("child.phone", id)));
        SHOUHU_RETURN_IF_ERROR(storage::child_store::UpdateIdentity(tx, child));
      }
      return Status::Ok();
    }));
    if (page.empty()) break;
    after = page.back().id;
  }
  for (int64_t after = 0;;) {
    std::vector<storage::IncidentRecord> page;
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(page, storage::incident_store::Scan(tx, after, kRotationBatch));
      for (auto& incident : page) {
        const Blob before = incident.narrative;
        SHOUHU_RETURN_IF_ERROR(rotate(incident.narrative, Ad("incident.narrative", incident.id)));
        if (incident.narrative != before) {
          SHOUHU_RETURN_IF_ERROR(
              storage::incident_store::UpdateNarrative(tx, incident.id, incident.narrative));
        }
      }
      return Status::Ok();
    }));
    if (page.empty()) break;
    after = page.back().id;
  }
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) {
    return audit::Append(tx, clock_,
                         {.action = "keys.rotate",
                          .object_type = "key_ring",
                          .object_id = std::to_string(next.current_id()),
                          .result = "ok",
                          .client_address = "cli",
                          .detail = fmt::format("values={}", count)});
  }));
  return count;
}

}  // namespace shouhu::service
