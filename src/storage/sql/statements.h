// Named statements: every fixed SQL statement the stores and the generic layer run, one section
// per aggregate, looked up by name ("unit.insert") and rendered once per dialect; and
// GeneratedQuery, the text storage/sql/ builds at run time. Immutable after first use
// (initialisation is thread-safe); safe to share across threads.
#pragma once

#include <string>
#include <string_view>

#include "storage/database.h"

namespace shouhu::storage::sql {

// The statement's text for `backend` (placeholders already numbered for PostgreSQL), or nullptr
// for an unknown name. The pointer stays valid for the life of the process.
const std::string* FindStatement(Backend backend, std::string_view name);

// A read query built at run time by storage/sql/ (e.g. CaseListQuery in case_query.h), run with
// Tx::QueryGenerated. `text` uses `?` placeholders like the named statements; the backend renders
// it for its dialect (RenderStatement). `params` holds one value per `?`, in order.
struct GeneratedQuery {
  std::string text;
  Params params;
};

}  // namespace shouhu::storage::sql
