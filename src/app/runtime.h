// Runtime: the wired process — configuration, clock, randomness, database and services. The only
// place (with open_database.cc) that names concrete types. Built once; its services are
// thread-safe.
#pragma once

#include <memory>
#include <string>

#include "app/config.h"
#include "app/rules.h"
#include "core/clock.h"
#include "core/random.h"
#include "security/key_ring.h"
#include "service/account_service.h"
#include "service/assistance_service.h"
#include "service/audit_service.h"
#include "service/auth_service.h"
#include "service/case_service.h"
#include "service/prevention_service.h"
#include "service/stats_service.h"
#include "service/workflow_service.h"
#include "storage/database.h"

namespace shouhu {

struct Runtime {
  Config config;
  SystemClock clock;
  CryptoRandom random;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::AuthService> auth;
  std::unique_ptr<service::AccountService> accounts;
  std::unique_ptr<service::AuditService> audit;
  Rules rules;
  std::optional<security::KeyRing> keys;               // loaded from config.key_file when set
  std::unique_ptr<service::CaseService> cases;         // present when the keys are
  std::unique_ptr<service::WorkflowService> workflow;  // with `cases`
  // Proceedings, services and interviews; present when the keys are.
  std::unique_ptr<service::AssistanceService> assistance;
  std::unique_ptr<service::PreventionService> prevention;
  std::unique_ptr<service::StatsService> stats;
};

// Writes a fresh key file at `path` with mode 0600; refuses to overwrite an existing file.
Status WriteNewKeyFile(const std::string& path, Random& random);

// `shouhu keys rotate`: writes the rotated key file first (old keys kept, a new current one), then
// re-encrypts every value under the new key, so a crash in between loses nothing. Returns the
// number of values re-encrypted.
Result<int64_t> RotateKeys(Runtime& runtime);

// Reads and parses a key file; errors name the field "key_file" and never quote key material.
Result<security::KeyRing> ReadKeyFile(const std::string& path);

enum class MigrationPolicy {
  kApply,           // apply pending migrations (serve with auto_migrate, migrate)
  kRequireCurrent,  // refuse if any is pending
};

// Opens the database, checks its schema against this binary (refusing a newer one) and builds the
// services.
Result<std::unique_ptr<Runtime>> OpenRuntime(Config config, MigrationPolicy policy);

// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts later. Call first
// in main() when serving, so that Serve() can wait for them on a thread of its own.
void BlockTerminationSignals();

// Runs the HTTP server until SIGTERM or SIGINT; returns the process exit code.
int Serve(Runtime& runtime);

// Loads the fictional demo district when the database has no units yet; prints the demo
// accounts with their one-time passwords to `out`. Returns false if already loaded.
Result<bool> LoadDemoDistrict(Runtime& runtime, std::FILE* out);

// Sets up JSON-lines logging to standard error or the configured file.
void SetUpLogging(const Config& config);

}  // namespace shouhu
