// Named statements: every SQL statement the stores and the generic layer run, one section per
// aggregate, looked up by name ("unit.insert") and rendered once per dialect. Immutable after
// first use (initialisation is thread-safe); safe to share across threads.
#pragma once

#include <string>
#include <string_view>

#include "storage/database.h"

namespace shouhu::storage::sql {

// The statement's text for `backend` (placeholders already numbered for PostgreSQL), or nullptr
// for an unknown name. The pointer stays valid for the life of the process.
const std::string* FindStatement(Backend backend, std::string_view name);

}  // namespace shouhu::storage::sql
