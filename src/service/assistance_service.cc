#include "service/assistance_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "domain/account_rules.h"
#include "domain/civil_date.h"
#include "domain/intake.h"
#include "domain/utf8.h"
#include "security/field_cipher.h"
#include "security/policy.h"
#include "service/request_audit.h"
#include "storage/assist_stores.h"
#include "storage/case_stores.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

using domain::Role;
using domain::Stage;
using storage::Blob;
using storage::Tx;

constexpr int kMaxNoteChars = 2000;
constexpr int kMaxReasonChars = 500;
constexpr int kMaxViewers = 20;
constexpr int kRotationBatch = 200;
constexpr double kMaxHours = 1000;
constexpr int64_t kMaxSessions = 1000;

std::string Ad(std::string_view column, int64_t id) {
  return security::FieldAssociatedData(column, std::to_string(id));
}

audit::Event Audit(const Actor& actor, const std::string& action, const std::string& object_type,
                   int64_t object_id, const std::string& result, std::string detail = {}) {
  audit::Event e{.user_id = actor.user_id,
                 .action = action,
                 .object_type = object_type,
                 .object_id = object_id > 0 ? std::to_string(object_id) : "",
                 .result = result,
                 .client_address = actor.client_address,
                 .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return e;
}

Status AddEvent(Tx& tx, const Actor& actor, int64_t case_id, int64_t at, std::string kind,
                std::string detail) {
  storage::CaseEventRecord e{.case_id = case_id,
                             .at = at,
                             .user_id = actor.user_id,
                             .kind = std::move(kind),
                             .detail = std::move(detail)};
  if (!actor.is_command_line()) e.unit_id = actor.unit_id;
  return storage::case_event_store::Append(tx, e);
}

// Blank = empty or only spaces.
bool Blank(const std::string& s) {
  return domain::TrimSpace(s).empty();
}

void CheckText(FieldErrors& errors, const char* field, const std::string& text, int max_chars) {
  const int chars = domain::Utf8Length(text);
  if (chars < 0) {
    errors.emplace(field, "invalid_utf8");
  } else if (chars > max_chars) {
    errors.emplace(field, "too_long");
  }
}

// A date-time that is given, well-formed and not in the future.
std::optional<int64_t> CheckInstant(FieldErrors& errors, const char* field, const std::string& text,
                                    int64_t now) {
  if (text.empty()) {
    errors.emplace(field, "required");
    return std::nullopt;
  }
  auto at = domain::ParseDateTime(text, field);
  if (!at.ok()) {
    errors.insert(at.status().fields().begin(), at.status().fields().end());
    return std::nullopt;
  }
  if (*at > now) {
    errors.emplace(field, "in_future");
    return std::nullopt;
  }
  return *at;
}

using R = security::Relation;
using V = security::View;

// The assistance module's rows of the policy table (docs/ACCESS.md): registered once, when the
// service is built.
constexpr security::PolicyRow kPolicyRows[] = {
    {"proceeding.read", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"proceeding.read", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"proceeding.read", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"proceeding.read", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"proceeding.read", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"proceeding.read", Role::kCaseworker, R::kGranted, V::kMasked},
    {"proceeding.record", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"proceeding.record", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"proceeding.record", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"proceeding.record", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"proceeding.record", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"proceeding.record", Role::kCaseworker, R::kGranted, V::kMasked},
    {"service.read", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"service.read", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"service.read", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"service.read", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"service.read", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"service.read", Role::kCaseworker, R::kGranted, V::kMasked},
    {"service.record", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"service.record", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"service.record", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"service.record", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"service.record", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"service.record", Role::kCaseworker, R::kGranted, V::kMasked},
    {"interview.read", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"interview.read", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"interview.read", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"interview.read", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"interview.read", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"interview.read", Role::kCaseworker, R::kGranted, V::kMasked},
    {"interview.record", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"interview.record", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    {"interview.record", Role::kCoordinator, R::kOpenTask, V::kMasked},
    {"interview.record", Role::kCaseworker, R::kLeadUnit, V::kMasked},
    {"interview.record", Role::kCaseworker, R::kOpenTask, V::kMasked},
    {"interview.record", Role::kCaseworker, R::kGranted, V::kMasked},
    // Volunteers see the services of the cases given to them (their needs), without notes.
    {"service.read", Role::kVolunteer, R::kOpenTask, V::kPseudonym},
    {"service.read", Role::kVolunteer, R::kGranted, V::kPseudonym},
    // The coordinating and lead units record anything; any other unit what its kind records
    // (domain/proceedings.h), and only as itself.
    {"assistance.record_any", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"assistance.record_any", Role::kCoordinator, R::kLeadUnit, V::kMasked},
    // Free text (notes, interview reasons) of other units: the case's coordinators.
    {"assistance.notes", Role::kCoordinator, R::kCoordinating, V::kMasked},
    {"assistance.notes", Role::kCoordinator, R::kLeadUnit, V::kMasked},
};

// Whether the caller may record something a unit of one of `kinds` records: the coordinating
// and lead units anything, any other unit what its own kind records.
bool MayRecord(const CasePermit& permit, std::initializer_list<std::string_view> kinds) {
  if (permit.view != CaseView::kMasked) return false;
  if (permit.Allows("assistance.record_any")) return true;
  return std::find(kinds.begin(), kinds.end(), permit.unit_kind) != kinds.end();
}

std::string IdemKey(const Actor& actor, const IdempotencyKey& k) {
  return Sha256Hex(fmt::format("{}|{}|{}", actor.user_id.value_or(0), k.endpoint, k.key));
}

// The replayed answer of an earlier create, or nullopt when the key is new.
Result<std::optional<std::string>> Replay(Tx& tx, const std::optional<IdempotencyKey>& idem,
                                          const std::string& key) {
  if (!idem) return std::optional<std::string>();
  SHOUHU_ASSIGN_OR_RETURN(auto seen, storage::idempotency_store::Find(tx, key));
  if (!seen) return std::optional<std::string>();
  if (seen->request_hash != idem->request_hash)
    return Status::Unprocessable("idempotency_key_reused");
  return std::optional<std::string>(seen->response);
}

Status Remember(Tx& tx, const std::optional<IdempotencyKey>& idem, const std::string& key,
                std::string response, int64_t now) {
  if (!idem) return Status::Ok();
  return storage::idempotency_store::Insert(tx, {.key = key,
                                                 .request_hash = idem->request_hash,
                                                 .status = 201,
                                                 .response = std::move(response),
                                                 .created_at = now});
}

}  // namespace

struct AssistanceService::Gate {
  CaseAccess access;
  std::string unit_kind;  // the caller's unit's kind
};

AssistanceService::AssistanceService(storage::Database& db, const Clock& clock, Random& random,
                                     const security::KeyRing& keys, CaseService& cases,
                                     domain::ProceedingClocks clocks)
    : db_(db),
      clock_(clock),
      random_(random),
      keys_(keys),
      cases_(cases),
      clocks_(std::move(clocks)) {
  security::RegisterPolicyRows(kPolicyRows);
}

std::span<const security::PolicyRow> AssistanceService::PolicyRows() {
  return kPolicyRows;
}

Result<Blob> AssistanceService::Seal(const std::string& plain, const std::string& ad) {
  if (plain.empty()) return Blob();
  return security::Encrypt(keys_, plain, ad, random_);
}

Result<std::string> AssistanceService::Open(const Blob& blob, const std::string& ad) const {
  if (blob.empty()) return std::string();
  return security::Decrypt(keys_, blob, ad);
}

Result<AssistanceService::Gate> AssistanceService::Enter(const Actor& actor, int64_t case_id,
                                                         const std::string& action) {
  Gate gate;
  SHOUHU_ASSIGN_OR_RETURN(gate.access, cases_.Authorize(actor, case_id, action));
  gate.unit_kind = gate.access.permit.unit_kind;
  return gate;
}

Status AssistanceService::Deny(const Actor& actor, int64_t case_id, const std::string& action,
                               const std::string& why) {
  return cases_.Refuse(actor, action, case_id, why, Status::PermissionDenied("forbidden"));
}

// ---- proceedings ----

Result<ProceedingOutcome> AssistanceService::RecordProceeding(
    const Actor& actor, int64_t case_id, const ProceedingInput& in,
    const std::optional<IdempotencyKey>& idempotency) {
  const int64_t now = clock_.NowMillis();
  FieldErrors errors;
  std::optional<Stage> stage;
  std::string_view needed_kind;
  if (in.kind == "stage") {
    if (in.stage.empty()) {
      errors.emplace("stage", "required");
    } else if (!(stage = domain::ParseStage(in.stage))) {
      errors.emplace("stage", "unknown_value");
    } else {
      const domain::StageInfo& info = domain::InfoOf(*stage);
      needed_kind = info.unit_kind;
      if (info.needs_reason && Blank(in.reason)) errors.emplace("reason", "required");
      if (in.priority && !info.priority_target) errors.emplace("priority", "not_applicable");
    }
  } else if (in.kind == "warning_letter") {
    needed_kind = "police";
  } else if (in.kind == "protection_order") {
    needed_kind = "court";
    if (in.action == "decide") {
      if (in.order_id <= 0) errors.emplace("order_id", "required");
      if (in.outcome.empty()) errors.emplace("outcome", "required");
    } else if (in.action != "apply") {
      errors.emplace("action", in.action.empty() ? "required" : "unknown_value");
    }
  } else {
    errors.emplace("kind", in.kind.empty() ? "required" : "unknown_value");
  }
  const std::optional<int64_t> at = CheckInstant(errors, "at", in.at, now);
  CheckText(errors, "reason", in.reason, kMaxReasonChars);
  CheckText(errors, "note", in.note, kMaxNoteChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  const std::string action = "proceeding.record";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  if (!MayRecord(gate.access.permit, {needed_kind})) return Deny(actor, case_id, action, "role");

  const std::string idem_key = idempotency ? IdemKey(actor, *idempotency) : "";
  ProceedingOutcome out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto seen, Replay(tx, idempotency, idem_key));
    if (seen) {
      const size_t colon = seen->find(':');
      out.created_kind = seen->substr(0, colon);
      out.created_id = std::stoll(seen->substr(colon + 1));
      out.replayed = true;
      return Status::Ok();
    }
    std::string event_kind;
    std::string event_detail;
    if (in.kind == "stage" || in.kind == "warning_letter") {
      if (stage) {
        SHOUHU_ASSIGN_OR_RETURN(auto existing, storage::proceeding_store::ListByCase(tx, case_id));
        std::vector<domain::RecordedStage> recorded;
        for (const auto& p : existing) {
          if (p.kind != "stage") continue;
          if (auto s = domain::ParseStage(p.stage)) recorded.push_back({*s, p.at});
        }
        SHOUHU_RETURN_IF_ERROR(domain::CheckStageOrder(*stage, *at, recorded));
      }
      storage::ProceedingRecord record{
          .case_id = case_id,
          .kind = in.kind,
          .stage = stage ? std::string(domain::InfoOf(*stage).code) : "",
          .at = *at,
          .complex = stage && in.complex,
          .priority = stage && in.priority,
          .recorded_by_user = actor.user_id,
          .recorded_by_unit = actor.unit_id,
          .created_at = now};
      SHOUHU_ASSIGN_OR_RETURN(out.created_id, storage::proceeding_store::Insert(tx, record));
      SHOUHU_ASSIGN_OR_RETURN(const Blob reason,
                              Seal(in.reason, Ad("proceedings.reason", out.created_id)));
      SHOUHU_ASSIGN_OR_RETURN(const Blob note,
                              Seal(in.note, Ad("proceedings.note", out.created_id)));
      if (!reason.empty() || !note.empty()) {
        SHOUHU_RETURN_IF_ERROR(
            storage::proceeding_store::UpdateSecrets(tx, out.created_id, reason, note));
      }
      out.created_kind = in.kind;
      event_kind = stage ? "proceeding_recorded" : "warning_letter_issued";
      event_detail = stage ? fmt::format(R"({{"stage":"{}","proceeding_id":{}}})", record.stage,
                                         out.created_id)
                           : fmt::format(R"({{"proceeding_id":{}}})", out.created_id);
      SHOUHU_RETURN_IF_ERROR(
          Record(tx, clock_, actor,
                 Audit(actor, action, "proceeding", out.created_id, "ok", record.stage)));
    } else if (in.action == "apply") {
      storage::ProtectionOrderRecord order{.case_id = case_id,
                                           .applied_at = *at,
                                           .urgent = in.urgent,
                                           .applied_by_user = actor.user_id,
                                           .applied_by_unit = actor.unit_id,
                                           .created_at = now};
      SHOUHU_ASSIGN_OR_RETURN(out.created_id, storage::protection_order_store::Insert(tx, order));
      SHOUHU_ASSIGN_OR_RETURN(const Blob note,
                              Seal(in.note, Ad("protection_orders.note", out.created_id)));
      if (!note.empty()) {
        SHOUHU_RETURN_IF_ERROR(
            storage::protection_order_store::UpdateNote(tx, out.created_id, note));
      }
      out.created_kind = "protection_order";
      event_kind = "protection_order_applied";
      event_detail = fmt::format(R"({{"order_id":{},"urgent":{}}})", out.created_id,
                                 in.urgent ? "true" : "false");
      SHOUHU_RETURN_IF_ERROR(Record(
          tx, clock_, actor, Audit(actor, action, "protection_order", out.created_id, "ok")));
    } else {
      SHOUHU_ASSIGN_OR_RETURN(auto order,
                              storage::protection_order_store::FindById(tx, in.order_id));
      if (!order || order->case_id != case_id) return Status::InvalidField("order_id", "not_found");
      if (!order->outcome.empty())
        return Status::Conflict("order_decided", {{"order_id", "order_decided"}});
      SHOUHU_RETURN_IF_ERROR(domain::CheckProtectionDecision(order->applied_at, *at, in.outcome,
                                                             in.valid_until, clocks_));
      order->decided_at = *at;
      order->outcome = in.outcome;
      order->valid_until = in.valid_until;
      order->decided_by_user = actor.user_id;
      order->decided_by_unit = actor.unit_id;
      SHOUHU_ASSIGN_OR_RETURN(const bool decided,
                              storage::protection_order_store::Decide(tx, *order));
      if (!decided) return Status::Conflict("order_decided", {{"order_id", "order_decided"}});
      if (!in.note.empty()) {
        SHOUHU_ASSIGN_OR_RETURN(const Blob note,
                                Seal(in.note, Ad("protection_orders.note", order->id)));
        SHOUHU_RETURN_IF_ERROR(storage::protection_order_store::UpdateNote(tx, order->id, note));
      }
      out.created_kind = "protection_order";
      out.created_id = order->id;
      event_kind = "protection_order_decided";
      event_detail = fmt::format(R"({{"order_id":{},"outcome":"{}"}})", order->id, order->outcome);
      SHOUHU_RETURN_IF_ERROR(
          Record(tx, clock_, actor,
                 Audit(actor, action, "protection_order", order->id, "ok", order->outcome)));
    }
    SHOUHU_RETURN_IF_ERROR(AddEvent(tx, actor, case_id, now, event_kind, event_detail));
    return Remember(tx, idempotency, idem_key,
                    fmt::format("{}:{}", out.created_kind, out.created_id), now);
  }));
  SHOUHU_ASSIGN_OR_RETURN(out.proceedings, LoadProceedings(actor, gate.access));
  return out;
}

Result<Proceedings> AssistanceService::ListProceedings(const Actor& actor, int64_t case_id) {
  const std::string action = "proceeding.read";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  return LoadProceedings(actor, gate.access);
}

Result<Proceedings> AssistanceService::LoadProceedings(const Actor& actor,
                                                       const CaseAccess& access) {
  const CaseView view = access.view;
  const int64_t case_id = access.record.id;
  // Free text is for the unit that recorded it and the case's coordinators.
  const bool coordinators = view == CaseView::kMasked && access.permit.Allows("assistance.notes");
  auto clear_for = [&](int64_t unit_id) {
    return view == CaseView::kMasked && (coordinators || unit_id == actor.unit_id);
  };
  const int64_t now = clock_.NowMillis();
  std::vector<storage::ProceedingRecord> rows;
  std::vector<storage::ProtectionOrderRecord> orders;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(rows, storage::proceeding_store::ListByCase(tx, case_id));
    SHOUHU_ASSIGN_OR_RETURN(orders, storage::protection_order_store::ListByCase(tx, case_id));
    return Status::Ok();
  }));
  Proceedings out;
  out.view = view;
  std::map<Stage, int64_t> recorded_at;
  std::set<int> recorded_orders;
  for (const auto& p : rows) {
    if (p.kind != "stage") continue;
    if (auto s = domain::ParseStage(p.stage)) {
      recorded_at[*s] = p.at;
      recorded_orders.insert(domain::InfoOf(*s).order);
    }
  }
  for (auto& p : rows) {
    StageView v{.record = p};
    if (clear_for(p.recorded_by_unit)) {
      SHOUHU_ASSIGN_OR_RETURN(v.reason, Open(p.reason, Ad("proceedings.reason", p.id)));
      SHOUHU_ASSIGN_OR_RETURN(v.note, Open(p.note, Ad("proceedings.note", p.id)));
    }
    v.record.reason.clear();
    v.record.note.clear();
    if (p.kind != "stage") {
      out.warning_letters.push_back(std::move(v));
      continue;
    }
    const auto s = domain::ParseStage(p.stage);
    if (s) {
      const domain::StageInfo& info = domain::InfoOf(*s);
      v.reference = info.reference;
      if (info.clock != domain::ProceedingClock::kNone && info.reference) {
        auto ref = recorded_at.find(*info.reference);
        if (ref != recorded_at.end()) {
          v.clock = domain::ReadClock(info.clock, p.complex, info.priority_target, ref->second,
                                      p.at, now, clocks_);
        }
      }
    }
    out.stages.push_back(std::move(v));
  }
  // Clocks running: a reference recorded, its closing stage not yet.
  std::set<int> seen_orders;
  for (const domain::StageInfo& info : domain::AllStages()) {
    if (info.clock == domain::ProceedingClock::kNone || !info.reference) continue;
    if (recorded_orders.count(info.order) || !seen_orders.insert(info.order).second) continue;
    auto ref = recorded_at.find(*info.reference);
    if (ref == recorded_at.end()) continue;
    OpenClock open{.reference = *info.reference,
                   .clock = domain::ReadClock(info.clock, false, info.priority_target, ref->second,
                                              std::nullopt, now, clocks_)};
    for (const domain::StageInfo& other : domain::AllStages()) {
      if (other.order == info.order) open.closing.push_back(other.stage);
    }
    out.open_clocks.push_back(std::move(open));
  }
  for (auto& o : orders) {
    ProtectionOrderView v{.record = o};
    if (clear_for(o.applied_by_unit) || (o.decided_by_unit && clear_for(*o.decided_by_unit))) {
      SHOUHU_ASSIGN_OR_RETURN(v.note, Open(o.note, Ad("protection_orders.note", o.id)));
    }
    v.record.note.clear();
    v.clock = domain::ReadClock(
        domain::ProceedingClock::kProtectionOrder, o.urgent, false, o.applied_at,
        o.outcome.empty() ? std::nullopt : std::optional<int64_t>(o.decided_at), now, clocks_);
    out.protection_orders.push_back(std::move(v));
  }
  return out;
}

// ---- services ----

Result<ServiceOutcome> AssistanceService::RecordService(
    const Actor& actor, int64_t case_id, const ServiceInput& in,
    const std::optional<IdempotencyKey>& idempotency) {
  const int64_t now = clock_.NowMillis();
  FieldErrors errors;
  const domain::ServiceType* type = domain::FindServiceType(in.service_type);
  if (type == nullptr)
    errors.emplace("service_type", in.service_type.empty() ? "required" : "unknown_value");
  if (in.delivered_on.empty()) {
    errors.emplace("delivered_on", "required");
  } else {
    auto on = domain::ParseCivilDate(in.delivered_on, "delivered_on");
    if (!on.ok()) {
      errors.insert(on.status().fields().begin(), on.status().fields().end());
    } else if (domain::CivilDateShanghai(now) < *on) {
      errors.emplace("delivered_on", "in_future");
    }
  }
  if (!(in.hours >= 0)) {
    errors.emplace("hours", "negative");
  } else if (in.hours > kMaxHours) {
    errors.emplace("hours", "out_of_range");
  }
  if (in.sessions < 0) {
    errors.emplace("sessions", "negative");
  } else if (in.sessions > kMaxSessions) {
    errors.emplace("sessions", "out_of_range");
  }
  int64_t fen = 0;
  if (!in.amount_yuan.empty()) {
    auto parsed = domain::ParseYuan(in.amount_yuan, "amount_yuan");
    if (!parsed.ok()) {
      errors.insert(parsed.status().fields().begin(), parsed.status().fields().end());
    } else {
      fen = *parsed;
    }
  }
  if (in.unit_id < 0) errors.emplace("unit_id", "out_of_range");
  CheckText(errors, "notes", in.notes, kMaxNoteChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  const std::string action = "service.record";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  const int64_t unit_id = in.unit_id > 0 ? in.unit_id : actor.unit_id;
  // A caseworker records what her own unit delivered, of her unit's kind.
  if (!MayRecord(gate.access.permit, {type->unit_kind}) ||
      (!gate.access.permit.Allows("assistance.record_any") && unit_id != actor.unit_id))
    return Deny(actor, case_id, action, "role");

  const std::string idem_key = idempotency ? IdemKey(actor, *idempotency) : "";
  ServiceOutcome out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto seen, Replay(tx, idempotency, idem_key));
    if (seen) {
      out.created_id = std::stoll(*seen);
      out.replayed = true;
      return Status::Ok();
    }
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, unit_id));
    if (!unit) return Status::InvalidField("unit_id", "not_found");
    if (unit->kind != type->unit_kind) return Status::InvalidField("unit_id", "kind_mismatch");
    storage::ServiceRecord record{.case_id = case_id,
                                  .service_type = std::string(type->code),
                                  .unit_id = unit_id,
                                  .delivered_on = in.delivered_on,
                                  .minutes = std::llround(in.hours * 60),
                                  .sessions = in.sessions,
                                  .amount_fen = fen,
                                  .recorded_by_user = actor.user_id,
                                  .recorded_by_unit = actor.unit_id,
                                  .created_at = now};
    SHOUHU_ASSIGN_OR_RETURN(out.created_id, storage::service_store::Insert(tx, record));
    if (!in.notes.empty()) {
      SHOUHU_ASSIGN_OR_RETURN(const Blob notes,
                              Seal(in.notes, Ad("services.notes", out.created_id)));
      SHOUHU_RETURN_IF_ERROR(storage::service_store::UpdateNotes(tx, out.created_id, notes));
    }
    SHOUHU_RETURN_IF_ERROR(AddEvent(
        tx, actor, case_id, now, "service_recorded",
        fmt::format(R"({{"service_id":{},"service_type":"{}","unit_id":{},"amount_fen":{}}})",
                    out.created_id, record.service_type, unit_id, fen)));
    SHOUHU_RETURN_IF_ERROR(
        Record(tx, clock_, actor,
               Audit(actor, action, "service", out.created_id, "ok", record.service_type)));
    return Remember(tx, idempotency, idem_key, std::to_string(out.created_id), now);
  }));
  SHOUHU_ASSIGN_OR_RETURN(out.services, LoadServices(actor, gate.access));
  return out;
}

Result<Services> AssistanceService::ListServices(const Actor& actor, int64_t case_id) {
  const std::string action = "service.read";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  return LoadServices(actor, gate.access);
}

Result<Services> AssistanceService::LoadServices(const Actor& actor, const CaseAccess& access) {
  const CaseView view = access.view;
  const int64_t case_id = access.record.id;
  const bool coordinators = view == CaseView::kMasked && access.permit.Allows("assistance.notes");
  std::vector<storage::ServiceRecord> rows;
  std::map<int64_t, std::string> unit_names;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(rows, storage::service_store::ListByCase(tx, case_id));
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    for (const auto& u : units) unit_names[u.id] = u.name;
    return Status::Ok();
  }));
  Services out;
  out.view = view;
  for (auto& r : rows) {
    ServiceView v{.record = r, .unit_name = unit_names[r.unit_id]};
    if (view == CaseView::kMasked && (coordinators || r.unit_id == actor.unit_id)) {
      SHOUHU_ASSIGN_OR_RETURN(v.notes, Open(r.notes, Ad("services.notes", r.id)));
    }
    v.record.notes.clear();
    out.total_fen += r.amount_fen;
    out.total_minutes += r.minutes;
    out.total_sessions += r.sessions;
    out.items.push_back(std::move(v));
  }
  return out;
}

// ---- the recorded interview ----

Result<InterviewOutcome> AssistanceService::RecordInterview(
    const Actor& actor, int64_t case_id, const InterviewInput& in,
    const std::optional<IdempotencyKey>& idempotency) {
  const int64_t now = clock_.NowMillis();
  FieldErrors errors;
  const std::optional<int64_t> at = CheckInstant(errors, "at", in.at, now);
  std::vector<int64_t> viewers = in.viewer_unit_ids;
  std::sort(viewers.begin(), viewers.end());
  if (std::adjacent_find(viewers.begin(), viewers.end()) != viewers.end())
    errors.emplace("viewer_unit_ids", "duplicate");
  if (static_cast<int>(viewers.size()) > kMaxViewers) errors.emplace("viewer_unit_ids", "too_long");
  if (!viewers.empty() && viewers.front() <= 0) errors.emplace("viewer_unit_ids", "not_found");
  if (in.conducted_by_unit < 0) errors.emplace("conducted_by_unit", "out_of_range");
  CheckText(errors, "reason", in.reason, kMaxReasonChars);
  CheckText(errors, "note", in.note, kMaxNoteChars);
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  const std::string action = "interview.record";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  const int64_t conducted_by = in.conducted_by_unit > 0 ? in.conducted_by_unit : actor.unit_id;
  if (!MayRecord(gate.access.permit, {"police", "procuratorate"}) ||
      (!gate.access.permit.Allows("assistance.record_any") && conducted_by != actor.unit_id))
    return Deny(actor, case_id, action, "role");

  const std::string idem_key = idempotency ? IdemKey(actor, *idempotency) : "";
  InterviewOutcome out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto seen, Replay(tx, idempotency, idem_key));
    if (seen) {
      out.created_id = std::stoll(*seen);
      out.replayed = true;
      return Status::Ok();
    }
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, conducted_by));
    if (!unit) return Status::InvalidField("conducted_by_unit", "not_found");
    for (const int64_t v : viewers) {
      SHOUHU_ASSIGN_OR_RETURN(auto viewer, storage::unit_store::FindById(tx, v));
      if (!viewer) return Status::InvalidField("viewer_unit_ids", "not_found");
    }
    // The girl is interviewed once; another interview (this case or another of hers) needs a
    // reason.
    SHOUHU_ASSIGN_OR_RETURN(const int64_t before, storage::interview_store::CountByChild(
                                                      tx, gate.access.record.child_id));
    if (before > 0 && Blank(in.reason))
      return Status::InvalidField("reason", "required_for_repeat");
    storage::InterviewRecord record{.case_id = case_id,
                                    .at = *at,
                                    .conducted_by_unit = conducted_by,
                                    .recorded_by_user = actor.user_id,
                                    .created_at = now,
                                    .viewer_unit_ids = viewers};
    SHOUHU_ASSIGN_OR_RETURN(out.created_id, storage::interview_store::Insert(tx, record));
    SHOUHU_ASSIGN_OR_RETURN(const Blob reason,
                            Seal(in.reason, Ad("interviews.reason", out.created_id)));
    SHOUHU_ASSIGN_OR_RETURN(const Blob note, Seal(in.note, Ad("interviews.note", out.created_id)));
    if (!reason.empty() || !note.empty()) {
      SHOUHU_RETURN_IF_ERROR(
          storage::interview_store::UpdateSecrets(tx, out.created_id, reason, note));
    }
    SHOUHU_RETURN_IF_ERROR(AddEvent(
        tx, actor, case_id, now, "interview_recorded",
        fmt::format(R"({{"interview_id":{},"count_for_child":{}}})", out.created_id, before + 1)));
    SHOUHU_RETURN_IF_ERROR(Record(tx, clock_, actor,
                                  Audit(actor, action, "interview", out.created_id, "ok",
                                        fmt::format("count_for_child={}", before + 1))));
    return Remember(tx, idempotency, idem_key, std::to_string(out.created_id), now);
  }));
  SHOUHU_ASSIGN_OR_RETURN(out.interviews, LoadInterviews(actor, gate.access));
  return out;
}

Result<Interviews> AssistanceService::ListInterviews(const Actor& actor, int64_t case_id) {
  const std::string action = "interview.read";
  SHOUHU_ASSIGN_OR_RETURN(auto gate, Enter(actor, case_id, action));
  return LoadInterviews(actor, gate.access);
}

Result<Interviews> AssistanceService::LoadInterviews(const Actor& actor, const CaseAccess& access) {
  std::vector<storage::InterviewRecord> rows;
  Interviews out;
  out.view = access.view;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(rows, storage::interview_store::ListByCase(tx, access.record.id));
    SHOUHU_ASSIGN_OR_RETURN(out.child_interview_count,
                            storage::interview_store::CountByChild(tx, access.record.child_id));
    return Status::Ok();
  }));
  for (auto& r : rows) {
    InterviewView v{.record = r};
    const bool unit_may_view = r.conducted_by_unit == actor.unit_id ||
                               std::find(r.viewer_unit_ids.begin(), r.viewer_unit_ids.end(),
                                         actor.unit_id) != r.viewer_unit_ids.end();
    v.restricted = access.view != CaseView::kMasked ||
                   (!access.permit.Allows("assistance.notes") && !unit_may_view);
    if (!v.restricted) {
      SHOUHU_ASSIGN_OR_RETURN(v.reason, Open(r.reason, Ad("interviews.reason", r.id)));
      SHOUHU_ASSIGN_OR_RETURN(v.note, Open(r.note, Ad("interviews.note", r.id)));
    } else {
      v.record.viewer_unit_ids.clear();
    }
    v.record.reason.clear();
    v.record.note.clear();
    out.items.push_back(std::move(v));
  }
  return out;
}

// ---- key rotation ----

Result<int64_t> AssistanceService::RotateKeys(const security::KeyRing& next) {
  int64_t count = 0;
  auto rotate = [&](Blob& blob, const std::string& ad) -> Result<bool> {
    if (blob.empty() || !security::NeedsRotation(blob, next)) return false;
    SHOUHU_ASSIGN_OR_RETURN(blob, security::Reencrypt(next, blob, ad, random_));
    ++count;
    return true;
  };
  // Walks one table in pages, re-encrypting and writing back the rows that changed.
  auto walk = [&](auto scan, auto fix) -> Status {
    for (int64_t after = 0;;) {
      int64_t last = 0;
      SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(auto page, scan(tx, after, kRotationBatch));
        for (auto& row : page) {
          SHOUHU_RETURN_IF_ERROR(fix(tx, row));
          last = row.id;
        }
        return Status::Ok();
      }));
      if (last == 0) return Status::Ok();
      after = last;
    }
  };
  SHOUHU_RETURN_IF_ERROR(
      walk(storage::proceeding_store::Scan, [&](Tx& tx, storage::ProceedingRecord& p) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(const bool a, rotate(p.reason, Ad("proceedings.reason", p.id)));
        SHOUHU_ASSIGN_OR_RETURN(const bool b, rotate(p.note, Ad("proceedings.note", p.id)));
        if (!a && !b) return Status::Ok();
        return storage::proceeding_store::UpdateSecrets(tx, p.id, p.reason, p.note);
      }));
  SHOUHU_RETURN_IF_ERROR(walk(
      storage::protection_order_store::Scan,
      [&](Tx& tx, storage::ProtectionOrderRecord& o) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(const bool a, rotate(o.note, Ad("protection_orders.note", o.id)));
        if (!a) return Status::Ok();
        return storage::protection_order_store::UpdateNote(tx, o.id, o.note);
      }));
  SHOUHU_RETURN_IF_ERROR(
      walk(storage::service_store::Scan, [&](Tx& tx, storage::ServiceRecord& s) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(const bool a, rotate(s.notes, Ad("services.notes", s.id)));
        if (!a) return Status::Ok();
        return storage::service_store::UpdateNotes(tx, s.id, s.notes);
      }));
  SHOUHU_RETURN_IF_ERROR(
      walk(storage::interview_store::Scan, [&](Tx& tx, storage::InterviewRecord& i) -> Status {
        SHOUHU_ASSIGN_OR_RETURN(const bool a, rotate(i.reason, Ad("interviews.reason", i.id)));
        SHOUHU_ASSIGN_OR_RETURN(const bool b, rotate(i.note, Ad("interviews.note", i.id)));
        if (!a && !b) return Status::Ok();
        return storage::interview_store::UpdateSecrets(tx, i.id, i.reason, i.note);
      }));
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](Tx& tx) {
    return audit::Append(tx, clock_,
                         {.action = "keys.rotate_assistance",
                          .object_type = "key_ring",
                          .object_id = std::to_string(next.current_id()),
                          .result = "ok",
                          .client_address = "cli",
                          .detail = fmt::format("values={}", count)});
  }));
  return count;
}

}  // namespace shouhu::service
