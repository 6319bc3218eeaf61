// Unit tests of the SQL text layer: rendering per dialect, the statement table, migrations.
#include <algorithm>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "storage/sql/case_query.h"
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
  for (const char* name : {"schema.ping",
                           "unit.insert",
                           "user.list_after",
                           "session.touch",
                           "audit.append",
                           "audit.list_desc_before",
                           "probe.echo",
                           "child.insert",
                           "child.update_identity",
                           "child.find_by_id_number_index",
                           "child.insert_name_token",
                           "case.next_number",
                           "case.insert",
                           "case.update",
                           "case.set_child",
                           "case.list_by_child",
                           "incident.insert",
                           "incident.scan",
                           "case_event.append",
                           "case_grant.grant",
                           "case_grant.has_active",
                           "idempotency.find",
                           "idempotency.insert"}) {
    const std::string* sqlite = FindStatement(Backend::kSqlite, name);
    const std::string* postgres = FindStatement(Backend::kPostgres, name);
    ASSERT_NE(sqlite, nullptr) << name;
    ASSERT_NE(postgres, nullptr) << name;
    EXPECT_EQ(postgres->find('?'), std::string::npos) << name;
  }
  EXPECT_EQ(FindStatement(Backend::kSqlite, "unit.nope"), nullptr);
}

size_t CountPlaceholders(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '?'));
}

TEST(CaseListQuery, WithoutFiltersIsNewestFirstWithALimit) {
  CaseFilter filter;
  filter.limit = 20;
  const GeneratedQuery query = CaseListQuery(filter);
  EXPECT_EQ(query.text.find("WHERE"), std::string::npos);
  EXPECT_NE(query.text.find("ORDER BY id DESC LIMIT ?"), std::string::npos);
  ASSERT_EQ(query.params.size(), 1u);
  EXPECT_EQ(std::get<int64_t>(query.params[0]), 20);
}

TEST(CaseListQuery, EveryFilterAddsItsConditionAndParameter) {
  CaseFilter filter;
  filter.status = "registered";
  filter.risk_level = "high";
  filter.harm_type = "neglect";
  filter.intake_channel = "hotline";
  filter.unit_id = 3;
  filter.district_code = "230103";
  filter.reported_from = 1000;
  filter.reported_to = 2000;
  filter.case_number = "NG-2026-000001";
  filter.name_tokens = {"t1", "t2", "t3"};
  filter.created_by_user = 9;
  filter.visible_district = "230103";
  filter.before_id = 77;
  const GeneratedQuery query = CaseListQuery(filter);
  // 9 simple filters + 3 tokens + reporter + district + keyset + limit.
  EXPECT_EQ(query.params.size(), 16u);
  EXPECT_EQ(CountPlaceholders(query.text), query.params.size());
  EXPECT_NE(query.text.find("via_mandatory_report = 1"), std::string::npos);
  EXPECT_NE(query.text.find("id < ?"), std::string::npos);
  EXPECT_EQ(std::get<int64_t>(query.params.back()), 50);  // the default limit
  const std::string postgres = RenderStatement(query.text, Postgres());
  EXPECT_EQ(postgres.find('?'), std::string::npos);
  EXPECT_NE(postgres.find("$16"), std::string::npos);
}

TEST(CaseListQuery, UnitVisibilityIsAUnionOfLedAndGrantedCases) {
  CaseFilter filter;
  filter.visible_to_unit = 5;
  filter.grants_valid_at = 1000;
  filter.status = "closed";
  filter.limit = 10;
  const GeneratedQuery query = CaseListQuery(filter);
  EXPECT_NE(query.text.find(" UNION "), std::string::npos);
  EXPECT_NE(query.text.find("lead_unit_id = ?"), std::string::npos);
  EXPECT_NE(query.text.find("g.revoked_at = 0"), std::string::npos);
  EXPECT_NE(query.text.find("g.expires_at > ?"), std::string::npos)
      << "expired grants show nothing";
  // Led branch: unit, status, limit; granted branch: unit, now, status, limit; the outer limit.
  EXPECT_EQ(query.params.size(), 8u);
  EXPECT_EQ(CountPlaceholders(query.text), query.params.size());
  EXPECT_EQ(std::get<int64_t>(query.params[0]), 5);
  EXPECT_EQ(std::get<std::string>(query.params[1]), "closed");
  EXPECT_EQ(std::get<int64_t>(query.params[3]), 5);
  EXPECT_EQ(std::get<int64_t>(query.params[4]), 1000);
}

// Migrations are numbered 1..N without gaps or repeats, in order: a database at version N has run
// exactly the first N scripts.
TEST(Migrations, AreNumberedOneToNWithoutGaps) {
  int expected = 1;
  for (const Migration& m : Migrations()) {
    EXPECT_EQ(m.version, expected) << m.name;
    ++expected;
    EXPECT_FALSE(m.name.empty());
    char number[16];
    std::snprintf(number, sizeof number, "%04d_", m.version);
    EXPECT_EQ(m.name.rfind(number, 0), 0u) << m.name;
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
