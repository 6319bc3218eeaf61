#include "service/auth_service.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>

#include "storage/stores.h"

namespace shouhu::service {
namespace {

constexpr size_t kTokenBytes = 32;  // 256-bit session tokens
constexpr size_t kMaxUnknownUsers = 10'000;
constexpr size_t kMaxCachedSessions = 100'000;

std::string NormaliseUsername(std::string username) {
  std::transform(username.begin(), username.end(), username.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return username;
}

bool ConstantTimeEqual(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Actor ActorFrom(const storage::UserRecord& user, std::string session_hash, std::string client) {
  Actor a;
  a.user_id = user.id;
  a.unit_id = user.unit_id;
  a.role = domain::ParseRole(user.role).value_or(domain::Role::kVolunteer);
  a.username = user.username;
  a.must_change_password = user.must_change_password;
  a.session_hash = std::move(session_hash);
  a.client_address = std::move(client);
  return a;
}

}  // namespace

AuthService::AuthService(storage::Database& db, const Clock& clock, Random& random,
                         AuthOptions options)
    : db_(db),
      clock_(clock),
      random_(random),
      options_(options),
      login_limiter_(clock, options.login_rate_per_minute, options.login_rate_burst) {}

bool AuthService::UnknownUserLocked(const std::string& username, int64_t now) {
  std::lock_guard lock(unknown_mu_);
  auto it = unknown_.find(username);
  return it != unknown_.end() && it->second.locked_until > now;
}

void AuthService::UnknownUserFailed(const std::string& username, int64_t now) {
  std::lock_guard lock(unknown_mu_);
  if (unknown_.size() >= kMaxUnknownUsers) {
    std::erase_if(unknown_, [&](const auto& kv) { return kv.second.locked_until <= now; });
    if (unknown_.size() >= kMaxUnknownUsers) unknown_.clear();
  }
  auto& f = unknown_[username];
  if (f.locked_until != 0 && f.locked_until <= now) f = {};
  if (++f.count >= options_.max_failed_logins) {
    f.count = 0;
    f.locked_until = now + options_.lockout_s * 1000;
  }
}

Result<LoginResult> AuthService::Login(const std::string& raw_username, const std::string& password,
                                       const std::string& client_address, int64_t* retry_after_s) {
  const int64_t now = clock_.NowMillis();
  const std::string username = NormaliseUsername(raw_username);
  audit::Event event{
      .action = "auth.login", .object_type = "session", .client_address = client_address};

  if (!login_limiter_.Allow(client_address, retry_after_s)) {
    event.result = "rate_limited";
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
    return Status::TooManyRequests("login_rate_limited");
  }

  std::optional<storage::UserRecord> user;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(user, storage::user_store::FindByUsername(tx, username));
    return Status::Ok();
  }));

  if (!user) {
    // Unknown username: the same lock rule, the same hash work, the same answer.
    if (UnknownUserLocked(username, now)) {
      event.result = "locked";
      SHOUHU_RETURN_IF_ERROR(
          db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
      return Status::Locked("account_locked");
    }
    (void)security::VerifyPassword(security::DecoyHash(options_.hash_cost), password);
    UnknownUserFailed(username, now);
    event.result = "failed";
    event.detail = "unknown_user";
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
    return Status::Unauthenticated("login_failed");
  }

  event.user_id = user->id;
  event.unit_id = user->unit_id;
  if (user->locked_until > now) {
    event.result = "locked";
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
    return Status::Locked("account_locked");
  }

  const bool password_ok = security::VerifyPassword(user->password_hash, password);
  if (password_ok && user->disabled) {
    // Only someone who knows the password learns that the account is disabled, so this answer
    // reveals nothing to a guesser; it is not a failure towards the lock.
    event.result = "failed";
    event.detail = "disabled";
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
    return Status::PermissionDenied("account_disabled");
  }
  if (password_ok && user->approval_pending) {
    // The two-person rule: created or reset by the administrator, not yet approved by a
    // coordinator or leader of the district. As for a disabled account, only someone who knows
    // the password learns this, and it tells the new user to wait rather than retry.
    event.result = "failed";
    event.detail = "approval_pending";
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); }));
    return Status::PermissionDenied("account_pending_approval");
  }
  if (!password_ok) {
    // A lock that has run out starts the count afresh.
    const int previous = user->locked_until != 0 ? 0 : user->failed_logins;
    int failures = previous + 1;
    int64_t locked_until = 0;
    if (failures >= options_.max_failed_logins) {
      failures = 0;
      locked_until = now + options_.lockout_s * 1000;
    }
    event.result = "failed";
    event.detail = "wrong_password";
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
      SHOUHU_RETURN_IF_ERROR(
          storage::user_store::RecordLoginFailure(tx, user->id, failures, locked_until));
      SHOUHU_RETURN_IF_ERROR(audit::Append(tx, clock_, event));
      if (locked_until != 0) {
        audit::Event lock = event;
        lock.action = "auth.lockout";
        lock.object_type = "user";
        lock.object_id = std::to_string(user->id);
        lock.result = "locked";
        lock.detail = {};
        SHOUHU_RETURN_IF_ERROR(audit::Append(tx, clock_, lock));
      }
      return Status::Ok();
    }));
    return Status::Unauthenticated("login_failed");
  }

  LoginResult result;
  result.session_token = random_.Token(kTokenBytes);
  result.csrf_token = CsrfTokenFor(result.session_token);
  storage::SessionRecord session;
  session.token_hash = Sha256Hex(result.session_token);
  session.csrf_hash = Sha256Hex(result.csrf_token);
  session.user_id = user->id;
  session.created_at = now;
  session.last_seen_at = now;
  session.client_address = client_address;
  event.result = "ok";
  event.object_id = session.token_hash.substr(0, 16);
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(storage::user_store::RecordLoginSuccess(tx, user->id));
    SHOUHU_RETURN_IF_ERROR(storage::session_store::Insert(tx, session));
    return audit::Append(tx, clock_, event);
  }));
  user->failed_logins = 0;
  user->locked_until = 0;
  result.user = std::move(*user);
  return result;
}

Result<Actor> AuthService::Authenticate(const std::string& session_token,
                                        const std::string& client_address) {
  if (session_token.empty()) return Status::Unauthenticated("not_signed_in");
  const std::string hash = Sha256Hex(session_token);
  if (auto cached = FromCache(hash, clock_.NowMillis())) {
    cached->client_address = client_address;
    return *cached;
  }
  std::optional<storage::SessionRecord> session;
  std::optional<storage::UserRecord> user;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(session, storage::session_store::Find(tx, hash));
    if (!session) return Status::Ok();
    SHOUHU_ASSIGN_OR_RETURN(user, storage::user_store::FindById(tx, session->user_id));
    return Status::Ok();
  }));
  if (!session || !user || user->disabled || user->approval_pending)
    return Status::Unauthenticated("not_signed_in");

  const int64_t now = clock_.NowMillis();
  const bool idle = now - session->last_seen_at > options_.session_idle_timeout_s * 1000;
  const bool too_old = now - session->created_at > options_.session_absolute_timeout_s * 1000;
  if (idle || too_old) {
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
      SHOUHU_RETURN_IF_ERROR(storage::session_store::Delete(tx, hash));
      return audit::Append(tx, clock_,
                           {.user_id = user->id,
                            .unit_id = user->unit_id,
                            .action = "auth.expire",
                            .object_type = "session",
                            .object_id = hash.substr(0, 16),
                            .result = idle ? "idle_timeout" : "absolute_timeout",
                            .client_address = client_address});
    }));
    return Status::Unauthenticated("session_expired");
  }
  int64_t last_seen = session->last_seen_at;
  if (now - session->last_seen_at >= options_.session_touch_interval_s * 1000) {
    SHOUHU_RETURN_IF_ERROR(
        db_.Write([&](storage::Tx& tx) { return storage::session_store::Touch(tx, hash, now); }));
    last_seen = now;
  }
  Actor actor = ActorFrom(*user, hash, client_address);
  Remember(hash, actor, session->created_at, last_seen, now);
  return actor;
}

std::optional<Actor> AuthService::FromCache(const std::string& hash, int64_t now) {
  std::shared_lock lock(cache_mu_);
  auto it = cache_.find(hash);
  if (it == cache_.end()) return std::nullopt;
  const CachedSession& c = it->second;
  const bool fresh = now < c.fresh_until;
  const bool needs_touch = now - c.last_seen_at >= options_.session_touch_interval_s * 1000;
  const bool expiring = now - c.created_at > options_.session_absolute_timeout_s * 1000;
  if (!fresh || needs_touch || expiring) return std::nullopt;  // the database decides
  return c.actor;
}

void AuthService::Remember(const std::string& hash, const Actor& actor, int64_t created_at,
                           int64_t last_seen_at, int64_t now) {
  if (options_.session_cache_ms <= 0) return;
  std::unique_lock lock(cache_mu_);
  if (cache_.size() >= kMaxCachedSessions) {
    std::erase_if(cache_, [&](const auto& kv) { return kv.second.fresh_until <= now; });
    if (cache_.size() >= kMaxCachedSessions) cache_.clear();
  }
  cache_[hash] = {.actor = actor,
                  .created_at = created_at,
                  .last_seen_at = last_seen_at,
                  .fresh_until = now + options_.session_cache_ms};
}

void AuthService::Forget(
    const std::function<bool(const std::string&, const CachedSession&)>& which) {
  std::unique_lock lock(cache_mu_);
  std::erase_if(cache_, [&](const auto& kv) { return which(kv.first, kv.second); });
}

void AuthService::ForgetUser(int64_t user_id) {
  Forget([&](const std::string&, const CachedSession& c) { return c.actor.user_id == user_id; });
}

std::string AuthService::CsrfTokenFor(const std::string& session_token) {
  return Sha256Hex("shouhu-csrf:" + session_token);
}

Status AuthService::CheckCsrf(const std::string& session_token,
                              const std::string& header_token) const {
  if (header_token.empty() || !ConstantTimeEqual(CsrfTokenFor(session_token), header_token)) {
    return Status::PermissionDenied("csrf_failed");
  }
  return Status::Ok();
}

Status AuthService::Logout(const Actor& actor) {
  const Status ended = db_.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(storage::session_store::Delete(tx, actor.session_hash));
    return Record(tx, clock_, actor,
                  {.user_id = actor.user_id,
                   .unit_id = actor.unit_id,
                   .action = "auth.logout",
                   .object_type = "session",
                   .object_id = actor.session_hash.substr(0, 16),
                   .result = "ok",
                   .client_address = actor.client_address});
  });
  // After the commit, so that no request in between can cache the session again.
  Forget([&](const std::string& hash, const CachedSession&) { return hash == actor.session_hash; });
  return ended;
}

Status AuthService::ChangePassword(const Actor& actor, const std::string& current_password,
                                   const std::string& new_password) {
  if (actor.is_command_line()) return Status::PermissionDenied("not_a_user");
  std::optional<storage::UserRecord> user;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(user, storage::user_store::FindById(tx, *actor.user_id));
    return Status::Ok();
  }));
  if (!user) return Status::Unauthenticated("not_signed_in");
  if (!security::VerifyPassword(user->password_hash, current_password)) {
    return Status::InvalidField("current_password", "wrong_password");
  }
  if (Status weak =
          security::CheckPasswordPolicy(new_password, user->username, options_.min_password_length);
      !weak.ok()) {
    return Status::InvalidField("new_password", weak.fields().begin()->second);
  }
  if (new_password == current_password) return Status::InvalidField("new_password", "unchanged");
  SHOUHU_ASSIGN_OR_RETURN(auto hash, security::HashPassword(new_password, options_.hash_cost));
  const int64_t now = clock_.NowMillis();
  const Status changed = db_.Write([&](storage::Tx& tx) -> Status {
    SHOUHU_RETURN_IF_ERROR(storage::user_store::SetPassword(tx, user->id, hash, false, now));
    return Record(tx, clock_, actor,
                  {.user_id = actor.user_id,
                   .unit_id = actor.unit_id,
                   .action = "user.password_change",
                   .object_type = "user",
                   .object_id = std::to_string(user->id),
                   .result = "ok",
                   .client_address = actor.client_address});
  });
  // The cached sessions carry must_change_password: after the commit, let them be read afresh.
  Forget(
      [&](const std::string&, const CachedSession& c) { return c.actor.user_id == actor.user_id; });
  return changed;
}

Status AuthService::FinishRequest(const Actor& actor, const Status& outcome) {
  if (!actor.request) return Status::Ok();
  return actor.request->Finish(db_, clock_, actor, outcome);
}

void AuthService::FinishRequestAsync(const Actor& actor, const Status& outcome,
                                     storage::Database::Done done) {
  if (!actor.request) return done(Status::Ok());
  actor.request->FinishAsync(db_, clock_, actor, outcome, std::move(done));
}

namespace {
constexpr size_t kMaxAnonymousKeys = 4096;
}  // namespace

void AuthService::CountAnonymousRefusal(const std::string& client_address, const std::string& route,
                                        const std::string& reason) {
  std::lock_guard lock(anonymous_mu_);
  auto key = std::make_tuple(client_address, route, reason);
  auto it = anonymous_.find(key);
  if (it != anonymous_.end()) {
    ++it->second;
  } else if (anonymous_.size() < kMaxAnonymousKeys) {
    anonymous_.emplace(std::move(key), 1);
  } else {
    ++anonymous_overflow_;
  }
}

Result<int64_t> AuthService::FlushAnonymousRefusals() {
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> counts;
  int64_t overflow = 0;
  {
    std::lock_guard lock(anonymous_mu_);
    counts.swap(anonymous_);
    std::swap(overflow, anonymous_overflow_);
  }
  if (counts.empty() && overflow == 0) return int64_t{0};
  int64_t total = overflow;
  const Status written = db_.Write([&](storage::Tx& tx) -> Status {
    for (const auto& [key, n] : counts) {
      const auto& [client, route, reason] = key;
      SHOUHU_RETURN_IF_ERROR(
          audit::Append(tx, clock_,
                        {.action = "request.unauthenticated",
                         .object_type = "route",
                         .object_id = route,
                         .result = "denied",
                         .client_address = client,
                         .detail = "count=" + std::to_string(n) + " reason=" + reason}));
    }
    if (overflow > 0) {
      SHOUHU_RETURN_IF_ERROR(audit::Append(tx, clock_,
                                           {.action = "request.unauthenticated",
                                            .object_type = "route",
                                            .object_id = "*",
                                            .result = "denied",
                                            .client_address = "*",
                                            .detail = "count=" + std::to_string(overflow)}));
    }
    return Status::Ok();
  });
  if (!written.ok()) {
    // Not lost: counted again with the next flush.
    std::lock_guard lock(anonymous_mu_);
    for (const auto& [key, n] : counts) anonymous_[key] += n;
    anonymous_overflow_ += overflow;
    return written;
  }
  for (const auto& [key, n] : counts) total += n;
  return total;
}

namespace {

audit::Event DenialEvent(const std::optional<Actor>& actor, const std::string& action,
                         const std::string& method, const std::string& route, const Status& reason,
                         const std::string& client_address, const std::string& object_type,
                         const std::string& object_id) {
  audit::Event event{.action = action.empty() ? "request.denied" : action,
                     .object_type = "route",
                     .object_id = method + " " + route,
                     .result = "denied",
                     .client_address = client_address,
                     .detail = std::string(reason.message())};
  if (!object_id.empty() && !object_type.empty()) {
    event.object_type = object_type;
    event.object_id = object_id;
    event.detail += " " + method + " " + route;
  }
  if (actor) {
    event.user_id = actor->user_id;
    event.unit_id = actor->unit_id;
  }
  return event;
}

}  // namespace

Status AuthService::RecordDenial(const std::optional<Actor>& actor, const std::string& action,
                                 const std::string& method, const std::string& route,
                                 const Status& reason, const std::string& client_address,
                                 const std::string& object_type, const std::string& object_id) {
  const audit::Event event =
      DenialEvent(actor, action, method, route, reason, client_address, object_type, object_id);
  return db_.Write([&](storage::Tx& tx) { return audit::Append(tx, clock_, event); });
}

void AuthService::RecordDenialAsync(const std::optional<Actor>& actor, const std::string& action,
                                    const std::string& method, const std::string& route,
                                    const Status& reason, const std::string& client_address,
                                    const std::string& object_type, const std::string& object_id,
                                    storage::Database::Done done) {
  db_.WriteAsync([this, event = DenialEvent(actor, action, method, route, reason, client_address,
                                            object_type, object_id)](
                     storage::Tx& tx) { return audit::Append(tx, clock_, event); },
                 std::move(done));
}

}  // namespace shouhu::service
