#include "service/account_service.h"

#include "audit/audit_log.h"
#include "domain/account_rules.h"
#include "domain/role.h"
#include "security/password.h"
#include "security/policy.h"
#include "service/approvals.h"
#include "service/request_audit.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

constexpr int kMaxPage = 500;
constexpr size_t kOneTimePasswordBytes = 12;  // 16 base64url characters

audit::Event EventFor(const Actor& actor, std::string action, std::string object_type,
                      std::string object_id, std::string result) {
  return {.user_id = actor.user_id,
          .unit_id = actor.is_command_line() ? std::nullopt : std::optional<int64_t>(actor.unit_id),
          .action = std::move(action),
          .object_type = std::move(object_type),
          .object_id = std::move(object_id),
          .result = std::move(result),
          .client_address = actor.client_address};
}

// Whether an account change by `actor` for `role` waits for a second person.
bool NeedsApproval(const Actor& actor, const std::string& role) {
  const auto parsed = domain::ParseRole(role);
  return !actor.is_command_line() && parsed && security::RoleReadsIdentity(*parsed);
}

// Files the request for a second person inside the change's transaction: the account is pending
// until a coordinator or leader of its unit's district approves. Returns the request's id.
Result<int64_t> RequestAccountApproval(storage::Tx& tx, const Actor& actor, const std::string& kind,
                                       const storage::UserRecord& user, int64_t now) {
  SHOUHU_ASSIGN_OR_RETURN(const std::string district, DistrictOfUnit(tx, user.unit_id));
  SHOUHU_RETURN_IF_ERROR(storage::approval_store::SupersedeForUser(tx, user.id));
  SHOUHU_RETURN_IF_ERROR(storage::user_store::SetApprovalPending(tx, user.id, true));
  return storage::approval_store::Insert(tx, {.kind = kind,
                                              .district_code = district,
                                              .requested_by = actor.user_id,
                                              .requested_at = now,
                                              .subject_user_id = user.id,
                                              .expires_at = kNeverExpires});
}

}  // namespace

AccountService::AccountService(storage::Database& db, const Clock& clock, Random& random,
                               AuthOptions options)
    : db_(db), clock_(clock), random_(random), options_(options) {}

Status AccountService::RequireAdmin(const Actor& actor, const std::string& action) {
  if (actor.role == domain::Role::kAdmin) return Status::Ok();
  const Status denied = Status::PermissionDenied("admin_only");
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) {
    auto event = EventFor(actor, action, "account", "", "denied");
    event.detail = denied.message();
    return Record(tx, clock_, actor, event);
  }));
  return denied;
}

Result<std::string> AccountService::MakeOneTimePassword() {
  return random_.Token(kOneTimePasswordBytes);
}

Result<std::vector<storage::UnitRecord>> AccountService::ListUnits(const Actor& actor) {
  std::vector<storage::UnitRecord> units;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(units, storage::unit_store::List(tx));
    return Status::Ok();
  }));
  return units;
}

Result<storage::UnitRecord> AccountService::CreateUnit(const Actor& actor, const UnitInput& in) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "unit.create"));
  SHOUHU_RETURN_IF_ERROR(domain::CheckUnitCode(in.code));
  SHOUHU_RETURN_IF_ERROR(domain::CheckDisplayName("name", in.name));
  if (in.kind.empty()) return Status::InvalidField("kind", "required");
  if (!domain::IsUnitKind(in.kind)) return Status::InvalidField("kind", "unknown_value");
  SHOUHU_RETURN_IF_ERROR(domain::CheckDistrictCode(in.district_code));

  storage::UnitRecord unit{.code = in.code,
                           .name = in.name,
                           .kind = in.kind,
                           .district_code = in.district_code,
                           .created_at = clock_.NowMillis()};
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    if (in.parent_code && !in.parent_code->empty()) {
      SHOUHU_ASSIGN_OR_RETURN(auto parent, storage::unit_store::FindByCode(tx, *in.parent_code));
      if (!parent) return Status::InvalidField("parent_code", "not_found");
      unit.parent_id = parent->id;
    }
    auto id = storage::unit_store::Insert(tx, unit);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kConflict)
        return Status::Conflict("unit_exists", {{"code", "taken"}});
      return id.status();
    }
    unit.id = *id;
    return Record(tx, clock_, actor,
                  EventFor(actor, "unit.create", "unit", std::to_string(unit.id), "ok"));
  }));
  return unit;
}

Result<std::vector<storage::UserRecord>> AccountService::ListUsers(const Actor& actor,
                                                                   int64_t after_id, int limit) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "user.list"));
  if (limit <= 0 || limit > kMaxPage) return Status::InvalidField("limit", "out_of_range");
  if (after_id < 0) return Status::InvalidField("after", "out_of_range");
  std::vector<storage::UserRecord> users;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(users, storage::user_store::List(tx, after_id, limit));
    return Status::Ok();
  }));
  return users;
}

Result<CreatedUser> AccountService::CreateUser(const Actor& actor, const UserInput& in) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "user.create"));
  SHOUHU_RETURN_IF_ERROR(domain::CheckUsername(in.username));
  SHOUHU_RETURN_IF_ERROR(domain::CheckDisplayName("display_name", in.display_name));
  if (in.role.empty()) return Status::InvalidField("role", "required");
  if (!domain::ParseRole(in.role)) return Status::InvalidField("role", "unknown_value");
  if (in.unit_code.empty()) return Status::InvalidField("unit_code", "required");

  CreatedUser created;
  std::string password = in.password;
  if (password.empty()) {
    SHOUHU_ASSIGN_OR_RETURN(created.one_time_password, MakeOneTimePassword());
    password = created.one_time_password;
  } else {
    SHOUHU_RETURN_IF_ERROR(
        security::CheckPasswordPolicy(password, in.username, options_.min_password_length));
  }
  SHOUHU_ASSIGN_OR_RETURN(auto hash, security::HashPassword(password, options_.hash_cost));
  const int64_t now = clock_.NowMillis();
  storage::UserRecord user{.username = in.username,
                           .display_name = in.display_name,
                           .role = in.role,
                           .password_hash = std::move(hash),
                           .must_change_password = !created.one_time_password.empty(),
                           .created_at = now,
                           .password_changed_at = now};
  const bool needs_approval = NeedsApproval(actor, in.role);
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindByCode(tx, in.unit_code));
    if (!unit) return Status::InvalidField("unit_code", "not_found");
    user.unit_id = unit->id;
    auto id = storage::user_store::Insert(tx, user);
    if (!id.ok()) {
      if (id.status().code() == StatusCode::kConflict) {
        return Status::Conflict("user_exists", {{"username", "taken"}});
      }
      return id.status();
    }
    user.id = *id;
    auto event = EventFor(actor, "user.create", "user", std::to_string(user.id), "ok");
    if (needs_approval) {
      SHOUHU_ASSIGN_OR_RETURN(created.approval_id,
                              RequestAccountApproval(tx, actor, "user.create", user, now));
      user.approval_pending = true;
      event.detail = "approval_pending approval=" + std::to_string(created.approval_id);
    }
    return Record(tx, clock_, actor, event);
  }));
  created.user = std::move(user);
  return created;
}

Result<int64_t> AccountService::IdOf(const std::string& username) {
  int64_t id = 0;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindByUsername(tx, username));
    if (!user) return Status::NotFound("user_not_found");
    id = user->id;
    return Status::Ok();
  }));
  return id;
}

Result<std::string> AccountService::ResetPassword(const Actor& actor, const std::string& username,
                                                  const std::string& password) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "user.password_reset"));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t id, IdOf(username));
  SHOUHU_ASSIGN_OR_RETURN(auto reset, ResetPasswordById(actor, id, password, password.empty()));
  return reset.one_time_password;
}

Status AccountService::DisableUser(const Actor& actor, const std::string& username) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "user.disable"));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t id, IdOf(username));
  return DisableUserById(actor, id).status();
}

Result<PasswordReset> AccountService::ResetPasswordById(const Actor& actor, int64_t user_id,
                                                        const std::string& password,
                                                        bool force_change) {
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, "user.password_reset"));
  std::optional<storage::UserRecord> found;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(found, storage::user_store::FindById(tx, user_id));
    return Status::Ok();
  }));
  if (!found) return Status::NotFound("user_not_found");
  PasswordReset reset;
  std::string chosen = password;
  if (chosen.empty()) {
    SHOUHU_ASSIGN_OR_RETURN(reset.one_time_password, MakeOneTimePassword());
    chosen = reset.one_time_password;
    force_change = true;
  } else {
    SHOUHU_RETURN_IF_ERROR(
        security::CheckPasswordPolicy(chosen, found->username, options_.min_password_length));
  }
  SHOUHU_ASSIGN_OR_RETURN(auto hash, security::HashPassword(chosen, options_.hash_cost));
  const bool needs_approval = NeedsApproval(actor, found->role);
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    const int64_t now = clock_.NowMillis();
    SHOUHU_RETURN_IF_ERROR(storage::user_store::SetPassword(tx, user_id, hash, force_change, now));
    // A reset also lifts a lockout and signs the user out everywhere.
    SHOUHU_RETURN_IF_ERROR(storage::user_store::RecordLoginSuccess(tx, user_id));
    SHOUHU_RETURN_IF_ERROR(storage::session_store::DeleteForUser(tx, user_id));
    std::string detail;
    if (needs_approval) {
      SHOUHU_ASSIGN_OR_RETURN(
          reset.approval_id, RequestAccountApproval(tx, actor, "user.password_reset", *found, now));
      detail = "approval_pending approval=" + std::to_string(reset.approval_id);
    } else if (actor.is_command_line() && found->approval_pending) {
      // The operator at the console resets at once: an open request for the account is void.
      SHOUHU_RETURN_IF_ERROR(storage::approval_store::SupersedeForUser(tx, user_id));
      SHOUHU_RETURN_IF_ERROR(storage::user_store::SetApprovalPending(tx, user_id, false));
    }
    SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindById(tx, user_id));
    if (!user) return Status::NotFound("user_not_found");
    reset.user = std::move(*user);
    // The result is "ok"; whether the user must change the password is in the detail.
    auto event = EventFor(actor, "user.password_reset", "user", std::to_string(user_id), "ok");
    event.detail = force_change ? "change_required" : "";
    if (!detail.empty()) event.detail += (event.detail.empty() ? "" : " ") + detail;
    return Record(tx, clock_, actor, event);
  }));
  return reset;
}

Result<storage::UserRecord> AccountService::SetDisabled(const Actor& actor, int64_t user_id,
                                                        bool disabled) {
  const std::string action = disabled ? "user.disable" : "user.enable";
  SHOUHU_RETURN_IF_ERROR(RequireAdmin(actor, action));
  storage::UserRecord out;
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto user, storage::user_store::FindById(tx, user_id));
    if (!user) return Status::NotFound("user_not_found");
    if (disabled && actor.user_id && *actor.user_id == user->id)
      return Status::Conflict("cannot_disable_self");
    SHOUHU_RETURN_IF_ERROR(storage::user_store::SetDisabled(tx, user->id, disabled));
    if (disabled) SHOUHU_RETURN_IF_ERROR(storage::session_store::DeleteForUser(tx, user->id));
    SHOUHU_ASSIGN_OR_RETURN(user, storage::user_store::FindById(tx, user_id));
    if (!user) return Status::NotFound("user_not_found");
    out = std::move(*user);
    return Record(tx, clock_, actor,
                  EventFor(actor, action, "user", std::to_string(user_id), "ok"));
  }));
  return out;
}

Result<storage::UserRecord> AccountService::DisableUserById(const Actor& actor, int64_t user_id) {
  return SetDisabled(actor, user_id, true);
}

Result<storage::UserRecord> AccountService::EnableUserById(const Actor& actor, int64_t user_id) {
  return SetDisabled(actor, user_id, false);
}

Result<std::vector<ApprovalItem>> AccountService::ListAccountApprovals(const Actor& actor) {
  return ListPendingApprovals(db_, clock_, actor, "user.");
}

Result<storage::ApprovalRecord> AccountService::DecideAccountApproval(const Actor& actor,
                                                                      int64_t id, bool approve) {
  return DecideApproval(
      db_, clock_, actor, "account_approval.decide", "user.", id, approve,
      [&](storage::Tx& tx, const storage::ApprovalRecord& a, bool approved) -> Status {
        if (!a.subject_user_id) return Status::Ok();
        if (approved) return storage::user_store::SetApprovalPending(tx, *a.subject_user_id, false);
        // A rejected account never signs in: it stays pending, and a rejected creation is
        // disabled as well. A rejected reset waits for a new reset.
        if (a.kind == "user.create")
          return storage::user_store::SetDisabled(tx, *a.subject_user_id, true);
        return Status::Ok();
      });
}

}  // namespace shouhu::service
