// AccountService: units and users — listing, creation, password resets, disabling — with the
// role check and the audit row for each, for the web API and the command line alike. Thread-safe
// (stateless over a thread-safe Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "service/actor.h"
#include "service/approvals.h"
#include "service/auth_service.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::service {

struct UnitInput {
  std::string code;
  std::string name;
  std::string kind;
  std::optional<std::string> parent_code;
  std::string district_code;
};

struct UserInput {
  std::string username;
  std::string display_name;
  std::string unit_code;
  std::string role;
  // Empty: a one-time password is generated, returned once, and must be changed at first sign-in.
  std::string password;
};

struct CreatedUser {
  storage::UserRecord user;
  std::string one_time_password;  // set only when the password was generated
  int64_t approval_id = 0;        // the request a second person must approve; 0 = none needed
};

struct PasswordReset {
  storage::UserRecord user;
  std::string one_time_password;  // set only when the password was generated
  int64_t approval_id = 0;        // as in CreatedUser
};

class AccountService {
 public:
  AccountService(storage::Database& db, const Clock& clock, Random& random, AuthOptions options);

  // Any signed-in user may list units (referrals need them); only admins create.
  Result<std::vector<storage::UnitRecord>> ListUnits(const Actor& actor);
  Result<storage::UnitRecord> CreateUnit(const Actor& actor, const UnitInput& input);

  Result<std::vector<storage::UserRecord>> ListUsers(const Actor& actor, int64_t after_id,
                                                     int limit);
  Result<CreatedUser> CreateUser(const Actor& actor, const UserInput& input);
  // Sets a new password (or generates a one-time one when `password` is empty, which must be
  // changed at the next sign-in). Returns the one-time password, or "" when one was given.
  Result<std::string> ResetPassword(const Actor& actor, const std::string& username,
                                    const std::string& password);
  Status DisableUser(const Actor& actor, const std::string& username);

  // The same by user id, for the web API: admin-only, audited, answering the account as it now
  // is; NotFound "user_not_found" for an unknown id.
  // A reset ends every session of the user and lifts a lockout; `force_change` makes the user
  // choose a new password at the next sign-in (always so for a generated one).
  Result<PasswordReset> ResetPasswordById(const Actor& actor, int64_t user_id,
                                          const std::string& password, bool force_change);
  // Disabling ends every session of the user; an administrator cannot disable herself.
  Result<storage::UserRecord> DisableUserById(const Actor& actor, int64_t user_id);
  Result<storage::UserRecord> EnableUserById(const Actor& actor, int64_t user_id);

  // The two-person rule (docs/ACCESS.md): an account the administrator creates or resets over
  // the API with a role that reads identity (security::RoleReadsIdentity) is pending — it cannot
  // sign in — until a coordinator or leader of its unit's district, not the account itself,
  // approves. The command line (the operator at the server's console) is the bootstrap and needs
  // no approval. Rejecting a creation disables the account; a rejected reset leaves it pending
  // until a new reset is approved.
  Result<std::vector<ApprovalItem>> ListAccountApprovals(const Actor& actor);
  Result<storage::ApprovalRecord> DecideAccountApproval(const Actor& actor, int64_t id,
                                                        bool approve);

 private:
  Status RequireAdmin(const Actor& actor, const std::string& action);
  Result<std::string> MakeOneTimePassword();
  Result<int64_t> IdOf(const std::string& username);
  Result<storage::UserRecord> SetDisabled(const Actor& actor, int64_t user_id, bool disabled);

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const AuthOptions options_;
};

}  // namespace shouhu::service
