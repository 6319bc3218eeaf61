// AssistanceService: a case's legal proceedings (dated stages with their statutory clocks,
// protection orders, warning letters), the assistance services delivered to the girl, and the
// recorded interview (一站式询问). Every call passes CaseService::Authorize (need-to-know,
// audited); every write appends the case event and its audit row in the same transaction. Notes and
// reasons are encrypted at rest. Thread-safe (stateless over thread-safe collaborators).
//
// Who may record what (coordinators of the case's district may record everything; a caseworker
// needs the masked view of the case — her unit leads it or holds a grant — and a unit of the kind
// below; everyone else is refused, audited):
//
//   record                                                   caseworker's unit kind
//   受案 立案 不立案 破案 提请批捕 移送起诉, 告诫书          police
//   批捕 不批捕 提起公诉                                     procuratorate
//   一审立案 一审判决 执行, 人身安全保护令 (apply, decide)   court
//   service                                                  the service type's kind (its own unit)
//   recorded interview                                       police, procuratorate
//
// Reading: the masked view (coordinators, caseworkers) sees everything, notes included; the
// de-identified view (leaders, analysts) sees everything but notes and reasons; the pseudonymous
// view (volunteers of a unit the case is shared with) sees services only, without notes; the
// reporter's receipt sees none of it. Interview notes and reasons are shown only to coordinators
// and to the units that conducted or may view the interview.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "domain/proceedings.h"
#include "security/key_ring.h"
#include "security/policy.h"
#include "service/actor.h"
#include "service/case_service.h"
#include "storage/assist_records.h"
#include "storage/database.h"

namespace shouhu::service {

// POST /proceedings: one of three kinds.
struct ProceedingInput {
  std::string kind;  // "stage", "protection_order", "warning_letter"
  std::string at;    // ISO 8601 with offset; not in the future
  // stage
  std::string stage;  // domain::Stage code
  bool complex = false;
  bool priority = false;
  std::string reason;  // required for case_not_filed and arrest_not_approved
  // protection_order: "apply" (urgent) or "decide" (order_id, outcome, valid_until)
  std::string action;
  bool urgent = false;
  int64_t order_id = 0;
  std::string outcome;      // "granted" / "refused"
  std::string valid_until;  // "YYYY-MM-DD", granted orders only
  std::string note;         // any kind; encrypted at rest
};

struct StageView {
  storage::ProceedingRecord record;  // ciphertexts are never serialised
  std::string reason;                // clear in the masked view only
  std::string note;
  std::optional<domain::ClockReading> clock;  // stages that close a statutory clock
  std::optional<domain::Stage> reference;
};

struct ProtectionOrderView {
  storage::ProtectionOrderRecord record;
  std::string note;
  domain::ClockReading clock;  // 72 h / urgent 24 h from the application
};

// A clock started by a recorded stage whose closing stage is not recorded yet.
struct OpenClock {
  domain::Stage reference;
  std::vector<domain::Stage> closing;  // e.g. 立案 or 不立案
  domain::ClockReading clock;
};

struct Proceedings {
  CaseView view = CaseView::kNone;
  std::vector<StageView> stages;
  std::vector<StageView> warning_letters;
  std::vector<ProtectionOrderView> protection_orders;
  std::vector<OpenClock> open_clocks;
};

struct ProceedingOutcome {
  Proceedings proceedings;
  std::string created_kind;  // "stage", "protection_order", "warning_letter"
  int64_t created_id = 0;
  bool replayed = false;
};

struct ServiceInput {
  std::string service_type;  // domain::ServiceType code
  int64_t unit_id = 0;       // delivering unit; 0 = the caller's unit
  std::string delivered_on;  // "YYYY-MM-DD" (Asia/Shanghai); not in the future
  double hours = 0;          // 0..1000
  int64_t sessions = 0;      // 0..1000
  std::string amount_yuan;   // "1234.50"; "" = none
  std::string notes;         // encrypted at rest
};

struct ServiceView {
  storage::ServiceRecord record;
  std::string unit_name;
  std::string notes;  // masked view only
};

struct Services {
  CaseView view = CaseView::kNone;
  std::vector<ServiceView> items;
  int64_t total_fen = 0;
  int64_t total_minutes = 0;
  int64_t total_sessions = 0;
};

struct ServiceOutcome {
  Services services;
  int64_t created_id = 0;
  bool replayed = false;
};

struct InterviewInput {
  std::string at;
  int64_t conducted_by_unit = 0;  // 0 = the caller's unit
  std::vector<int64_t> viewer_unit_ids;
  std::string reason;  // required when the girl was interviewed before
  std::string note;
};

struct InterviewView {
  storage::InterviewRecord record;
  bool restricted = false;  // the caller may not see the reason, note or viewers
  std::string reason;
  std::string note;
};

struct Interviews {
  CaseView view = CaseView::kNone;
  std::vector<InterviewView> items;
  int64_t child_interview_count = 0;  // across every case of this girl
  int target = 1;
};

struct InterviewOutcome {
  Interviews interviews;
  int64_t created_id = 0;
  bool replayed = false;
};

class AssistanceService {
 public:
  AssistanceService(storage::Database& db, const Clock& clock, Random& random,
                    const security::KeyRing& keys, CaseService& cases,
                    domain::ProceedingClocks clocks);

  Result<ProceedingOutcome> RecordProceeding(const Actor& actor, int64_t case_id,
                                             const ProceedingInput& input,
                                             const std::optional<IdempotencyKey>& idempotency);
  Result<Proceedings> ListProceedings(const Actor& actor, int64_t case_id);

  Result<ServiceOutcome> RecordService(const Actor& actor, int64_t case_id,
                                       const ServiceInput& input,
                                       const std::optional<IdempotencyKey>& idempotency);
  Result<Services> ListServices(const Actor& actor, int64_t case_id);

  Result<InterviewOutcome> RecordInterview(const Actor& actor, int64_t case_id,
                                           const InterviewInput& input,
                                           const std::optional<IdempotencyKey>& idempotency);
  Result<Interviews> ListInterviews(const Actor& actor, int64_t case_id);

  // Re-encrypts every note and reason under `next`'s current key (`shouhu keys rotate`); returns
  // the number of values re-encrypted.
  Result<int64_t> RotateKeys(const security::KeyRing& next);

  const domain::ProceedingClocks& clocks() const { return clocks_; }

  // The module's rows of the policy table (registered when the service is built).
  static std::span<const security::PolicyRow> PolicyRows();

 private:
  struct Gate;
  Result<Gate> Enter(const Actor& actor, int64_t case_id, const std::string& action);
  Status Deny(const Actor& actor, int64_t case_id, const std::string& action,
              const std::string& why);
  Result<Proceedings> LoadProceedings(const Actor& actor, const CaseAccess& access);
  Result<Services> LoadServices(const Actor& actor, const CaseAccess& access);
  Result<Interviews> LoadInterviews(const Actor& actor, const CaseAccess& access);
  Result<storage::Blob> Seal(const std::string& plain, const std::string& ad);
  Result<std::string> Open(const storage::Blob& blob, const std::string& ad) const;

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const security::KeyRing& keys_;
  CaseService& cases_;
  const domain::ProceedingClocks clocks_;
};

}  // namespace shouhu::service
