// Config: every setting of the server, its default and its meaning, in one place. Built once at
// start-up by LoadConfig() from defaults, then the TOML file, then SHOUHU_* environment variables,
// then command-line flags; immutable afterwards and safe to share.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "http/server.h"
#include "service/auth_service.h"
#include "service/stats_service.h"
#include "storage/database.h"

namespace shouhu {

struct Config {
  http::ServerOptions server;  // listen address, threads, limits, timeouts, static root
  std::string database_url = "sqlite:data/shouhu.db";  // sqlite:PATH or postgresql://...
  storage::DatabaseOptions database;
  service::AuthOptions auth;       // sessions, lockout, rate limit, password rules and hash cost
  std::string log_level = "info";  // trace, debug, info, warn, error
  std::string log_file;            // JSON lines; empty = standard error
  bool auto_migrate = true;        // `serve` applies pending migrations at start-up
  // The key file of the field encryption and blind indexes (see security/key_ring.h); kept
  // outside the database. Required to serve; `shouhu keys init` creates one.
  std::string key_file;
  std::string rules_file;  // district rules (clocks, enumeration additions); empty = defaults
  // [stats] suppression_threshold (default 5; counts below it read "<5" in every table that
  // leaves the coordinating unit) and suppress_zero (default false: zeros are shown); the
  // two-person rule's clear_export_approval_above (default 20: a clear export of more cases needs
  // an approver of the district) and clear_export_daily_cap (default 200 cases per user and day).
  service::StatsOptions stats;
};

struct ConfigSources {
  std::string config_file;  // --config / SHOUHU_CONFIG; empty = none
  std::string listen;       // --listen HOST:PORT / SHOUHU_LISTEN
  std::string database;     // --database URL / SHOUHU_DATABASE
};

// Reads the file and environment (SHOUHU_LISTEN, SHOUHU_DATABASE, SHOUHU_CONFIG,
// SHOUHU_STATIC_ROOT, SHOUHU_LOG_LEVEL, SHOUHU_IO_THREADS, SHOUHU_WORKER_THREADS,
// SHOUHU_PASSWORD_HASH_COST, SHOUHU_KEY_FILE, SHOUHU_RULES_FILE); flags in `sources` win over the
// environment.
Result<Config> LoadConfig(const ConfigSources& sources);

// "127.0.0.1:8080" -> host, port; kInvalidArgument naming "listen" otherwise.
Status ParseListen(const std::string& text, std::string* host, uint16_t* port);

}  // namespace shouhu
