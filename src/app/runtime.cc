#include "app/runtime.h"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace shouhu {

Result<security::KeyRing> ReadKeyFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::InvalidArgument("key_file_missing", {{"key_file", "not_found"}});
  std::stringstream text;
  text << in.rdbuf();
  auto ring = security::LoadKeyRing(text.str());
  if (!ring.ok()) return Status::InvalidArgument("key_file_invalid", {{"key_file", "bad_format"}});
  return ring;
}

namespace {

// Writes `text` to `path` through a temporary file, fsync and rename: the file is either the old
// one or the new one, never half written.
Status WriteSecretFile(const std::string& path, const std::string& text, bool exclusive) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::InvalidArgument("key_file_unwritable", {{"key_file", "unwritable"}});
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Status::InvalidArgument("key_file_unwritable", {{"key_file", "unwritable"}});
  if (exclusive) {
    // link() fails if the target exists: no race with another writer.
    if (::link(tmp.c_str(), path.c_str()) != 0) {
      ::unlink(tmp.c_str());
      return Status::Conflict("key_file_exists", {{"key_file", "taken"}});
    }
    ::unlink(tmp.c_str());
    return Status::Ok();
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0)
    return Status::InvalidArgument("key_file_unwritable", {{"key_file", "unwritable"}});
  return Status::Ok();
}

}  // namespace

Status WriteNewKeyFile(const std::string& path, Random& random) {
  return WriteSecretFile(path, security::GenerateKeyFile(random), true);
}

Result<int64_t> RotateKeys(Runtime& rt) {
  if (rt.config.key_file.empty() || !rt.cases)
    return Status::InvalidArgument("key_file_missing", {{"key_file", "required"}});
  std::ifstream in(rt.config.key_file);
  std::stringstream text;
  text << in.rdbuf();
  SHOUHU_ASSIGN_OR_RETURN(const std::string rotated,
                          security::RotateKeyFile(text.str(), rt.random));
  SHOUHU_ASSIGN_OR_RETURN(const security::KeyRing next, security::LoadKeyRing(rotated));
  SHOUHU_RETURN_IF_ERROR(WriteSecretFile(rt.config.key_file, rotated, false));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t case_values, rt.cases->RotateKeys(next));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t workflow_values, rt.workflow->RotateKeys(next));
  int64_t assistance_values = 0;
  if (rt.assistance) {
    SHOUHU_ASSIGN_OR_RETURN(assistance_values, rt.assistance->RotateKeys(next));
  }
  return case_values + workflow_values + assistance_values;
}

Result<std::unique_ptr<Runtime>> OpenRuntime(Config config, MigrationPolicy policy) {
  auto rt = std::make_unique<Runtime>();
  rt->config = std::move(config);
  SHOUHU_ASSIGN_OR_RETURN(rt->db,
                          storage::OpenDatabase(rt->config.database_url, rt->config.database));
  SHOUHU_RETURN_IF_ERROR(storage::CheckSchema(*rt->db));
  SHOUHU_ASSIGN_OR_RETURN(const int version, rt->db->SchemaVersion());
  if (version < storage::KnownSchemaVersion()) {
    if (policy == MigrationPolicy::kRequireCurrent)
      return Status::Conflict("schema_migration_pending");
    SHOUHU_RETURN_IF_ERROR(rt->db->Migrate());
    spdlog::info(R"({{"event":"migrated","from":{},"to":{}}})", version,
                 storage::KnownSchemaVersion());
  }
  rt->auth =
      std::make_unique<service::AuthService>(*rt->db, rt->clock, rt->random, rt->config.auth);
  rt->accounts =
      std::make_unique<service::AccountService>(*rt->db, rt->clock, rt->random, rt->config.auth);
  rt->audit = std::make_unique<service::AuditService>(*rt->db, rt->clock);
  SHOUHU_ASSIGN_OR_RETURN(rt->rules, LoadRules(rt->config.rules_file));
  if (!rt->config.key_file.empty()) {
    SHOUHU_ASSIGN_OR_RETURN(rt->keys, ReadKeyFile(rt->config.key_file));
    rt->cases = std::make_unique<service::CaseService>(*rt->db, rt->clock, rt->random, *rt->keys,
                                                       rt->rules.enumerations, rt->rules.cases);
    rt->workflow = std::make_unique<service::WorkflowService>(*rt->db, rt->clock, rt->random,
                                                              *rt->keys, rt->rules.enumerations,
                                                              *rt->cases, rt->rules.workflow);
    service::WorkflowService* workflow = rt->workflow.get();
    rt->cases->SetIntakeListener([workflow](storage::Tx& tx, const storage::CaseRecord& record) {
      return workflow->OnIntake(tx, record);
    });
    rt->assistance = std::make_unique<service::AssistanceService>(
        *rt->db, rt->clock, rt->random, *rt->keys, *rt->cases, rt->rules.proceeding_clocks);
    rt->prevention = std::make_unique<service::PreventionService>(
        *rt->db, rt->clock, rt->random, *rt->keys, rt->rules.enumerations, rt->rules.prevention);
  }
  service::StatsOptions stats = rt->config.stats;
  stats.clocks = rt->rules.proceeding_clocks;
  rt->stats = std::make_unique<service::StatsService>(*rt->db, rt->clock, rt->rules.enumerations,
                                                      stats, rt->cases.get());
  return rt;
}

}  // namespace shouhu
