#include "service/audit_service.h"

#include "storage/stores.h"

namespace shouhu::service {
namespace {
constexpr int kMaxPage = 500;
}  // namespace

Status AuditService::RequireAuditor(const Actor& actor, const char* action) {
  const bool allowed = actor.is_command_line() || actor.role == domain::Role::kAuditor;
  // Reading the audit log is itself audited, allowed or not.
  audit::Event event{.user_id = actor.user_id,
                     .action = action,
                     .object_type = "audit_log",
                     .result = allowed ? "ok" : "denied",
                     .client_address = actor.client_address};
  if (!actor.is_command_line()) event.unit_id = actor.unit_id;
  SHOUHU_RETURN_IF_ERROR(
      db_.Write([&](storage::Tx& tx) { return Record(tx, clock_, actor, event); }));
  return allowed ? Status::Ok() : Status::PermissionDenied("auditor_only");
}

Result<std::vector<storage::AuditRecord>> AuditService::List(const Actor& actor, int64_t before_seq,
                                                             int limit) {
  SHOUHU_RETURN_IF_ERROR(RequireAuditor(actor, "audit.list"));
  if (limit <= 0 || limit > kMaxPage) return Status::InvalidField("limit", "out_of_range");
  std::vector<storage::AuditRecord> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(out, storage::audit_store::ListDesc(tx, before_seq, limit));
    return Status::Ok();
  }));
  return out;
}

Result<audit::VerifyReport> AuditService::Verify(const Actor& actor) {
  SHOUHU_RETURN_IF_ERROR(RequireAuditor(actor, "audit.verify"));
  return audit::Verify(db_);
}

}  // namespace shouhu::service
