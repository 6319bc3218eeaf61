#include "storage/sql/stats_query.h"

namespace shouhu::storage::sql {
namespace {

// Beijing time is UTC+8; 28800 seconds.
std::string LocalTime(Backend backend, const char* sqlite_format, const char* pg_format) {
  if (backend == Backend::kPostgres) {
    return std::string("to_char(to_timestamp(c.reported_at / 1000 + 28800) AT TIME ZONE 'UTC', '") +
           pg_format + "')";
  }
  return std::string("strftime('") + sqlite_format +
         "', c.reported_at / 1000 + 28800, 'unixepoch')";
}

// Whole days from the incident date to the reporting day in Beijing time; NULL without a date.
std::string DelayDays(Backend backend) {
  if (backend == Backend::kPostgres) {
    return "(CASE WHEN i.occurred_on = '' THEN NULL ELSE (to_timestamp(c.reported_at / 1000 + "
           "28800) AT TIME ZONE 'UTC')::date - i.occurred_on::date END)";
  }
  return "CAST(julianday(date(c.reported_at / 1000 + 28800, 'unixepoch')) - "
         "julianday(NULLIF(i.occurred_on, '')) AS INTEGER)";
}

std::string Expression(Backend backend, StatsColumn column) {
  switch (column) {
    case StatsColumn::kHarmTypes:
      return "c.harm_types";
    case StatsColumn::kAge:
      return "c.age_at_incident";
    case StatsColumn::kChannel:
      return "c.intake_channel";
    case StatsColumn::kReporter:
      return "c.reporter_category";
    case StatsColumn::kLate:
      return "c.late";
    case StatsColumn::kMandatory:
      return "c.via_mandatory_report";
    case StatsColumn::kRelationship:
      return "i.perpetrator_relationship";
    case StatsColumn::kPlace:
      return "i.place_type";
    case StatsColumn::kOnline:
      return "i.online";
    case StatsColumn::kDelayDays:
      return "CASE WHEN " + DelayDays(backend) + " > 31 THEN 32 ELSE " + DelayDays(backend) +
             " END";
    case StatsColumn::kDelayBoundary:
      return "CASE WHEN " + DelayDays(backend) +
             " BETWEEN 28 AND 31 THEN i.occurred_on ELSE '' END";
    case StatsColumn::kPerpetratorCount:
      return "i.perpetrator_count";
  }
  return "NULL";
}

std::string Where(const StatsFilter& f, Params& params) {
  std::string where = " WHERE c.reported_at >= ? AND c.reported_at < ?";
  params.emplace_back(std::in_place_type<int64_t>, f.reported_from);
  params.emplace_back(std::in_place_type<int64_t>, f.reported_to);
  if (!f.district_code.empty()) {
    where += " AND c.district_code = ?";
    params.emplace_back(std::in_place_type<std::string>, f.district_code);
  }
  return where;
}

}  // namespace

bool IsIncidentColumn(StatsColumn column) {
  switch (column) {
    case StatsColumn::kRelationship:
    case StatsColumn::kPlace:
    case StatsColumn::kOnline:
    case StatsColumn::kDelayDays:
    case StatsColumn::kDelayBoundary:
    case StatsColumn::kPerpetratorCount:
      return true;
    default:
      return false;
  }
}

GeneratedQuery StatsCountQuery(Backend backend, const std::vector<StatsColumn>& columns,
                               const StatsFilter& filter) {
  GeneratedQuery q;
  std::string group = LocalTime(backend, "%Y-%m", "YYYY-MM");
  bool incidents = false;
  for (const StatsColumn column : columns) {
    group += ", " + Expression(backend, column);
    incidents = incidents || IsIncidentColumn(column);
  }
  q.text = "SELECT " + group + ", COUNT(*) FROM cases c";
  if (incidents) q.text += " JOIN incidents i ON i.case_id = c.id";
  q.text += Where(filter, q.params);
  q.text += " GROUP BY " + group;
  return q;
}

GeneratedQuery StatsTasksQuery(Backend backend, const StatsFilter& filter, int64_t now) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", t.unit_id, t.task_type, "
           "CASE WHEN t.accepted_at > 0 AND t.accepted_at <= t.accept_due THEN 'on_time' "
           "WHEN t.accepted_at > 0 THEN 'late' WHEN t.state = 'returned' THEN 'returned' "
           "WHEN t.accept_due < ? THEN 'overdue' ELSE 'open' END, "
           "CASE WHEN t.state = 'completed' AND t.finished_at <= t.done_due THEN 'on_time' "
           "WHEN t.state = 'completed' THEN 'late' WHEN t.state = 'returned' THEN 'returned' "
           "WHEN t.done_due < ? THEN 'overdue' ELSE 'open' END, "
           "CASE WHEN t.accepted_at = 0 THEN -1 WHEN t.accepted_at <= c.reported_at THEN 0 "
           "WHEN t.accepted_at - c.reported_at >= 604800000 THEN 168 "
           "ELSE (t.accepted_at - c.reported_at) / 3600000 END, COUNT(*) "
           "FROM tasks t JOIN cases c ON c.id = t.case_id";
  q.params.emplace_back(std::in_place_type<int64_t>, now);
  q.params.emplace_back(std::in_place_type<int64_t>, now);
  q.text += Where(filter, q.params);
  q.text += " GROUP BY 1, 2, 3, 4, 5, 6";
  return q;
}

GeneratedQuery StatsFollowupsQuery(Backend backend, const StatsFilter& filter,
                                   const std::string& today) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", CASE WHEN f.state = 'due' AND f.due_on < ? THEN 'overdue' ELSE f.state END, "
           "COUNT(*) FROM followups f JOIN cases c ON c.id = f.case_id";
  q.params.emplace_back(std::in_place_type<std::string>, today);
  q.text += Where(filter, q.params);
  q.text += " GROUP BY 1, 2";
  return q;
}

GeneratedQuery StatsProceedingsQuery(Backend backend, const StatsFilter& filter) {
  const std::string month = LocalTime(backend, "%Y-%m", "YYYY-MM");
  GeneratedQuery q;
  q.text = "SELECT " + month +
           ", p.stage, COUNT(DISTINCT p.case_id), 0, 0 FROM proceedings p JOIN cases c ON "
           "c.id = p.case_id";
  q.text += Where(filter, q.params);
  q.text += " AND p.kind = 'stage' AND p.stage IN ('arrest_approved', 'prosecuted') GROUP BY 1, 2";
  q.text += " UNION ALL SELECT " + month +
            ", 'protection_order_granted', COUNT(DISTINCT o.case_id), 0, 0 FROM "
            "protection_orders o JOIN cases c ON c.id = o.case_id";
  q.text += Where(filter, q.params);
  q.text += " AND o.outcome = 'granted' GROUP BY 1";
  q.text += " UNION ALL SELECT " + month +
            ", 'service:' || CASE WHEN s.service_type IN ('health_counselling', "
            "'womens_federation_psych_support') THEN 'counselling' ELSE s.service_type END, "
            "COUNT(DISTINCT s.case_id), SUM(s.sessions), SUM(s.amount_fen) FROM services s JOIN "
            "cases c ON c.id = s.case_id";
  q.text += Where(filter, q.params);
  q.text += " GROUP BY 1, 2";
  return q;
}

GeneratedQuery StatsCasesTotalQuery(const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT COUNT(*) FROM cases c";
  q.text += Where(filter, q.params);
  return q;
}

GeneratedQuery StatsPoliceStagesQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", p.stage, CASE WHEN p.at - c.reported_at <= 86400000 THEN 'h_0_24' "
           "WHEN p.at - c.reported_at <= 259200000 THEN 'h_24_72' "
           "WHEN p.at - c.reported_at <= 604800000 THEN 'h_72_168' ELSE 'h_168' END, COUNT(*) "
           "FROM proceedings p JOIN cases c ON c.id = p.case_id";
  q.text += Where(filter, q.params);
  q.text +=
      " AND p.kind = 'stage' AND p.stage IN ('police_registered', 'case_filed', "
      "'case_not_filed') GROUP BY 1, 2, 3";
  return q;
}

GeneratedQuery StatsClocksQuery(Backend, const StatsFilter& filter,
                                const std::vector<StatsClockPair>& clocks) {
  GeneratedQuery q;
  if (clocks.empty()) {
    q.text = "SELECT '', 0, 0, 0, 0 WHERE 1 = 0";
    return q;
  }
  auto param = [&q](const std::string& value) {
    q.params.emplace_back(std::in_place_type<std::string>, value);
    return std::string("?");
  };
  // One pass over the reference stages; each joins its own closing stages.
  q.text =
      "SELECT r.stage, r.at, COALESCE(f.at, -1), COALESCE(f.complex, 0), COALESCE(f.priority, 0) "
      "FROM proceedings r JOIN cases c ON c.id = r.case_id LEFT JOIN proceedings f ON "
      "f.case_id = r.case_id AND f.kind = 'stage' AND (";
  for (size_t k = 0; k < clocks.size(); ++k) {
    q.text += (k == 0 ? "(r.stage = " : " OR (r.stage = ") + param(clocks[k].reference) +
              " AND f.stage IN (";
    for (size_t i = 0; i < clocks[k].closing.size(); ++i)
      q.text += (i == 0 ? "" : ", ") + param(clocks[k].closing[i]);
    q.text += "))";
  }
  q.text += ")";
  q.text += Where(filter, q.params);
  q.text += " AND r.kind = 'stage' AND r.stage IN (";
  for (size_t k = 0; k < clocks.size(); ++k)
    q.text += (k == 0 ? "" : ", ") + param(clocks[k].reference);
  q.text += ")";
  return q;
}

GeneratedQuery StatsProtectionOrdersQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", o.urgent, CASE WHEN o.outcome = '' THEN 'pending' "
           "WHEN o.decided_at - o.applied_at <= 86400000 THEN 'h_0_24' "
           "WHEN o.decided_at - o.applied_at <= 259200000 THEN 'h_24_72' ELSE 'later' END, "
           "COUNT(*) FROM protection_orders o JOIN cases c ON c.id = o.case_id";
  q.text += Where(filter, q.params);
  q.text += " GROUP BY 1, 2, 3";
  return q;
}

GeneratedQuery StatsInterviewsQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT g.y, COALESCE(n.k, 0), COUNT(*) FROM (SELECT DISTINCT " +
           LocalTime(backend, "%Y", "YYYY") + " AS y, c.child_id AS child_id FROM cases c";
  q.text += Where(filter, q.params);
  q.text +=
      ") g LEFT JOIN (SELECT c2.child_id AS child_id, COUNT(*) AS k FROM interviews iv JOIN "
      "cases c2 ON c2.id = iv.case_id GROUP BY c2.child_id) n ON n.child_id = g.child_id "
      "GROUP BY 1, 2";
  return q;
}

GeneratedQuery StatsServicesQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", s.service_type, s.unit_id, COUNT(*) FROM services s JOIN cases c ON c.id = "
           "s.case_id";
  q.text += Where(filter, q.params);
  q.text += " GROUP BY 1, 2, 3";
  return q;
}

GeneratedQuery StatsServiceMoneyQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  q.text = "SELECT " + LocalTime(backend, "%Y-%m", "YYYY-MM") +
           ", s.service_type, SUM(s.amount_fen), COUNT(DISTINCT s.case_id) FROM services s JOIN "
           "cases c ON c.id = s.case_id";
  q.text += Where(filter, q.params);
  q.text += " AND s.amount_fen > 0 GROUP BY 1, 2";
  return q;
}

GeneratedQuery StatsGirlsQuery(Backend backend, const StatsFilter& filter) {
  GeneratedQuery q;
  const std::string year = LocalTime(backend, "%Y", "YYYY");
  q.text = "SELECT " + year + ", COUNT(DISTINCT c.child_id) FROM cases c";
  q.text += Where(filter, q.params);
  q.text += " GROUP BY " + year;
  return q;
}

}  // namespace shouhu::storage::sql
