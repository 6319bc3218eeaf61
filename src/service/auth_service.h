// AuthService: sign-in, sessions, CSRF, lockout, per-IP login rate limit and the audit of every
// refused request. Thread-safe: state lives in the database, plus a rate limiter and an
// unknown-user failure table behind mutexes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "audit/audit_log.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/status.h"
#include "security/password.h"
#include "security/rate_limiter.h"
#include "service/actor.h"
#include "storage/database.h"
#include "storage/records.h"

namespace shouhu::service {

struct AuthOptions {
  int64_t session_idle_timeout_s = 15 * 60;        // session ends after this much inactivity
  int64_t session_absolute_timeout_s = 12 * 3600;  // and at the latest this long after sign-in
  int64_t session_touch_interval_s = 60;  // last-seen is written at most this often per session
  // A resolved session is reused for this long without reading the database again. Sign-out and
  // password changes on this instance take effect at once; a disable or reset by an administrator
  // (or on another instance) within this window.
  int64_t session_cache_ms = 2000;
  int max_failed_logins = 5;       // consecutive failures before the account locks
  int64_t lockout_s = 15 * 60;     // how long a lock lasts
  int login_rate_per_minute = 20;  // sign-in attempts per client IP per minute
  int login_rate_burst = 10;       // bucket size of the per-IP limit
  int min_password_length = 12;    // characters (code points)
  security::HashCost hash_cost = security::HashCost::kInteractive;  // Argon2id cost
};

struct LoginResult {
  storage::UserRecord user;
  std::string session_token;  // goes into the HttpOnly cookie; never stored
  std::string csrf_token;     // returned in the body; the client echoes it in X-CSRF-Token
};

class AuthService {
 public:
  AuthService(storage::Database& db, const Clock& clock, Random& random, AuthOptions options);

  // The same answer (kUnauthenticated "login_failed") and the same work for unknown users and
  // wrong passwords (a disabled account included). The right password of a disabled account gets
  // kPermissionDenied "account_disabled". kLocked while locked, kTooManyRequests over the IP limit
  // (retry_after_s set). Every attempt is audited.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& client_address, int64_t* retry_after_s = nullptr);

  // Resolves a session cookie. kUnauthenticated "not_signed_in" (no/unknown token) or
  // "session_expired" (idle or absolute timeout; the session is deleted).
  Result<Actor> Authenticate(const std::string& session_token, const std::string& client_address);

  // The CSRF token of a session is derived from its token, so a reloaded page can ask for it
  // again (GET /auth/me) without the server storing it in clear.
  static std::string CsrfTokenFor(const std::string& session_token);
  // kPermissionDenied "csrf_failed" unless `header_token` is the session's CSRF token.
  Status CheckCsrf(const std::string& session_token, const std::string& header_token) const;

  Status Logout(const Actor& actor);
  // The signed-in user changes their own password (required after a one-time password).
  Status ChangePassword(const Actor& actor, const std::string& current_password,
                        const std::string& new_password);

  // Writes the audit row for a refused request (401/403/429 ...). Identity-free: route pattern,
  // method and status only.
  // `action` is the route's policy action ("" when it declares none); with `object_id` (the id
  // in the path) the row names that object ("case" 12) and the route goes into its detail.
  Status RecordDenial(const std::optional<Actor>& actor, const std::string& action,
                      const std::string& method, const std::string& route, const Status& reason,
                      const std::string& client_address, const std::string& object_type = "",
                      const std::string& object_id = "");
  // RecordDenial without waiting: `done` receives its result once the row is durable.
  void RecordDenialAsync(const std::optional<Actor>& actor, const std::string& action,
                         const std::string& method, const std::string& route, const Status& reason,
                         const std::string& client_address, const std::string& object_type,
                         const std::string& object_id, storage::Database::Done done);

  // The one audit row of a signed-in request (service/request_audit.h), written after its
  // handler returned `outcome` unless the use case wrote it in its own transaction.
  Status FinishRequest(const Actor& actor, const Status& outcome);
  // FinishRequest without waiting: `done` receives its result once the row is durable (see
  // RequestAudit::FinishAsync).
  void FinishRequestAsync(const Actor& actor, const Status& outcome, storage::Database::Done done);

  // Refusals of requests without a valid session are not written one row each (they would let
  // anyone flood the chained log): they are counted per client address and route, in memory and
  // bounded, and FlushAnonymousRefusals writes one summarising row per (client, route) — the
  // server calls it every sweep interval and at shutdown. Never touches the database itself.
  void CountAnonymousRefusal(const std::string& client_address, const std::string& route,
                             const std::string& reason);
  // Returns the number of refusals summarised.
  Result<int64_t> FlushAnonymousRefusals();

  // Drops the cached sessions of a user at once (after an administrator disabled the account or
  // reset its password; their database rows are deleted by AccountService).
  void ForgetUser(int64_t user_id);

  const AuthOptions& options() const { return options_; }

 private:
  bool UnknownUserLocked(const std::string& username, int64_t now);
  void UnknownUserFailed(const std::string& username, int64_t now);

  struct CachedSession {
    Actor actor;
    int64_t created_at = 0;
    int64_t last_seen_at = 0;
    int64_t fresh_until = 0;
  };
  // The cached session if it is still fresh and needs neither expiry nor a last-seen write.
  std::optional<Actor> FromCache(const std::string& hash, int64_t now);
  void Remember(const std::string& hash, const Actor& actor, int64_t created_at,
                int64_t last_seen_at, int64_t now);
  void Forget(const std::function<bool(const std::string&, const CachedSession&)>& which);

  storage::Database& db_;
  const Clock& clock_;
  Random& random_;
  const AuthOptions options_;
  std::mutex anonymous_mu_;
  // (client address, route, reason) -> refusals since the last flush.
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> anonymous_;
  int64_t anonymous_overflow_ = 0;  // refusals beyond the key bound, summarised as one row
  security::RateLimiter login_limiter_;
  std::shared_mutex cache_mu_;
  std::unordered_map<std::string, CachedSession> cache_;
  // Failures for usernames that do not exist, so that they lock exactly like real ones and
  // lockout does not reveal which usernames exist. Bounded; pruned when full.
  struct UnknownFailures {
    int count = 0;
    int64_t locked_until = 0;
  };
  std::mutex unknown_mu_;
  std::map<std::string, UnknownFailures> unknown_;
};

}  // namespace shouhu::service
