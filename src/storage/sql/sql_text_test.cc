// Unit tests of the SQL text layer: rendering per dialect, the statement table, migrations.
#include <gtest/gtest.h>

#include "storage/sql/dialect.h"
#include "storage/sql/migrations.h"
#include "storage/sql/statements.h"

namespace shouhu::storage::sql {
namespace {

const Dialect& Sqlite() {
  return DialectFor(Backend::kSqlite);
}
const Dialect& Postgres() {
  return DialectFor(Backend::kPostgres);
}

TEST(Render, NumbersPlaceholdersForPostgresOnly) {
  const std::string text = "SELECT a FROM t WHERE b = ? AND c > ? LIMIT ?";
  EXPECT_EQ(RenderStatement(text, Sqlite()), text);
  EXPECT_EQ(RenderStatement(text, Postgres()), "SELECT a FROM t WHERE b = $1 AND c > $2 LIMIT $3");
}

TEST(Render, LeavesQuotedQuestionMarksAlone) {
  EXPECT_EQ(RenderStatement("SELECT '?', \"a?\", ? -- why?\n, ?", Postgres()),
            "SELECT '?', \"a?\", $1 -- why?\n, $2");
}

TEST(Render, ReplacesTypeTokens) {
  EXPECT_EQ(RenderScript("id {{ID}}, b {{BLOB}}", Sqlite()),
            "id INTEGER PRIMARY KEY AUTOINCREMENT, b BLOB");
  EXPECT_EQ(RenderScript("id {{ID}}, b {{BLOB}}", Postgres()),
            "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, b BYTEA");
}

TEST(Render, PostgresWriteTransactionTakesTheWriterLock) {
  EXPECT_NE(Postgres().begin_write.find(std::to_string(kWriterLockKey)), std::string_view::npos);
  EXPECT_EQ(Sqlite().begin_write, "BEGIN IMMEDIATE");
}

TEST(Statements, KnownNamesRenderForBothBackends) {
  for (const char* name : {"schema.ping", "unit.insert", "user.list_after", "session.touch",
                           "audit.append", "audit.list_desc_before", "probe.echo"}) {
    const std::string* sqlite = FindStatement(Backend::kSqlite, name);
    const std::string* postgres = FindStatement(Backend::kPostgres, name);
    ASSERT_NE(sqlite, nullptr) << name;
    ASSERT_NE(postgres, nullptr) << name;
    EXPECT_EQ(postgres->find('?'), std::string::npos) << name;
  }
  EXPECT_EQ(FindStatement(Backend::kSqlite, "unit.nope"), nullptr);
}

TEST(Migrations, AreNumberedWithoutGaps) {
  int expected = 1;
  for (const Migration& m : Migrations()) {
    EXPECT_EQ(m.version, expected++);
    EXPECT_FALSE(m.name.empty());
    EXPECT_EQ(RenderMigration(m, Postgres()).find("{{"), std::string::npos);
    EXPECT_EQ(RenderMigration(m, Sqlite()).find("{{"), std::string::npos);
  }
}

TEST(VerifySetting, ComparesCaseInsensitively) {
  const SettingCheck check{"synchronous_commit", "SHOW synchronous_commit", "on"};
  EXPECT_TRUE(VerifySetting(check, "ON").ok());
  const Status weak = VerifySetting(check, "off");
  EXPECT_EQ(weak.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(weak.fields().at("database"), "synchronous_commit");
  EXPECT_FALSE(VerifySetting(check, "local").ok());
}

}  // namespace
}  // namespace shouhu::storage::sql
