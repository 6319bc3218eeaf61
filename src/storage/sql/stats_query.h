// The statistics' SQL: one GROUP BY pass over the cases of a period (and district), counting by
// the reporting month in Beijing time and by the raw dimension columns a table needs. Bands,
// groups and GBVIMS types are derived from the raw values by the service, so every table is one
// scan with few groups. Built here, beside the named statements, because the grouping columns and
// the date expression vary; run with Tx::QueryGenerated. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "storage/database.h"
#include "storage/sql/statements.h"

namespace shouhu::storage::sql {

// Raw columns a statistics query can group by.
enum class StatsColumn {
  kHarmTypes,        // cases.harm_types (comma-separated codes)
  kAge,              // cases.age_at_incident (-1 unknown)
  kChannel,          // cases.intake_channel
  kReporter,         // cases.reporter_category
  kLate,             // cases.late (0/1)
  kMandatory,        // cases.via_mandatory_report (0/1)
  kRelationship,     // incidents.perpetrator_relationship
  kPlace,            // incidents.place_type
  kOnline,           // incidents.online (0/1)
  kDelayDays,        // days from incidents.occurred_on to the reporting day (Beijing), 32 = more
  kDelayBoundary,    // incidents.occurred_on when kDelayDays is 28..31 (where the month matters)
  kPerpetratorCount  // incidents.perpetrator_count
};

struct StatsFilter {
  int64_t reported_from = 0;  // reported_at >= (millis)
  int64_t reported_to = 0;    // reported_at < (millis)
  std::string district_code;  // "" = every district
};

// SELECT <month>, <columns...>, COUNT(*) ... GROUP BY <month>, <columns...>. Incident columns join
// incidents (one row per incident); otherwise one row per case. <month> is "YYYY-MM" of
// reported_at in UTC+8 (China has kept one offset, without daylight saving, since 1991).
GeneratedQuery StatsCountQuery(Backend backend, const std::vector<StatsColumn>& columns,
                               const StatsFilter& filter);

// SELECT <year>, COUNT(DISTINCT child_id) ... GROUP BY <year>: the girls of each reporting year.
GeneratedQuery StatsGirlsQuery(Backend backend, const StatsFilter& filter);

// Tasks (referrals) of the cases reported in the period, grouped by: the case's reporting month,
// the task's unit and type, whether it was signed for in time ("on_time" | "late" | "returned" |
// "overdue" | "open"), whether it was done in time (the same codes), and the whole hours from the
// report to the signature (-1 not signed, 168 = a week or more). `now` decides overdue.
GeneratedQuery StatsTasksQuery(Backend backend, const StatsFilter& filter, int64_t now);

// Follow-up visits of the cases reported in the period, by the case's reporting month and state:
// "done", "missed", "overdue" (due before `today`, "YYYY-MM-DD", not recorded) or "due".
GeneratedQuery StatsFollowupsQuery(Backend backend, const StatsFilter& filter,
                                   const std::string& today);

// The white paper's yearly rows from the proceedings and services of the cases reported in the
// period (migration 6), grouped by the case's reporting month and a row code: "arrest_approved",
// "prosecuted" (cases with that stage recorded), "protection_order_granted" (cases with an order
// granted), and, per service type, "service:<type>" — counselling and psychological support as
// one "service:counselling", a case with both counted once. Columns: month, code, cases
// (distinct), sessions, amount in fen.
GeneratedQuery StatsProceedingsQuery(Backend backend, const StatsFilter& filter);

// SELECT COUNT(*): the cases reported in the period (and district), without grouping.
GeneratedQuery StatsCasesTotalQuery(const StatsFilter& filter);

// The police stages that answer a report — 受案 (police_registered), 立案 (case_filed) and 不立案
// (case_not_filed) — of the cases reported in the period, by the case's reporting month, the stage
// and the time from the report to the stage: "h_0_24" (at most 24 hours, or dated at or before
// the report), "h_24_72", "h_72_168" (at most 7 days) or "h_168" (more). Columns: month, stage,
// band, cases.
GeneratedQuery StatsPoliceStagesQuery(Backend backend, const StatsFilter& filter);

// A statutory clock of the proceedings: it runs from the reference stage to whichever closing
// stage is recorded (e.g. case_review: police_registered -> case_filed | case_not_filed).
struct StatsClockPair {
  std::string code;
  std::string reference;
  std::vector<std::string> closing;
};

// Every clock started (its reference stage recorded) in the cases reported in the period, one row
// per case and clock, in one pass over the reference stages with the closing stage joined through
// the (case_id, stage) index: reference stage, reference at, closing at (-1 while open), closing
// complex (0/1), closing 优先 (0/1). Each clock needs its own reference stage. The limits run over
// calendar months in Beijing time, so the service reads each clock itself (domain::ReadClock).
GeneratedQuery StatsClocksQuery(Backend backend, const StatsFilter& filter,
                                const std::vector<StatsClockPair>& clocks);

// Protection order applications of the cases reported in the period, by the case's reporting
// month, urgent (0/1) and the time from the application to the decision: "h_0_24", "h_24_72",
// "later" (more than 72 hours) or "pending" (not decided). Columns: month, urgent, band, count.
GeneratedQuery StatsProtectionOrdersQuery(Backend backend, const StatsFilter& filter);

// Girls of the cases reported in the period, once per reporting year, by the number of recorded
// interviews across all their cases (of any period). Columns: year "YYYY", interviews, girls.
GeneratedQuery StatsInterviewsQuery(Backend backend, const StatsFilter& filter);

// Services recorded for the cases reported in the period, by the case's reporting month, the
// service type and the delivering unit. Columns: month, type, unit id, services.
GeneratedQuery StatsServicesQuery(Backend backend, const StatsFilter& filter);

// Money paid (amount above zero) for the cases reported in the period, by the case's reporting
// month and the service type. Columns: month, type, amount in fen, cases (distinct). A case has
// one reporting month, so the cases of several months add up.
GeneratedQuery StatsServiceMoneyQuery(Backend backend, const StatsFilter& filter);

// True when the column needs the incidents join.
bool IsIncidentColumn(StatsColumn column);

}  // namespace shouhu::storage::sql
