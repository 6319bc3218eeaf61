// /api/v1/stats/... (tables, report layouts, historical counts) and /api/v1/exports/... (CSV and
// XLSX of every table and layout, the caller's case list, the printable progress report). Who
// may ask and what is suppressed is decided by service/stats_service.h.
#include <boost/json.hpp>

#include <cmath>

#include "api/case_filter.h"
#include "api/endpoint.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "service/stats_service.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {

json::object TextJson(const service::Text& t) {
  return {{"zh", t.zh}, {"en", t.en}};
}

service::StatsQuery QueryOf(const http::Request& req) {
  return {.from = req.QueryParam("from").value_or(""),
          .to = req.QueryParam("to").value_or(""),
          .district_code = req.QueryParam("district_code").value_or("")};
}

json::object ScopeJson(const service::StatsScope& s) {
  return {{"from", s.from},
          {"to", s.to},
          {"district_code",
           s.district_code.empty() ? json::value(nullptr) : json::value(s.district_code)},
          {"suppressed", s.suppressed}};
}

// Money tables hold fen and answer yuan.
json::value CellJson(const reports::Published& p, size_t r, size_t c, bool money = false) {
  if (!p.Exists(r, c)) return nullptr;
  if (p.Hidden(r, c)) return json::value(p.Render(r, c));
  if (money) return json::value(static_cast<double>(p.Value(r, c)) / 100.0);
  return json::value(p.Value(r, c));
}

json::object HistoryJson(const storage::StatsHistoryRecord& h) {
  return {{"id", h.id},
          {"district_code", h.district_code},
          {"year", h.year},
          {"category", h.category},
          {"count", h.count},
          {"source", h.source},
          {"recorded_at", FormatUtc(h.recorded_at)},
          {"historical", true}};
}

// Cells are numbers, or the string "<5" when hidden; totals are null when the table has none.
json::object TableJson(const service::StatsTable& t) {
  const reports::Published& p = t.data;
  json::object o{{"id", t.id},
                 {"unit", t.unit},
                 {"unit_label", TextJson(service::StatsService::UnitLabel(t.unit))},
                 {"title", TextJson(t.title)},
                 {"definition", TextJson(t.definition)},
                 {"recorded", t.recorded},
                 {"suppressed", t.suppressed}};
  if (!t.recorded) {
    o["not_recorded_reason"] = TextJson(t.not_recorded_reason);
    return o;
  }
  o["row_heading"] = TextJson(t.row_heading);
  json::array rows, columns;
  for (size_t r = 0; r < t.row_codes.size(); ++r) {
    json::object row{{"code", t.row_codes[r]}, {"label", TextJson(t.row_labels[r])}};
    json::array cells;
    for (size_t c = 0; c < p.columns(); ++c) cells.push_back(CellJson(p, r, c, t.money));
    row["cells"] = std::move(cells);
    row["total"] = CellJson(p, r, p.columns(), t.money);
    if (r < t.change_percent.size()) {
      row["change_percent"] = t.change_percent[r]
                                  ? json::value(std::round(*t.change_percent[r] * 10) / 10)
                                  : json::value(nullptr);
    }
    rows.push_back(std::move(row));
  }
  for (size_t c = 0; c < t.column_codes.size(); ++c)
    columns.push_back(
        json::object{{"code", t.column_codes[c]}, {"label", TextJson(t.column_labels[c])}});
  o["columns"] = std::move(columns);
  o["rows"] = std::move(rows);
  json::array totals;
  for (size_t c = 0; c < p.columns(); ++c) totals.push_back(CellJson(p, p.rows(), c, t.money));
  o["column_totals"] =
      p.has_column_totals() ? json::value(std::move(totals)) : json::value(nullptr);
  o["grand_total"] = CellJson(p, p.rows(), p.columns(), t.money);
  if (!t.share_percent.empty()) {
    // mandatory_report_share, priority_targets
    json::array share;
    for (const auto& v : t.share_percent)
      share.push_back(v ? json::value(std::round(*v * 10) / 10) : json::value(nullptr));
    o["share_percent"] = std::move(share);
  }
  json::array history;
  for (const auto& h : t.history) history.push_back(HistoryJson(h));
  o["history"] = std::move(history);
  json::array notes;
  for (const auto& n : t.notes) notes.push_back(TextJson(n));
  o["notes"] = std::move(notes);
  return o;
}

Result<service::ExportFormat> FormatOf(const http::Request& req) {
  const std::string f = req.QueryParam("format").value_or("xlsx");
  if (f == "csv") return service::ExportFormat::kCsv;
  if (f == "xlsx") return service::ExportFormat::kXlsx;
  return Status::InvalidField("format", "unknown_value");
}

domain::Language LanguageFor(const http::Request& req) {
  return LanguageOf(req) == Language::kEn ? domain::Language::kEn : domain::Language::kZh;
}

// The case-list filters of GET /api/v1/cases; a name search is refused (no names in URLs).
Result<service::CaseExportQuery> CaseExportOf(const http::Request& req) {
  if (req.QueryParam("name")) return Status::InvalidField("name", "not_applicable");
  service::CaseExportQuery q;
  SHOUHU_ASSIGN_OR_RETURN(q.filter, ParseCaseFilter(req));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t overdue, QueryInt(req, "overdue", 0, 0, 1));
  q.overdue = overdue == 1;
  return q;
}

http::Response FileResponse(const service::ExportFile& file) {
  http::Response resp = http::Response::Text(200, file.bytes, file.content_type);
  resp.SetHeader("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
  return resp;
}

}  // namespace

void RegisterStatsRoutes(http::Router& router, ApiServices& s) {
  router.Add(Method::kGet, "/api/v1/stats",
             SignedIn(s,
                      [](http::Request&, const service::Actor&) -> Result<http::Response> {
                        json::array tables, layouts;
                        for (const auto& n : service::StatsService::TableNames())
                          tables.emplace_back(n);
                        for (const auto& n : service::StatsService::ReportLayouts())
                          layouts.emplace_back(n);
                        return JsonResponse(200, json::object{{"tables", std::move(tables)},
                                                              {"reports", std::move(layouts)}});
                      }),
             false, "The statistics tables and report layouts");

  router.Add(
      Method::kGet, "/api/v1/stats/tables/{name}",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto table,
                     s.stats->Table(actor, std::string(req.PathParam("name")), QueryOf(req)));
                 return JsonResponse(200, TableJson(table));
               }),
      true, "One statistics table (leader, analyst; coordinator for the own district)");

  router.Add(
      Method::kGet, "/api/v1/stats/reports/{layout}",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto report,
                     s.stats->Report(actor, std::string(req.PathParam("layout")), QueryOf(req)));
                 json::array tables;
                 for (const auto& t : report.tables) tables.push_back(TableJson(t));
                 return JsonResponse(200, json::object{{"layout", report.layout},
                                                       {"title", TextJson(report.title)},
                                                       {"scope", ScopeJson(report.scope)},
                                                       {"tables", std::move(tables)}});
               }),
      true, "A report layout (white_paper, girls_protection, gbvims_monthly) in one call");

  router.Add(
      Method::kGet, "/api/v1/stats/history",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto items, s.stats->History(actor, QueryOf(req)));
                 json::array out;
                 for (const auto& h : items) out.push_back(HistoryJson(h));
                 return JsonResponse(200, json::object{{"items", std::move(out)}});
               }),
      true, "Historical counts recorded from paper");

  router.Add(
      Method::kPost, "/api/v1/stats/history",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body, JsonBody::Parse(req.body, {"district_code", "year", "category",
                                                           "count", "source"}));
                 const json::object& o = body.object();
                 service::HistoryInput in;
                 SHOUHU_ASSIGN_OR_RETURN(in.district_code, OptText(o, "district_code", ""));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t year, OptInteger(o, "year", "", 0));
                 if (!o.contains("year")) return Status::InvalidField("year", "required");
                 in.year = static_cast<int>(std::clamp<int64_t>(year, -1, 100000));
                 SHOUHU_ASSIGN_OR_RETURN(in.category, OptText(o, "category", ""));
                 if (in.category.empty()) in.category = "all";
                 if (!o.contains("count")) return Status::InvalidField("count", "required");
                 SHOUHU_ASSIGN_OR_RETURN(in.count, OptInteger(o, "count", "", -1));
                 SHOUHU_ASSIGN_OR_RETURN(in.source, OptText(o, "source", ""));
                 SHOUHU_ASSIGN_OR_RETURN(auto record, s.stats->RecordHistory(actor, in));
                 return JsonResponse(201, HistoryJson(record));
               }),
      true, "Record (or correct) a historical count per year and type (coordinator, leader)");

  router.Add(
      Method::kPost, "/api/v1/stats/history/import",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 if (req.body.empty()) return Status::InvalidArgument("body_required");
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto records,
                     s.stats->ImportHistory(actor, req.QueryParam("district_code").value_or(""),
                                            req.body));
                 json::array items;
                 for (const auto& h : records) items.push_back(HistoryJson(h));
                 return JsonResponse(201, json::object{{"items", std::move(items)}});
               }),
      true, "Import historical counts from an XLSX file (coordinator, leader)");

  router.Add(
      Method::kGet, "/api/v1/exports/stats/{name}",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto format, FormatOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto file, s.stats->ExportTable(actor, std::string(req.PathParam("name")),
                                                     QueryOf(req), format, LanguageFor(req)));
                 return FileResponse(file);
               }),
      true, "A statistics table as CSV or XLSX (suppressed; audited)");

  router.Add(
      Method::kGet, "/api/v1/exports/reports/{layout}",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto format, FormatOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto file, s.stats->ExportReport(actor, std::string(req.PathParam("layout")),
                                                      QueryOf(req), format, LanguageFor(req)));
                 return FileResponse(file);
               }),
      true, "A report layout as CSV or XLSX (suppressed; audited)");

  router.Add(
      Method::kGet, "/api/v1/exports/cases",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto format, FormatOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto query, CaseExportOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto file, s.stats->ExportCases(actor, query, format, LanguageFor(req)));
                 return FileResponse(file);
               }),
      true, "The caller's case list as CSV or XLSX, identity masked (audited)");

  router.Add(
      Method::kPost, "/api/v1/exports/cases",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto format, FormatOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto query, CaseExportOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto body,
                                         JsonBody::Parse(req.body, {"reason", "approval_id"}));
                 SHOUHU_ASSIGN_OR_RETURN(query.reason, OptText(body.object(), "reason", ""));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t approval,
                                         OptInteger(body.object(), "approval_id", "", 0));
                 if (approval > 0) query.approval_id = approval;
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto file, s.stats->ExportCases(actor, query, format, LanguageFor(req)));
                 return FileResponse(file);
               }),
      true,
      "The caller's case list with the girls' identity in clear, with a reason (coordinator, "
      "caseworker; audited per case); above the configured size only with an approval_id a "
      "second person of the district approved");

  router.Add(
      Method::kGet, "/api/v1/exports/progress-report",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto html, s.stats->ProgressReport(actor, QueryOf(req), LanguageFor(req)));
                 return http::Response::Text(200, std::move(html), "text/html; charset=utf-8");
               }),
      true, "Printable progress report for the leadership meeting (HTML, print CSS; audited)");
}

}  // namespace shouhu::api
