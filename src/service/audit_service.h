// AuditService: the auditor's view of the audit log and chain verification. Thread-safe.
#pragma once

#include <vector>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "service/actor.h"
#include "storage/database.h"

namespace shouhu::service {

class AuditService {
 public:
  AuditService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  // Auditors (and the command line) only; newest first, keyset paging by seq.
  Result<std::vector<storage::AuditRecord>> List(const Actor& actor, int64_t before_seq, int limit);
  Result<audit::VerifyReport> Verify(const Actor& actor);

 private:
  Status RequireAuditor(const Actor& actor, const char* action);
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace shouhu::service
