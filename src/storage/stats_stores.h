// Statistics reads (one GROUP BY pass each, see sql/stats_query.h) and the historical counts
// recorded from paper (stats_history). Stateless functions over a Tx; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "storage/database.h"
#include "storage/sql/stats_query.h"

namespace shouhu::storage {

// One group: the reporting month "YYYY-MM", the raw values of the requested columns (as text,
// in the order asked), and the number of rows (cases, or incidents when an incident column was
// asked for).
struct StatsGroup {
  std::string month;
  std::vector<std::string> keys;
  int64_t count = 0;
};

struct StatsHistoryRecord {
  int64_t id = 0;
  std::string district_code;
  int year = 0;
  std::string category;  // "all" or a harm-type code
  int64_t count = 0;
  std::string source;
  std::optional<int64_t> recorded_by;
  int64_t recorded_at = 0;
};

namespace stats_store {

Result<std::vector<StatsGroup>> Count(Tx& tx, Backend backend,
                                      const std::vector<sql::StatsColumn>& columns,
                                      const sql::StatsFilter& filter);
// Girls (distinct child records) per reporting year "YYYY".
Result<std::vector<std::pair<std::string, int64_t>>> GirlsByYear(Tx& tx, Backend backend,
                                                                 const sql::StatsFilter& filter);

// One group of tasks (see sql::StatsTasksQuery).
struct TaskGroup {
  std::string month;
  int64_t unit_id = 0;
  std::string task_type;
  std::string signed_state;  // "on_time" | "late" | "returned" | "overdue" | "open"
  std::string done_state;
  int64_t hours_to_signature = -1;  // -1 not signed; 168 = a week or more
  int64_t count = 0;
};
Result<std::vector<TaskGroup>> CountTasks(Tx& tx, Backend backend, const sql::StatsFilter& filter,
                                          int64_t now);

// Follow-ups per reporting month and state (see sql::StatsFollowupsQuery): month, state, count.
Result<std::vector<StatsGroup>> CountFollowups(Tx& tx, Backend backend,
                                               const sql::StatsFilter& filter,
                                               const std::string& today);

// The white paper's proceedings and services rows (see sql::StatsProceedingsQuery): keys are
// {code, sessions, amount_fen}, count is the number of cases.
Result<std::vector<StatsGroup>> CountProceedings(Tx& tx, Backend backend,
                                                 const sql::StatsFilter& filter);

// The number of cases reported in the period (sql::StatsCasesTotalQuery).
Result<int64_t> CountCases(Tx& tx, const sql::StatsFilter& filter);

// The response-time and assistance tables (see the queries of the same names in
// sql/stats_query.h); each group's keys are the query's columns between the month and the count.
// PoliceStages: {stage, band}. ProtectionOrders: {urgent, band}. Interviews: month is the year
// "YYYY", keys {interviews}, count girls. Services: {type, unit id}. ServiceMoney: {type, amount
// in fen}, count cases.
Result<std::vector<StatsGroup>> CountPoliceStages(Tx& tx, Backend backend,
                                                  const sql::StatsFilter& filter);
Result<std::vector<StatsGroup>> CountProtectionOrders(Tx& tx, Backend backend,
                                                      const sql::StatsFilter& filter);
Result<std::vector<StatsGroup>> CountInterviews(Tx& tx, Backend backend,
                                                const sql::StatsFilter& filter);
Result<std::vector<StatsGroup>> CountServices(Tx& tx, Backend backend,
                                              const sql::StatsFilter& filter);
Result<std::vector<StatsGroup>> SumServiceMoney(Tx& tx, Backend backend,
                                                const sql::StatsFilter& filter);

// One clock started in a case reported in the period (sql::StatsClocksQuery).
struct ClockRow {
  std::string reference;  // the clock's reference stage
  int64_t reference_at = 0;
  std::optional<int64_t> closed_at;  // nullopt while open
  bool complex = false;              // of the closing stage
  bool priority = false;
};
Result<std::vector<ClockRow>> ListClocks(Tx& tx, Backend backend, const sql::StatsFilter& filter,
                                         const std::vector<sql::StatsClockPair>& clocks);

Result<int64_t> UpsertHistory(Tx& tx, const StatsHistoryRecord& record);
// Years from..to inclusive; district "" = every district.
Result<std::vector<StatsHistoryRecord>> ListHistory(Tx& tx, const std::string& district_code,
                                                    int from_year, int to_year);

}  // namespace stats_store
}  // namespace shouhu::storage
