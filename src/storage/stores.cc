// Column positions below follow the SELECT lists in storage/sql/statements.cc.
#include "storage/stores.h"

#include <utility>

#include "storage/store_rows.h"

namespace shouhu::storage {
namespace {

using rows::CheckLimit;
using rows::ExpectChanged;
using rows::FindAll;
using rows::FindOne;
using rows::Flag;
using rows::InsertReturningId;
using rows::NameConflict;
using rows::OptionalInt;

UnitRecord UnitFromRow(const Row& r) {
  UnitRecord u;
  u.id = r.Int(0);
  u.code = r.Text(1);
  u.name = r.Text(2);
  u.kind = r.Text(3);
  u.parent_id = r.OptInt(4);
  u.district_code = r.Text(5);
  u.created_at = r.Int(6);
  return u;
}

UserRecord UserFromRow(const Row& r) {
  UserRecord u;
  u.id = r.Int(0);
  u.username = r.Text(1);
  u.display_name = r.Text(2);
  u.unit_id = r.Int(3);
  u.role = r.Text(4);
  u.password_hash = r.Text(5);
  u.disabled = r.Int(6) != 0;
  u.failed_logins = static_cast<int>(r.Int(7));
  u.locked_until = r.Int(8);
  u.must_change_password = r.Int(9) != 0;
  u.created_at = r.Int(10);
  u.password_changed_at = r.Int(11);
  u.version = r.Int(12);
  u.approval_pending = r.Int(13) != 0;
  return u;
}

ApprovalRecord ApprovalFromRow(const Row& r) {
  ApprovalRecord a;
  a.id = r.Int(0);
  a.kind = r.Text(1);
  a.district_code = r.Text(2);
  a.requested_by = r.OptInt(3);
  a.requested_at = r.Int(4);
  a.subject_user_id = r.OptInt(5);
  a.case_count = r.Int(6);
  a.scope = r.Text(7);
  a.reason = r.Text(8);
  a.state = r.Text(9);
  a.decided_by = r.OptInt(10);
  a.decided_at = r.Int(11);
  a.expires_at = r.Int(12);
  a.used_at = r.Int(13);
  return a;
}

SessionRecord SessionFromRow(const Row& r) {
  SessionRecord s;
  s.token_hash = r.Text(0);
  s.csrf_hash = r.Text(1);
  s.user_id = r.Int(2);
  s.created_at = r.Int(3);
  s.last_seen_at = r.Int(4);
  s.client_address = r.Text(5);
  return s;
}

AuditRecord AuditFromRow(const Row& r) {
  AuditRecord a;
  a.seq = r.Int(0);
  a.at = r.Int(1);
  a.user_id = r.OptInt(2);
  a.unit_id = r.OptInt(3);
  a.action = r.Text(4);
  a.object_type = r.Text(5);
  a.object_id = r.Text(6);
  a.result = r.Text(7);
  a.client_address = r.Text(8);
  a.detail = r.Text(9);
  a.prev_hash = r.Text(10);
  a.hash = r.Text(11);
  return a;
}

}  // namespace

namespace unit_store {

Result<int64_t> Insert(Tx& tx, const UnitRecord& unit) {
  return NameConflict(
      InsertReturningId(tx, "unit.insert",
                        {unit.code, unit.name, unit.kind, OptionalInt(unit.parent_id),
                         unit.district_code, unit.created_at}),
      "code");
}

Result<std::optional<UnitRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "unit.find_by_id", {id}, &UnitFromRow);
}

Result<std::optional<UnitRecord>> FindByCode(Tx& tx, const std::string& code) {
  return FindOne(tx, "unit.find_by_code", {code}, &UnitFromRow);
}

Result<std::vector<UnitRecord>> List(Tx& tx) {
  return FindAll(tx, "unit.list", {}, &UnitFromRow);
}

}  // namespace unit_store

namespace user_store {

Result<int64_t> Insert(Tx& tx, const UserRecord& user) {
  return NameConflict(
      InsertReturningId(tx, "user.insert",
                        {user.username, user.display_name, user.unit_id, user.role,
                         user.password_hash, Flag(user.disabled), int64_t{user.failed_logins},
                         user.locked_until, Flag(user.must_change_password), user.created_at,
                         user.password_changed_at, user.version, Flag(user.approval_pending)}),
      "username");
}

Result<std::optional<UserRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "user.find_by_id", {id}, &UserFromRow);
}

Result<std::optional<UserRecord>> FindByUsername(Tx& tx, const std::string& username) {
  return FindOne(tx, "user.find_by_username", {username}, &UserFromRow);
}

Result<std::vector<UserRecord>> List(Tx& tx, int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "user.list_after", {after_id, int64_t{limit}}, &UserFromRow);
}

Status RecordLoginFailure(Tx& tx, int64_t id, int failed_logins, int64_t locked_until) {
  return ExpectChanged(
      tx.Exec("user.record_login_failure", {int64_t{failed_logins}, locked_until, id}),
      "user_not_found");
}

Status RecordLoginSuccess(Tx& tx, int64_t id) {
  return ExpectChanged(tx.Exec("user.record_login_success", {id}), "user_not_found");
}

Status SetPassword(Tx& tx, int64_t id, const std::string& hash, bool must_change, int64_t at) {
  return ExpectChanged(tx.Exec("user.set_password", {hash, Flag(must_change), at, id}),
                       "user_not_found");
}

Status SetDisabled(Tx& tx, int64_t id, bool disabled) {
  return ExpectChanged(tx.Exec("user.set_disabled", {Flag(disabled), id}), "user_not_found");
}

Status SetApprovalPending(Tx& tx, int64_t id, bool pending) {
  return ExpectChanged(tx.Exec("user.set_approval_pending", {Flag(pending), id}), "user_not_found");
}

}  // namespace user_store

namespace approval_store {

Result<int64_t> Insert(Tx& tx, const ApprovalRecord& a) {
  return InsertReturningId(
      tx, "approval.insert",
      {a.kind, a.district_code, OptionalInt(a.requested_by), a.requested_at,
       OptionalInt(a.subject_user_id), a.case_count, a.scope, a.reason, a.expires_at});
}

Result<std::optional<ApprovalRecord>> FindById(Tx& tx, int64_t id) {
  return FindOne(tx, "approval.find_by_id", {id}, &ApprovalFromRow);
}

Result<std::vector<ApprovalRecord>> ListPending(Tx& tx, const std::string& district_code,
                                                const std::string& kind_prefix, int64_t now) {
  return FindAll(tx, "approval.list_pending", {district_code, kind_prefix + "%", now},
                 &ApprovalFromRow);
}

Status Decide(Tx& tx, int64_t id, const std::string& state, int64_t decided_by, int64_t at,
              int64_t expires_at) {
  SHOUHU_ASSIGN_OR_RETURN(const int64_t changed,
                          tx.Exec("approval.decide", {state, decided_by, at, expires_at, id}));
  if (changed == 0) return Status::Conflict("approval_not_pending");
  return Status::Ok();
}

Status SupersedeForUser(Tx& tx, int64_t user_id) {
  return tx.Exec("approval.supersede_for_user", {user_id}).status();
}

Status MarkUsed(Tx& tx, int64_t id, int64_t at) {
  SHOUHU_ASSIGN_OR_RETURN(const int64_t changed, tx.Exec("approval.mark_used", {at, id}));
  if (changed == 0) return Status::Conflict("export_approval_used");
  return Status::Ok();
}

}  // namespace approval_store

namespace clear_export_store {

Status Insert(Tx& tx, int64_t user_id, int64_t at, int64_t cases,
              std::optional<int64_t> approval_id) {
  return tx.Exec("clear_export.insert", {user_id, at, cases, OptionalInt(approval_id)}).status();
}

Result<int64_t> SumSince(Tx& tx, int64_t user_id, int64_t since) {
  SHOUHU_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("clear_export.sum_since", {user_id, since}));
  return row ? row->Int(0) : int64_t{0};
}

}  // namespace clear_export_store

namespace session_store {

Status Insert(Tx& tx, const SessionRecord& session) {
  return tx
      .Exec("session.insert", {session.token_hash, session.csrf_hash, session.user_id,
                               session.created_at, session.last_seen_at, session.client_address})
      .status();
}

Result<std::optional<SessionRecord>> Find(Tx& tx, const std::string& token_hash) {
  return FindOne(tx, "session.find", {token_hash}, &SessionFromRow);
}

Status Touch(Tx& tx, const std::string& token_hash, int64_t last_seen_at) {
  return ExpectChanged(tx.Exec("session.touch", {last_seen_at, token_hash}), "session_not_found");
}

Status Delete(Tx& tx, const std::string& token_hash) {
  return tx.Exec("session.delete", {token_hash}).status();
}

Status DeleteForUser(Tx& tx, int64_t user_id) {
  return tx.Exec("session.delete_for_user", {user_id}).status();
}

Result<int64_t> DeleteExpired(Tx& tx, int64_t idle_cutoff, int64_t absolute_cutoff) {
  return tx.Exec("session.delete_expired", {idle_cutoff, absolute_cutoff});
}

}  // namespace session_store

namespace audit_store {

Result<std::optional<AuditRecord>> Last(Tx& tx) {
  return FindOne(tx, "audit.last", {}, &AuditFromRow);
}

Status Append(Tx& tx, const AuditRecord& e) {
  return tx
      .Exec("audit.append",
            {e.seq, e.at, OptionalInt(e.user_id), OptionalInt(e.unit_id), e.action, e.object_type,
             e.object_id, e.result, e.client_address, e.detail, e.prev_hash, e.hash})
      .status();
}

Result<std::vector<AuditRecord>> Scan(Tx& tx, int64_t after_seq, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  return FindAll(tx, "audit.scan", {after_seq, int64_t{limit}}, &AuditFromRow);
}

Result<std::vector<AuditRecord>> ListDesc(Tx& tx, int64_t before_seq, int limit) {
  SHOUHU_RETURN_IF_ERROR(CheckLimit(limit));
  if (before_seq == 0)
    return FindAll(tx, "audit.list_desc_newest", {int64_t{limit}}, &AuditFromRow);
  return FindAll(tx, "audit.list_desc_before", {before_seq, int64_t{limit}}, &AuditFromRow);
}

}  // namespace audit_store

}  // namespace shouhu::storage
