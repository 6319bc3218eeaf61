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
  // Sets a new password (or generates a one-time one when `password` is empty).
  Result<std::string> ResetPassword(const Actor& actor, const std::string& username,
                                    const std::string& password);
  Status DisableUser(const Actor& actor, const std::string& username);

 private:
  Status RequireAdmin(const Actor& actor, const std::string& action);
  Result<std::string> MakeOneTimePassword();

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const AuthOptions options_;
};

}  // namespace shouhu::service
