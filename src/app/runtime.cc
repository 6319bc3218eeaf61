#include "app/runtime.h"

#include <spdlog/spdlog.h>

namespace shouhu {

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
  return rt;
}

}  // namespace shouhu
