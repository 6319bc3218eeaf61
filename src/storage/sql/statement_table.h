// A table of named statements: each written once with `?` placeholders, with a PostgreSQL text
// where the dialects truly differ. statements.cc renders every table for both backends; the
// column order of each SELECT is part of its contract with the store that reads it.
#pragma once

#include <span>
#include <string_view>

namespace shouhu::storage::sql {

struct Statement {
  std::string_view name;
  std::string_view text;
  std::string_view postgres = {};  // "" = same as text
};

// The workflow's statements (workflow_statements.cc, read by storage/workflow_stores.cc).
std::span<const Statement> WorkflowStatements();
// The prevention module's (prevention_statements.cc, read by storage/prevention_stores.cc).
std::span<const Statement> PreventionStatements();

}  // namespace shouhu::storage::sql
