// CaseService: intake from every channel, the girl's record (encrypted at rest, found again by
// blind index), need-to-know reading, masking and audited unmasking, edits with optimistic
// concurrency, case-access grants and duplicate linking. Every read and write of a case is
// audited in the same transaction. Thread-safe (stateless over thread-safe collaborators).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "domain/enumerations.h"
#include "domain/intake.h"
#include "security/key_ring.h"
#include "service/actor.h"
#include "service/case_access.h"
#include "storage/case_records.h"
#include "storage/database.h"

namespace shouhu::service {

struct CaseOptions {
  int64_t late_report_hours = 24;         // a report this long after discovery is flagged late
  std::string case_number_prefix = "NG";  // "NG-2026-000123"
  int64_t grant_days = 30;                // the filing unit's sight of a case it took
  int64_t max_grant_days = 90;            // the longest grant a coordinator may give
};

// The identity fields of the girl, as shown to the caller: masked, clear (after an unmask with a
// reason) or empty (views without identity).
struct Identity {
  std::string name;
  std::string id_number;
  std::string birth_date;
  std::string address;
  std::string school;
  std::string guardian;
  std::string phone;
};

struct IncidentView {
  storage::IncidentRecord record;  // narrative ciphertext is never serialised
  std::string narrative;           // clear only after an unmask; "" otherwise
};

struct CaseDetail {
  CaseView view = CaseView::kNone;
  bool unmasked = false;
  storage::CaseRecord record;
  storage::ChildRecord child;  // ciphertexts are never serialised
  Identity identity;
  std::vector<IncidentView> incidents;
  std::string pseudonym;  // for the pseudonymous view
};

struct IdempotencyKey {
  std::string key;           // the client's Idempotency-Key header
  std::string request_hash;  // SHA-256 of the request body
  std::string endpoint;      // e.g. "POST /api/v1/cases"
};

struct IntakeOutcome {
  CaseDetail detail;
  bool replayed = false;  // answered from the idempotency record; nothing created
};

struct CaseListQuery {
  storage::CaseFilter filter;  // visibility and name tokens are set by the service
  std::string name;            // partial name search (blind-indexed bigrams)
  bool overdue = false;        // only cases with an overdue open task
};

struct CasePatch {
  std::optional<std::vector<std::string>> harm_types;
  std::optional<std::vector<std::string>> aggravating_flags;
  std::optional<std::string> risk_level;
  std::optional<std::string> intake_channel;
  std::optional<std::string> reporter_category;
  std::optional<std::string> situation_code;
  std::optional<std::string> lead_unit_code;
  std::optional<std::string> legal_basis;
  std::optional<std::string> reason;  // required when risk_level goes down
};

struct GrantInput {
  std::string unit_code;
  std::string reason;
  std::string legal_basis;  // "statutory_duty" (default) | "guardian_consent"
  int64_t days = 30;        // 1 .. CaseOptions::max_grant_days
};

// A possible match of the same girl, as the deciding coordinator sees it.
struct DuplicateCandidate {
  int64_t match_id = 0;
  std::optional<int64_t> case_id;  // only inside the caller's own district
  std::string case_number;
  std::string reason;  // "id_number" | "name_and_birth_date"
  std::string state;   // "pending" | "confirmed" | "rejected"
  std::string district_code;
  bool same_district = false;
};

struct HotlineCallInput {
  std::string received_at;      // ISO 8601 with offset; when the call came in
  std::string caller_category;  // reporter_category code, optional
  std::string district_code;
  std::string summary;                           // what was said; encrypted at rest
  std::optional<domain::IntakeInput> open_case;  // present when the call opens a case
};

// What the workflow's services learn from CaseService::Authorize: the caller's view of a case and
// its record (no identity).
struct CaseAccess {
  CaseView view = CaseView::kNone;
  storage::CaseRecord record;
  CasePermit permit;  // ask it (Allows) rather than the role
};

struct HotlineCallOutcome {
  int64_t call_id = 0;
  bool replayed = false;
  std::optional<IntakeOutcome> opened;
};

class CaseService {
 public:
  CaseService(storage::Database& db, const Clock& clock, Random& random,
              const security::KeyRing& keys, const domain::Enumerations& enumerations,
              CaseOptions options);

  Result<IntakeOutcome> Intake(const Actor& actor, domain::IntakeInput input,
                               domain::IntakeKind kind,
                               const std::optional<IdempotencyKey>& idempotency);
  // A 12338 call, logged alone or opening a case (coordinators and caseworkers).
  Result<HotlineCallOutcome> LogCall(const Actor& actor, HotlineCallInput input,
                                     const std::optional<IdempotencyKey>& idempotency);
  // More to read about a case inside Get's own read transaction, once the caller's view is
  // decided (never for kNone): `permit` was resolved in that transaction at `now`.
  using ReadAlso = std::function<Status(storage::Tx&, const storage::CaseRecord&,
                                        const CasePermit& permit, int64_t now)>;
  Result<CaseDetail> Get(const Actor& actor, int64_t case_id, const ReadAlso& also = {});
  // The need-to-know gate for every service that works on a case: decides the caller's view and
  // appends an audit row for `action` (a denial too). A case the caller may not see is NotFound
  // ("case_not_found"); admins and auditors get PermissionDenied ("no_case_access").
  Result<CaseAccess> Authorize(const Actor& actor, int64_t case_id, const std::string& action,
                               const std::string& reason = "");
  // Clear identity for this answer only; `reason` is required and goes into the audit row.
  Result<CaseDetail> Unmask(const Actor& actor, int64_t case_id, const std::string& reason);
  Result<std::vector<CaseDetail>> List(const Actor& actor, CaseListQuery query);
  Result<std::vector<storage::CaseEventRecord>> Events(const Actor& actor, int64_t case_id);
  // `if_match` is the version the caller edited; nullopt -> kPreconditionRequired, stale ->
  // kPreconditionFailed.
  Result<CaseDetail> Update(const Actor& actor, int64_t case_id, std::optional<int64_t> if_match,
                            const CasePatch& patch);
  // Gives a unit access to a case for `days` with a legal basis (case.grant in the table).
  Status GrantAccess(const Actor& actor, int64_t case_id, const GrantInput& input);
  // The possible matches of the same girl recorded at intake, for the coordinating unit of the
  // case's district (case.duplicates).
  Result<std::vector<DuplicateCandidate>> Duplicates(const Actor& actor, int64_t case_id);
  // Confirms or rejects a match. Inside one district a confirmation points the newer case at the
  // record already held; across districts it records the link and tells both coordinating units,
  // and neither gains the other's identity fields.
  Status ResolveDuplicate(const Actor& actor, int64_t case_id, int64_t match_id, bool confirm);
  // Notes (or, without a request, writes) a refusal of `action` on the case and returns `refusal`.
  Status Refuse(const Actor& actor, const std::string& action, int64_t case_id,
                const std::string& why, const Status& refusal);
  // Re-encrypts every identity field and narrative under `new_keys`' current key (`shouhu keys
  // rotate`). Returns the number of values re-encrypted.
  Result<int64_t> RotateKeys(const security::KeyRing& new_keys);

  // Called inside every intake's transaction with the new case (the workflow notifies the lead
  // unit of new and late reports); its error fails the intake. Set once, before serving.
  using IntakeListener = std::function<Status(storage::Tx&, const storage::CaseRecord&)>;
  void SetIntakeListener(IntakeListener listener) { intake_listener_ = std::move(listener); }

 private:
  struct Loaded;
  // Loads the case, decides the view, and audits the access (denials too) in one write.
  Result<Loaded> Load(const Actor& actor, int64_t case_id, const std::string& action,
                      const std::string& reason, const ReadAlso& also = {});
  Result<CaseDetail> Detail(const Actor& actor, Loaded loaded, bool unmask) const;
  Result<std::string> Open(const storage::Blob& blob, const std::string& ad) const;

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const security::KeyRing& keys_;
  const domain::Enumerations& enumerations_;
  const CaseOptions options_;
  IntakeListener intake_listener_;
};

}  // namespace shouhu::service
