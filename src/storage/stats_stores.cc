#include "storage/stats_stores.h"

#include "storage/store_rows.h"

namespace shouhu::storage::stats_store {
namespace {

StatsHistoryRecord HistoryFromRow(const Row& row) {
  return {.id = row.Int(0),
          .district_code = row.Text(1),
          .year = static_cast<int>(row.Int(2)),
          .category = row.Text(3),
          .count = row.Int(4),
          .source = row.Text(5),
          .recorded_by = row.OptInt(6),
          .recorded_at = row.Int(7)};
}

// month, `keys` key columns, count.
Result<std::vector<StatsGroup>> Groups(Tx& tx, const sql::GeneratedQuery& query, size_t keys) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows, tx.QueryGenerated(query));
  std::vector<StatsGroup> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    StatsGroup g{.month = row.Text(0)};
    for (size_t i = 0; i < keys; ++i) g.keys.push_back(row.Text(i + 1));
    g.count = row.Int(keys + 1);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Result<std::vector<StatsGroup>> Count(Tx& tx, Backend backend,
                                      const std::vector<sql::StatsColumn>& columns,
                                      const sql::StatsFilter& filter) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsCountQuery(backend, columns, filter)));
  std::vector<StatsGroup> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    StatsGroup g{.month = row.Text(0)};
    for (size_t i = 0; i < columns.size(); ++i) g.keys.push_back(row.Text(i + 1));
    g.count = row.Int(columns.size() + 1);
    out.push_back(std::move(g));
  }
  return out;
}

Result<std::vector<std::pair<std::string, int64_t>>> GirlsByYear(Tx& tx, Backend backend,
                                                                 const sql::StatsFilter& filter) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsGirlsQuery(backend, filter)));
  std::vector<std::pair<std::string, int64_t>> out;
  for (const Row& row : rows) out.emplace_back(row.Text(0), row.Int(1));
  return out;
}

Result<std::vector<TaskGroup>> CountTasks(Tx& tx, Backend backend, const sql::StatsFilter& filter,
                                          int64_t now) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsTasksQuery(backend, filter, now)));
  std::vector<TaskGroup> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    out.push_back({.month = row.Text(0),
                   .unit_id = row.Int(1),
                   .task_type = row.Text(2),
                   .signed_state = row.Text(3),
                   .done_state = row.Text(4),
                   .hours_to_signature = row.Int(5),
                   .count = row.Int(6)});
  }
  return out;
}

Result<std::vector<StatsGroup>> CountFollowups(Tx& tx, Backend backend,
                                               const sql::StatsFilter& filter,
                                               const std::string& today) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsFollowupsQuery(backend, filter, today)));
  std::vector<StatsGroup> out;
  for (const Row& row : rows)
    out.push_back({.month = row.Text(0), .keys = {row.Text(1)}, .count = row.Int(2)});
  return out;
}

Result<std::vector<StatsGroup>> CountProceedings(Tx& tx, Backend backend,
                                                 const sql::StatsFilter& filter) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsProceedingsQuery(backend, filter)));
  std::vector<StatsGroup> out;
  for (const Row& row : rows) {
    out.push_back({.month = row.Text(0),
                   .keys = {row.Text(1), row.Text(3), row.Text(4)},
                   .count = row.Int(2)});
  }
  return out;
}

Result<int64_t> CountCases(Tx& tx, const sql::StatsFilter& filter) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsCasesTotalQuery(filter)));
  return rows.empty() ? 0 : rows.front().Int(0);
}

Result<std::vector<StatsGroup>> CountPoliceStages(Tx& tx, Backend backend,
                                                  const sql::StatsFilter& filter) {
  return Groups(tx, sql::StatsPoliceStagesQuery(backend, filter), 2);
}

Result<std::vector<StatsGroup>> CountProtectionOrders(Tx& tx, Backend backend,
                                                      const sql::StatsFilter& filter) {
  return Groups(tx, sql::StatsProtectionOrdersQuery(backend, filter), 2);
}

Result<std::vector<StatsGroup>> CountInterviews(Tx& tx, Backend backend,
                                                const sql::StatsFilter& filter) {
  return Groups(tx, sql::StatsInterviewsQuery(backend, filter), 1);
}

Result<std::vector<StatsGroup>> CountServices(Tx& tx, Backend backend,
                                              const sql::StatsFilter& filter) {
  return Groups(tx, sql::StatsServicesQuery(backend, filter), 2);
}

Result<std::vector<StatsGroup>> SumServiceMoney(Tx& tx, Backend backend,
                                                const sql::StatsFilter& filter) {
  return Groups(tx, sql::StatsServiceMoneyQuery(backend, filter), 2);
}

Result<std::vector<ClockRow>> ListClocks(Tx& tx, Backend backend, const sql::StatsFilter& filter,
                                         const std::vector<sql::StatsClockPair>& clocks) {
  SHOUHU_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          tx.QueryGenerated(sql::StatsClocksQuery(backend, filter, clocks)));
  std::vector<ClockRow> out;
  out.reserve(rows.size());
  for (const Row& row : rows) {
    const int64_t closed = row.Int(2);
    out.push_back({.reference = row.Text(0),
                   .reference_at = row.Int(1),
                   .closed_at = closed >= 0 ? std::optional<int64_t>(closed) : std::nullopt,
                   .complex = row.Int(3) != 0,
                   .priority = row.Int(4) != 0});
  }
  return out;
}

Result<int64_t> UpsertHistory(Tx& tx, const StatsHistoryRecord& r) {
  return rows::InsertReturningId(tx, "stats_history.upsert",
                                 {r.district_code, int64_t{r.year}, r.category, r.count, r.source,
                                  rows::OptionalInt(r.recorded_by), r.recorded_at});
}

Result<std::vector<StatsHistoryRecord>> ListHistory(Tx& tx, const std::string& district_code,
                                                    int from_year, int to_year) {
  if (district_code.empty()) {
    return rows::FindAll(tx, "stats_history.list_all_districts",
                         {int64_t{from_year}, int64_t{to_year}}, HistoryFromRow);
  }
  return rows::FindAll(tx, "stats_history.list",
                       {district_code, int64_t{from_year}, int64_t{to_year}}, HistoryFromRow);
}

}  // namespace shouhu::storage::stats_store
