// StatsService: 问题研判 in numbers, without identifying any girl. Every table counts one stated
// unit (case, girl, incident, task) over a reporting period and a district, says how it is
// defined, and — whenever it leaves the coordinating unit (leaders, analysts, every export) — is
// small-cell suppressed with complementary suppression (reports/suppression.h). Also the three
// report layouts (white paper, 女童保护, GBVIMS monthly; README "The API"), the historical counts
// recorded from paper, CSV/XLSX exports of tables and case lists, and the printable progress report
// for the leadership meeting.
//
// Who may ask: leaders and analysts (any district, suppressed), coordinators (their own
// district only, unsuppressed on screen); everyone else is refused and the refusal audited.
// Reading a statistic is not audited (it shows no case); every export is. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "domain/enumerations.h"
#include "domain/proceedings.h"
#include "reports/suppression.h"
#include "service/actor.h"
#include "service/approvals.h"
#include "service/case_service.h"
#include "storage/database.h"
#include "storage/stats_stores.h"

namespace shouhu::service {

struct StatsOptions {
  reports::SuppressionRule suppression;  // [stats] suppression_threshold, suppress_zero
  domain::ProceedingClocks clocks;       // the rules' [proceeding_clocks]
  // The two-person rule (docs/ACCESS.md): a clear export of more cases than this needs an
  // approver of the exporter's district ([stats] clear_export_approval_above).
  int clear_export_approval_above = 20;
  // The most cases one user may export in clear per calendar day, Beijing time, approved or not
  // ([stats] clear_export_daily_cap).
  int clear_export_daily_cap = 200;
};

// A label in both languages; the API sends both, exports pick one.
struct Text {
  std::string zh;
  std::string en;
  const std::string& In(domain::Language language) const {
    return language == domain::Language::kEn ? en : zh;
  }
};

// The query every statistic takes. Dates are "YYYY-MM-DD" (Beijing time, inclusive); empty =
// 1 January of this year / today. District "" = the caller's district for coordinators, every
// district for leaders and analysts.
struct StatsQuery {
  std::string from;
  std::string to;
  std::string district_code;
};

struct StatsScope {
  std::string from;  // "YYYY-MM-DD"
  std::string to;
  std::string district_code;  // "" = every district
  bool suppressed = false;
  int64_t from_millis = 0;
  int64_t to_millis = 0;  // exclusive
  int first_year = 0;
  int last_year = 0;
};

struct StatsTable {
  std::string id;  // "age_band"
  // "case" | "girl" | "incident" | "task" | "followup" | "application" | "service" | "yuan"
  std::string unit;
  // Money (unit "yuan"): the cells hold fen; the API sends yuan, exports write two decimals. A
  // money cell is hidden when the number of cases it sums is below the threshold, with
  // complementary suppression over the same layout (see service_money).
  bool money = false;
  Text title;
  Text definition;
  Text row_heading;
  std::vector<std::string> row_codes;
  std::vector<Text> row_labels;
  std::vector<std::string> column_codes;  // "2025", "2026-03", "q1", ...
  std::vector<Text> column_labels;
  reports::Published data;
  bool suppressed = false;
  // False for rows the system does not hold yet (e.g. prosecutions before the proceedings
  // tables exist): no numbers at all, and the reason why.
  bool recorded = true;
  Text not_recorded_reason;
  // Year on year change of the last column against the one before, per row, in percent; only
  // when both cells are shown and the earlier one is not zero (white-paper layout).
  std::vector<std::optional<double>> change_percent;
  // Per column: the first row's share of the column total in percent, when both are shown
  // (mandatory_report_share).
  std::vector<std::optional<double>> share_percent;
  // Counts recorded from paper (stats_history), shown beside the recorded cases, per year.
  std::vector<storage::StatsHistoryRecord> history;
  std::vector<Text> notes;
};

struct StatsReport {
  std::string layout;  // "white_paper" | "girls_protection" | "gbvims_monthly"
  Text title;
  StatsScope scope;
  std::vector<StatsTable> tables;
};

struct HistoryInput {
  std::string district_code;  // "" = the caller's district
  int year = 0;
  std::string category = "all";  // "all" or a harm-type code
  int64_t count = -1;
  std::string source;  // where the figure comes from, e.g. "2015 年区妇联工作报告"
};

enum class ExportFormat { kCsv, kXlsx };

// The case list to export: the filters of GET /api/v1/cases (paging is the export's own), and for
// a clear-identity export the reason (nullopt: identity masked).
struct CaseExportQuery {
  storage::CaseFilter filter;
  bool overdue = false;
  std::optional<std::string> reason;
  // A clear export above the approval threshold: the approved request (409
  // export_approval_required answers the first attempt with its id).
  std::optional<int64_t> approval_id;
};

struct ExportFile {
  std::string content_type;
  std::string file_name;  // ASCII, e.g. "shouhu-age_band-2026-01-01-2026-11-29.xlsx"
  std::string bytes;
};

class StatsService {
 public:
  StatsService(storage::Database& db, const Clock& clock, const domain::Enumerations& enumerations,
               StatsOptions options, CaseService* cases);

  // The statistic names Table() knows, in display order.
  static const std::vector<std::string>& TableNames();
  static const std::vector<std::string>& ReportLayouts();
  // "案件 (件)" / "cases" for "case", and so on for girl, incident, task, followup.
  static Text UnitLabel(const std::string& unit);

  // One table. `for_export` forces suppression whoever asks.
  Result<StatsTable> Table(const Actor& actor, const std::string& name, const StatsQuery& query,
                           bool for_export = false);
  Result<StatsReport> Report(const Actor& actor, const std::string& layout, const StatsQuery& query,
                             bool for_export = false);

  // Records (or corrects) a historical count; coordinators (own district) and leaders.
  Result<storage::StatsHistoryRecord> RecordHistory(const Actor& actor, const HistoryInput& input);
  // Imports counts from the first sheet of an XLSX file: a header row naming the columns 年份 /
  // year, 数字 / count, 来源 / source and optionally 类别 / category (default "all"), in any order,
  // then one row per count. Every row is checked first; errors name "rows[N].field" with the
  // spreadsheet's row number and nothing is recorded. One audit entry for the import.
  Result<std::vector<storage::StatsHistoryRecord>> ImportHistory(const Actor& actor,
                                                                 const std::string& district_code,
                                                                 std::string_view xlsx);
  Result<std::vector<storage::StatsHistoryRecord>> History(const Actor& actor,
                                                           const StatsQuery& query);

  // Exports: a table or a report layout (suppressed), or the caller's case list (identity
  // masked, de-identified for leaders and analysts). Audited with what was exported. The case
  // list is what CaseService::List shows the caller (every page audited as a case-list read);
  // with a reason it carries the girl's identity in clear, each case unmasked through
  // CaseService::Unmask (same rule and roles as POST /cases/{id}/unmask, audited with the
  // reason), for coordinators and caseworkers only: other roles are refused (audited) and a blank
  // reason is a field error, before anything is read.
  Result<ExportFile> ExportTable(const Actor& actor, const std::string& name,
                                 const StatsQuery& query, ExportFormat format,
                                 domain::Language language);
  Result<ExportFile> ExportReport(const Actor& actor, const std::string& layout,
                                  const StatsQuery& query, ExportFormat format,
                                  domain::Language language);
  Result<ExportFile> ExportCases(const Actor& actor, const CaseExportQuery& query,
                                 ExportFormat format, domain::Language language);
  // The two-person rule for clear exports: the requests of the caller's district, and a
  // coordinator's or leader's decision on one (not her own; audited).
  Result<std::vector<ApprovalItem>> ListExportApprovals(const Actor& actor);
  Result<storage::ApprovalRecord> DecideExportApproval(const Actor& actor, int64_t id,
                                                       bool approve);
  // The printable progress report for the leadership meeting (推进会), as one HTML page with
  // print CSS; suppressed like every table that leaves the coordinating unit. Audited.
  Result<std::string> ProgressReport(const Actor& actor, const StatsQuery& query,
                                     domain::Language language);

 private:
  struct Access;
  Result<Access> Authorize(const Actor& actor, const StatsQuery& query, const std::string& action,
                           bool for_export);
  Status Deny(const Actor& actor, const std::string& action, const Status& status);
  // The two-person rule and the daily cap for a clear export of `count` cases: the approval the
  // export spends (nullopt when none is needed), or the refusal; the first attempt above the
  // threshold files an approval request and answers Conflict "export_approval_required".
  Result<std::optional<int64_t>> CheckClearExport(const Actor& actor, const CaseExportQuery& query,
                                                  const std::string& scope,
                                                  const std::string& reason, int64_t count);
  Result<StatsTable> Build(const std::string& name, const Access& access, storage::Tx& tx);
  Status Audit(const Actor& actor, const std::string& action, const std::string& object,
               const std::string& detail);
  void CheckHistory(const HistoryInput& in, const std::string& prefix, FieldErrors& errors) const;
  Result<std::vector<storage::StatsHistoryRecord>> SaveHistory(
      const Actor& actor, const std::string& action, const std::string& district_code,
      const std::vector<HistoryInput>& inputs);

  storage::Database& db_;
  const Clock& clock_;
  const domain::Enumerations& enumerations_;
  const StatsOptions options_;
  CaseService* cases_;
};

}  // namespace shouhu::service
