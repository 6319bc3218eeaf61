// Config: every setting of the server, its default and its meaning, in one place. Built once at
// start-up by LoadConfig() from defaults, then the TOML file, then SHOUHU_* environment variables,
// then command-line flags; immutable afterwards and safe to share.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "http/server.h"
#include "storage/database.h"

namespace shouhu {

struct SecurityConfig {
  int64_t session_idle_timeout_s = 15 * 60;       // session ends after this much inactivity
  int64_t session_absolute_timeout_s = 12 * 3600; // and at the latest this long after login
  int max_failed_logins = 5;                      // consecutive failures before lockout
  int64_t lockout_s = 15 * 60;                    // lockout duration
  int login_rate_per_minute = 20;                 // login attempts per client IP per minute
  int login_rate_burst = 10;                      // bucket size for the per-IP limit
  int min_password_length = 12;                   // in characters (code points)
  // Argon2id cost. "interactive" (libsodium's OPSLIMIT/MEMLIMIT_INTERACTIVE, 64 MiB) by default;
  // "moderate" for stronger; "min" only for tests.
  std::string password_hash_cost = "interactive";
};

struct Config {
  http::ServerOptions server;      // listen address, threads, limits, timeouts, static root
  std::string database_url = "sqlite:data/shouhu.db";  // sqlite:PATH or postgresql://...
  storage::DatabaseOptions database;
  SecurityConfig security;
  std::string log_level = "info";  // trace, debug, info, warn, error
  std::string log_file;            // JSON lines; empty = standard error
  bool auto_migrate = true;        // `serve` applies pending migrations at start-up
};

struct ConfigSources {
  std::string config_file;  // --config / SHOUHU_CONFIG; empty = none
  std::string listen;       // --listen HOST:PORT / SHOUHU_LISTEN
  std::string database;     // --database URL / SHOUHU_DATABASE
};

// Reads the file and environment (SHOUHU_LISTEN, SHOUHU_DATABASE, SHOUHU_CONFIG,
// SHOUHU_STATIC_ROOT, SHOUHU_LOG_LEVEL, SHOUHU_IO_THREADS, SHOUHU_WORKER_THREADS,
// SHOUHU_PASSWORD_HASH_COST); flags in `sources` win over the environment.
Result<Config> LoadConfig(const ConfigSources& sources);

// "127.0.0.1:8080" -> host, port; kInvalidArgument naming "listen" otherwise.
Status ParseListen(const std::string& text, std::string* host, uint16_t* port);

}  // namespace shouhu
