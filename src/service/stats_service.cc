#include "service/stats_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "domain/account_rules.h"
#include "domain/civil_date.h"
#include "domain/intake.h"
#include "domain/proceedings.h"
#include "domain/utf8.h"
#include "reports/csv.h"
#include "reports/document.h"
#include "reports/xlsx.h"
#include "reports/xlsx_read.h"
#include "service/request_audit.h"
#include "storage/stores.h"

namespace shouhu::service {
namespace {

using domain::Language;
using domain::Role;
using storage::StatsGroup;
using storage::sql::StatsColumn;

constexpr int kMaxYears = 30;
constexpr int kMaxCaseExportRows = 10000;
constexpr int kMaxUnmaskReasonChars = 500;  // as POST /cases/{id}/unmask

// The start of the calendar day (Beijing time, UTC+8 all year) holding `millis`.
int64_t DayStart(int64_t millis) {
  constexpr int64_t kDay = 86'400'000;
  constexpr int64_t kOffset = 8 * 3'600'000;
  return (millis + kOffset) / kDay * kDay - kOffset;
}
const std::string kNotRecorded = "not_recorded";

// Columns of a category table: one per calendar year of the period, or one per month.
enum class Columns { kYears, kMonths };

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int ToInt(const std::string& text, int fallback) {
  try {
    size_t used = 0;
    const int v = std::stoi(text, &used);
    return used == text.size() ? v : fallback;
  } catch (...) {
    return fallback;
  }
}

// A count or a sum of fen as the database wrote it; 0 when it is not a whole number.
int64_t ToInt64(const std::string& text) {
  try {
    size_t used = 0;
    const long long v = std::stoll(text, &used);
    return used == text.size() ? v : 0;
  } catch (...) {
    return 0;
  }
}

std::string FormatPercent(double value) {
  return fmt::format("{:+.1f}%", value);
}

// Classifies the raw values of one group into the row codes it counts toward.
using Classifier = std::function<std::vector<std::string>(const std::vector<std::string>& keys)>;

struct CategorySpec {
  std::string id;
  std::string unit;
  Text title;
  Text definition;
  Text row_heading;
  std::vector<StatsColumn> columns;
  std::vector<std::pair<std::string, Text>> rows;
  Classifier classify;
  bool additive = true;  // each counted row falls in exactly one table row
};

const Text kNotRecordedLabel{"未记录", "Not recorded"};

Text UnitText(const std::string& unit) {
  if (unit == "girl") return {"女童 (人)", "girls"};
  if (unit == "incident") return {"事件 (起)", "incidents"};
  if (unit == "task") return {"任务 (项)", "tasks"};
  if (unit == "followup") return {"回访 (次)", "follow-up visits"};
  if (unit == "application") return {"保护令申请 (件)", "protection order applications"};
  if (unit == "service") return {"服务记录 (次)", "services recorded"};
  if (unit == "yuan") return {"金额 (元)", "yuan"};
  return {"案件 (件)", "cases"};
}

}  // namespace

struct StatsService::Access {
  StatsScope scope;
  Columns columns = Columns::kYears;
};

StatsService::StatsService(storage::Database& db, const Clock& clock,
                           const domain::Enumerations& enumerations, StatsOptions options,
                           CaseService* cases)
    : db_(db), clock_(clock), enumerations_(enumerations), options_(options), cases_(cases) {}

const std::vector<std::string>& StatsService::TableNames() {
  static const std::vector<std::string> names = {"cases_by_year",
                                                 "cases_by_quarter",
                                                 "cases_by_month",
                                                 "girls_by_year",
                                                 "harm_type",
                                                 "gbvims_core_type",
                                                 "age_band",
                                                 "gbvims_age_band",
                                                 "perpetrator_relationship",
                                                 "relationship_group",
                                                 "perpetrator_count",
                                                 "place_type",
                                                 "intake_channel",
                                                 "reporter_category",
                                                 "mandatory_report_share",
                                                 "report_delay",
                                                 "late_reports",
                                                 "police_response",
                                                 "tasks_signed_by_unit",
                                                 "tasks_done_by_unit",
                                                 "referrals_by_service",
                                                 "followups",
                                                 "proceedings_by_year",
                                                 "report_to_police",
                                                 "stage_clocks",
                                                 "priority_targets",
                                                 "protection_orders",
                                                 "interviews_per_girl",
                                                 "services_by_unit",
                                                 "service_money",
                                                 "urban_rural"};
  return names;
}

Text StatsService::UnitLabel(const std::string& unit) {
  return UnitText(unit);
}

const std::vector<std::string>& StatsService::ReportLayouts() {
  static const std::vector<std::string> layouts = {"white_paper", "girls_protection",
                                                   "gbvims_monthly"};
  return layouts;
}

Status StatsService::Deny(const Actor& actor, const std::string& action, const Status& status) {
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) {
    audit::Event e{.user_id = actor.user_id,
                   .action = action,
                   .object_type = "stats",
                   .result = "denied",
                   .client_address = actor.client_address,
                   .detail = status.message()};
    if (!actor.is_command_line()) e.unit_id = actor.unit_id;
    return Record(tx, clock_, actor, e);
  }));
  return status;
}

Status StatsService::Audit(const Actor& actor, const std::string& action, const std::string& object,
                           const std::string& detail) {
  return db_.Write([&](storage::Tx& tx) {
    audit::Event e{.user_id = actor.user_id,
                   .action = action,
                   .object_type = "stats",
                   .object_id = object,
                   .result = "ok",
                   .client_address = actor.client_address,
                   .detail = detail};
    if (!actor.is_command_line()) e.unit_id = actor.unit_id;
    return Record(tx, clock_, actor, e);
  });
}

Result<StatsService::Access> StatsService::Authorize(const Actor& actor, const StatsQuery& query,
                                                     const std::string& action, bool for_export) {
  const bool allowed =
      !actor.is_command_line() && (actor.role == Role::kLeader || actor.role == Role::kAnalyst ||
                                   actor.role == Role::kCoordinator);
  if (!allowed) return Deny(actor, action, Status::PermissionDenied("stats_forbidden"));

  const domain::CivilDate today = domain::CivilDateShanghai(clock_.NowMillis());
  FieldErrors errors;
  domain::CivilDate from{today.year, 1, 1};
  domain::CivilDate to = today;
  if (!query.from.empty()) {
    auto parsed = domain::ParseCivilDate(query.from, "from");
    if (parsed.ok())
      from = *parsed;
    else
      errors.emplace("from", "bad_format");
  }
  if (!query.to.empty()) {
    auto parsed = domain::ParseCivilDate(query.to, "to");
    if (parsed.ok())
      to = *parsed;
    else
      errors.emplace("to", "bad_format");
  }
  if (errors.empty() && to < from) errors.emplace("to", "before_from");
  if (errors.empty() && to.year - from.year >= kMaxYears) errors.emplace("from", "out_of_range");
  if (!query.district_code.empty() && !domain::CheckDistrictCode(query.district_code).ok())
    errors.emplace("district_code", "bad_format");
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);

  std::string own_district;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (unit) own_district = unit->district_code;
    return Status::Ok();
  }));
  Access access;
  StatsScope& s = access.scope;
  if (actor.role == Role::kCoordinator) {
    if (!query.district_code.empty() && query.district_code != own_district)
      return Deny(actor, action, Status::PermissionDenied("stats_other_district"));
    s.district_code = own_district;
  } else {
    s.district_code = query.district_code;
  }
  s.from = from.ToString();
  s.to = to.ToString();
  s.from_millis = domain::StartOfDayShanghaiMillis(from);
  s.to_millis = domain::StartOfDayShanghaiMillis(domain::AddDays(to, 1));
  s.first_year = from.year;
  s.last_year = to.year;
  s.suppressed = for_export || actor.role != Role::kCoordinator;
  return access;
}

namespace {

// Labels of the months / quarters / years of a scope.
std::vector<std::string> MonthsOf(const StatsScope& s) {
  std::vector<std::string> out;
  const int first_month = ToInt(s.from.substr(5, 2), 1), last_month = ToInt(s.to.substr(5, 2), 12);
  for (int y = s.first_year; y <= s.last_year; ++y) {
    for (int m = y == s.first_year ? first_month : 1; m <= (y == s.last_year ? last_month : 12);
         ++m)
      out.push_back(fmt::format("{:04}-{:02}", y, m));
  }
  return out;
}

std::vector<std::string> YearsOf(const StatsScope& s) {
  std::vector<std::string> out;
  for (int y = s.first_year; y <= s.last_year; ++y) out.push_back(std::to_string(y));
  return out;
}

std::string ScopeNoteZh(const StatsScope& s) {
  return fmt::format("统计期间: {} 至 {} (按登记时间, 北京时间); 区划: {}", s.from, s.to,
                     s.district_code.empty() ? "全部" : s.district_code);
}
std::string ScopeNoteEn(const StatsScope& s) {
  return fmt::format(
      "Period: {} to {} (by the date the case was reported, Beijing time); "
      "district: {}",
      s.from, s.to, s.district_code.empty() ? "all" : s.district_code);
}

void AddNotes(StatsTable& t, const StatsScope& s, const reports::SuppressionRule& rule) {
  t.notes.push_back({"定义: " + t.definition.zh, "Definition: " + t.definition.en});
  const Text unit = UnitText(t.unit);
  t.notes.push_back({"计数单位: " + unit.zh, "Counting unit: " + unit.en});
  t.notes.push_back({ScopeNoteZh(s), ScopeNoteEn(s)});
  if (!t.history.empty()) {
    t.notes.push_back({"标注“历史”的数字来自系统启用前的纸质记录 (注明来源), 不是本系统登记的案件",
                       "Figures marked \"historical\" come from paper records kept before the "
                       "system (source given), not from cases recorded in it"});
  }
  if (t.suppressed && t.money) {
    const std::string below = std::to_string(rule.threshold);
    t.notes.push_back(
        {"金额所涉案件少于 " + below + " 件的单元格 (含合计) 不显示金额, 显示为“<" + below +
             "”(指案件数, 不是金额); 为防止由合计反推, 另有若干金额一并隐藏 (次级隐藏)",
         "A money cell (totals included) summing fewer than " + below +
             " cases shows no amount but \"<" + below +
             "\" (the number of cases, not the amount); further amounts are hidden so that none "
             "can be worked out from the totals (complementary suppression)"});
  } else if (t.suppressed) {
    const std::string below = std::to_string(rule.threshold);
    t.notes.push_back(
        {"小于 " + below + " 的数字显示为“<" + below +
             "”; 为防止由行、列合计反推, 另有若干单元格一并隐藏 (次级隐藏), 同样显示为“<" + below +
             "” (其实际数字可能不小于 " + below + ")" +
             (rule.suppress_zero ? "; 0 也隐藏" : "; 0 照常显示"),
         "Counts below " + below + " read \"<" + below +
             "\"; further cells are hidden so that no hidden count can be worked out from the "
             "row and column totals (complementary suppression); they read \"<" +
             below + "\" too, although they may be larger" +
             (rule.suppress_zero ? "; zeros are hidden too" : "; zeros are shown")});
  }
}

StatsTable NotRecorded(std::string id, std::string unit, Text title, Text reason) {
  StatsTable t;
  t.id = std::move(id);
  t.unit = std::move(unit);
  t.title = std::move(title);
  t.definition = {"本系统尚未记录该项数据", "The system does not record this yet"};
  t.recorded = false;
  t.not_recorded_reason = std::move(reason);
  t.data = reports::PublishUnsuppressed({});
  return t;
}

// Task types of the referrals (workflow contract), zh / en.
Text TaskTypeLabel(const std::string& code) {
  static const std::map<std::string, Text> labels = {
      {"police_register", {"受案", "Register"}},
      {"police_case_review", {"立案审查", "Review for filing"}},
      {"police_investigation", {"侦查/破案", "Investigation"}},
      {"police_warning_letter", {"告诫书", "Warning letter"}},
      {"police_missing_search", {"失踪协查", "Missing-person search"}},
      {"procuratorate_arrest_review", {"审查批捕", "Arrest review"}},
      {"procuratorate_prosecution_review", {"审查起诉", "Prosecution review"}},
      {"procuratorate_guardianship_order", {"督促监护令", "Guardianship supervision order"}},
      {"procuratorate_judicial_aid", {"司法救助", "Judicial aid"}},
      {"procuratorate_recommendation", {"检察建议", "Procuratorial recommendation"}},
      {"court_filing", {"法院立案", "Court filing"}},
      {"court_trial", {"审理", "Trial"}},
      {"court_enforcement", {"执行", "Enforcement"}},
      {"court_protection_order", {"人身安全保护令", "Personal safety protection order"}},
      {"justice_legal_aid", {"法律援助", "Legal aid"}},
      {"health_treatment", {"医疗救治", "Medical treatment"}},
      {"health_forensic_exam", {"法医检查", "Forensic examination"}},
      {"health_counselling", {"心理疏导", "Counselling"}},
      {"health_rehabilitation", {"康复", "Rehabilitation"}},
      {"civil_affairs_living_aid", {"生活救助", "Living assistance"}},
      {"civil_affairs_custody", {"临时监护/安置", "Temporary custody / placement"}},
      {"disability_aid", {"残疾救助/康复", "Disability aid"}},
      {"education_placement", {"复学/转学安置", "School placement"}},
      {"education_school_protection", {"校内保护", "Protection at school"}},
      {"community_home_visit", {"家访", "Home visit"}},
      {"community_followup", {"回访", "Follow-up"}},
      {"community_guardianship_guidance", {"监护指导", "Guardianship guidance"}},
      {"womens_federation_psych_support", {"心理支持", "Psychological support"}},
      {"womens_federation_legal_advice", {"法律咨询", "Legal advice"}},
      {"womens_federation_care", {"爱心帮扶", "Care and support"}},
      {"social_org_social_work", {"社工服务", "Social work"}},
      {"social_org_volunteer", {"志愿帮扶", "Volunteer support"}}};
  const auto it = labels.find(code);
  return it == labels.end() ? Text{code, code} : it->second;
}

}  // namespace

Result<StatsTable> StatsService::Build(const std::string& name, const Access& access,
                                       storage::Tx& tx) {
  const StatsScope& s = access.scope;
  const reports::SuppressionRule& rule = options_.suppression;
  const storage::sql::StatsFilter filter{
      .reported_from = s.from_millis, .reported_to = s.to_millis, .district_code = s.district_code};
  auto publish = [&](StatsTable& t, const reports::Grid& grid) {
    t.suppressed = s.suppressed;
    t.data = s.suppressed && !grid.cells.empty() ? reports::Suppress(grid, rule)
                                                 : reports::PublishUnsuppressed(grid);
    AddNotes(t, s, rule);
  };
  auto enum_rows = [&](std::string_view enumeration, bool with_unknown) {
    std::vector<std::pair<std::string, Text>> rows;
    for (const auto& v : enumerations_.Values(enumeration)) rows.push_back({v.code, {v.zh, v.en}});
    if (with_unknown) rows.push_back({kNotRecorded, kNotRecordedLabel});
    return rows;
  };
  const std::vector<std::string> years = YearsOf(s);

  // ---- period tables: rows are years ----
  if (name == "cases_by_year" || name == "cases_by_quarter" || name == "cases_by_month") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::Count(tx, db_.backend(), {}, filter));
    StatsTable t;
    t.id = name;
    t.unit = "case";
    t.row_heading = {"年份", "Year"};
    for (const auto& y : years) {
      t.row_codes.push_back(y);
      t.row_labels.push_back({y + " 年", y});
    }
    reports::Grid grid;
    if (name == "cases_by_year") {
      t.title = {"案件数 (按年)", "Cases by year"};
      t.definition = {"本期间内登记的案件数, 按登记年份; 另列系统启用前的历史数字",
                      "Cases reported in the period, by year reported; counts recorded from "
                      "paper before the system are shown beside them"};
      t.column_codes = {"recorded", "historical"};
      t.column_labels = {{"本系统登记", "Recorded in the system"},
                         {"历史 (纸质记录)", "Historical (paper records)"}};
      grid.cells.assign(years.size(), std::vector<int64_t>(2, 0));
      grid.row_totals = false;
      SHOUHU_ASSIGN_OR_RETURN(auto history, storage::stats_store::ListHistory(
                                                tx, s.district_code, s.first_year, s.last_year));
      for (const auto& h : history) {
        if (h.category != "all") continue;
        grid.cells[h.year - s.first_year][1] += h.count;
        t.history.push_back(h);
      }
    } else if (name == "cases_by_quarter") {
      t.title = {"案件数 (按季度)", "Cases by quarter"};
      t.definition = {"本期间内登记的案件数, 按登记年份和季度",
                      "Cases reported in the period, by year and quarter reported"};
      for (int q = 1; q <= 4; ++q) {
        t.column_codes.push_back("q" + std::to_string(q));
        t.column_labels.push_back({"第" + std::to_string(q) + "季度", "Q" + std::to_string(q)});
      }
      grid.cells.assign(years.size(), std::vector<int64_t>(4, 0));
    } else {
      t.title = {"案件数 (按月)", "Cases by month"};
      t.definition = {"本期间内登记的案件数, 按登记年份和月份",
                      "Cases reported in the period, by year and month reported"};
      for (int m = 1; m <= 12; ++m) {
        t.column_codes.push_back(fmt::format("{:02}", m));
        t.column_labels.push_back({std::to_string(m) + "月", fmt::format("{:02}", m)});
      }
      grid.cells.assign(years.size(), std::vector<int64_t>(12, 0));
    }
    for (const StatsGroup& g : groups) {
      const int year = ToInt(g.month.substr(0, 4), 0), month = ToInt(g.month.substr(5, 2), 0);
      if (year < s.first_year || year > s.last_year || month < 1) continue;
      const size_t column = name == "cases_by_year"      ? 0
                            : name == "cases_by_quarter" ? (month - 1) / 3
                                                         : month - 1;
      grid.cells[year - s.first_year][column] += g.count;
    }
    publish(t, grid);
    return t;
  }

  if (name == "girls_by_year") {
    SHOUHU_ASSIGN_OR_RETURN(auto girls,
                            storage::stats_store::GirlsByYear(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "girl";
    t.title = {"受害女童人数 (按年)", "Girls by year"};
    t.definition = {"本期间内登记案件涉及的女童人数, 按登记年份; 同一女童在一年内多次登记只计一次",
                    "Girls in the cases reported in the period, by year reported; a girl with "
                    "several cases in one year counts once"};
    t.row_heading = {"项目", "Item"};
    t.row_codes = {"girls"};
    t.row_labels = {{"女童", "Girls"}};
    reports::Grid grid{.cells = {std::vector<int64_t>(years.size(), 0)}, .row_totals = false};
    for (const auto& [year, n] : girls) {
      const int y = ToInt(year, 0);
      if (y >= s.first_year && y <= s.last_year) grid.cells[0][y - s.first_year] = n;
    }
    for (const auto& y : years) {
      t.column_codes.push_back(y);
      t.column_labels.push_back({y + " 年", y});
    }
    publish(t, grid);
    return t;
  }

  if (name == "proceedings_by_year") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountProceedings(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "case";
    t.title = {"批捕、起诉、保护令与司法救助 (按年)",
               "Arrests, prosecutions, protection orders and judicial aid by year"};
    t.definition = {
        "本期间登记的案件中, 已记录批准逮捕、提起公诉、人身安全保护令获准、司法救助、心理疏导 "
        "(含心理支持) "
        "的案件数, 按案件登记年份; 一案多名嫌疑人时按一案计, 故与白皮书的“人数”口径不同",
        "Cases reported in the period with an arrest approved, a prosecution, a "
        "protection order granted, judicial aid, or counselling (incl. psychological "
        "support) recorded, by the year the case was reported; a case with several "
        "suspects counts once, unlike the white paper's count of people"};
    t.row_heading = {"项目", "Item"};
    const std::vector<std::pair<std::string, Text>> rows = {
        {"arrest_approved", {"批准逮捕 (案件)", "Arrest approved (cases)"}},
        {"prosecuted", {"提起公诉 (案件)", "Prosecuted (cases)"}},
        {"protection_order_granted",
         {"人身安全保护令获准 (案件)", "Protection order granted (cases)"}},
        {"judicial_aid", {"司法救助 (案件)", "Judicial aid (cases)"}},
        {"counselling", {"心理疏导/支持 (案件)", "Counselling (cases)"}}};
    for (const auto& [code, label] : rows) {
      t.row_codes.push_back(code);
      t.row_labels.push_back(label);
    }
    for (const auto& y : years) {
      t.column_codes.push_back(y);
      t.column_labels.push_back({y + " 年", y});
    }
    std::vector<std::vector<int64_t>> cells(rows.size(), std::vector<int64_t>(years.size(), 0));
    std::vector<int64_t> aid_fen(years.size(), 0), sessions(years.size(), 0);
    for (const StatsGroup& g : groups) {
      const int year = ToInt(g.month.substr(0, 4), 0);
      if (year < s.first_year || year > s.last_year) continue;
      const size_t y = static_cast<size_t>(year - s.first_year);
      std::string code = g.keys.at(0);
      if (code == "service:procuratorate_judicial_aid") {
        code = "judicial_aid";
        aid_fen[y] += ToInt64(g.keys.at(2));
      } else if (code == "service:counselling") {
        code = "counselling";
        sessions[y] += ToInt64(g.keys.at(1));
      }
      for (size_t r = 0; r < rows.size(); ++r)
        if (rows[r].first == code) cells[r][y] += g.count;
    }
    publish(t, {.cells = std::move(cells), .row_totals = true, .column_totals = false});
    // Amounts and sessions only where the count of cases they belong to is shown.
    for (size_t y = 0; y < years.size(); ++y) {
      if (aid_fen[y] > 0 && !t.data.Hidden(3, y)) {
        t.notes.push_back({fmt::format("{} 年司法救助金额: {}.{:02} 元", years[y], aid_fen[y] / 100,
                                       aid_fen[y] % 100),
                           fmt::format("Judicial aid paid in {}: ¥{}.{:02}", years[y],
                                       aid_fen[y] / 100, aid_fen[y] % 100)});
      }
      if (sessions[y] > 0 && !t.data.Hidden(4, y)) {
        t.notes.push_back({fmt::format("{} 年心理疏导/支持: {} 次", years[y], sessions[y]),
                           fmt::format("Counselling sessions in {}: {}", years[y], sessions[y])});
      }
    }
    return t;
  }
  if (name == "followups") {
    const std::string today = domain::CivilDateShanghai(clock_.NowMillis()).ToString();
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountFollowups(tx, db_.backend(), filter, today));
    StatsTable t;
    t.id = name;
    t.unit = "followup";
    t.title = {"回访完成情况", "Follow-up visits done and due"};
    t.definition = {
        "本期间登记案件结案后安排的回访 (1、3、6 个月), 按状态: 已完成, 未完成 (记为未能回访), "
        "已超期未记录, 未到期",
        "Follow-up visits scheduled when the cases reported in the period were closed "
        "(1, 3 and 6 months), by state: done, missed, overdue (due date passed, "
        "nothing recorded), not yet due"};
    t.row_heading = {"年份", "Year"};
    const std::vector<std::pair<std::string, Text>> states = {
        {"done", {"已完成", "Done"}},
        {"missed", {"未能回访", "Missed"}},
        {"overdue", {"已超期未记录", "Overdue"}},
        {"due", {"未到期", "Not yet due"}}};
    for (const auto& [code, label] : states) {
      t.column_codes.push_back(code);
      t.column_labels.push_back(label);
    }
    for (const auto& y : years) {
      t.row_codes.push_back(y);
      t.row_labels.push_back({y + " 年", y});
    }
    std::vector<std::vector<int64_t>> cells(years.size(), std::vector<int64_t>(states.size(), 0));
    for (const StatsGroup& g : groups) {
      const int year = ToInt(g.month.substr(0, 4), 0);
      if (year < s.first_year || year > s.last_year) continue;
      for (size_t c = 0; c < states.size(); ++c)
        if (states[c].first == g.keys.at(0)) cells[year - s.first_year][c] += g.count;
    }
    publish(t, {.cells = std::move(cells)});
    return t;
  }
  if (name == "referrals_by_service") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups, storage::stats_store::CountTasks(tx, db_.backend(), filter,
                                                                          clock_.NowMillis()));
    StatsTable t;
    t.id = name;
    t.unit = "task";
    t.title = {"按服务类型的转介", "Referrals by service"};
    t.definition = {"本期间登记案件转介给成员单位的任务, 按任务 (服务) 类型",
                    "Tasks referred to member units for the cases reported in the period, by "
                    "task (service) type"};
    t.row_heading = {"服务", "Service"};
    const bool monthly = access.columns == Columns::kMonths;
    std::map<std::string, size_t> column_index;
    for (const auto& c : monthly ? MonthsOf(s) : years) {
      column_index.emplace(c, t.column_codes.size());
      t.column_codes.push_back(c);
      t.column_labels.push_back({monthly ? c : c + " 年", c});
    }
    std::map<std::string, std::map<std::string, int64_t>> counts;
    for (const auto& g : groups)
      counts[g.task_type][monthly ? g.month : g.month.substr(0, 4)] += g.count;
    std::vector<std::vector<int64_t>> cells;
    for (const auto& [type, by_column] : counts) {
      t.row_codes.push_back(type);
      t.row_labels.push_back(TaskTypeLabel(type));
      std::vector<int64_t> row(t.column_codes.size(), 0);
      for (const auto& [column, n] : by_column) {
        const auto c = column_index.find(column);
        if (c != column_index.end()) row[c->second] += n;
      }
      cells.push_back(std::move(row));
    }
    publish(t, {.cells = std::move(cells)});
    return t;
  }
  if (name == "tasks_signed_by_unit" || name == "tasks_done_by_unit" || name == "police_response") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups, storage::stats_store::CountTasks(tx, db_.backend(), filter,
                                                                          clock_.NowMillis()));
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    std::map<int64_t, std::string> unit_names;
    for (const auto& u : units) unit_names[u.id] = u.name;
    StatsTable t;
    t.id = name;
    t.unit = "task";
    std::vector<std::pair<std::string, Text>> columns;
    std::map<std::string, size_t> row_index;
    auto row_of = [&](const std::string& code, const Text& label) {
      auto it = row_index.find(code);
      if (it != row_index.end()) return it->second;
      row_index.emplace(code, t.row_codes.size());
      t.row_codes.push_back(code);
      t.row_labels.push_back(label);
      return t.row_codes.size() - 1;
    };
    const std::vector<std::pair<std::string, Text>> states_signed = {
        {"on_time", {"按时签收", "Signed in time"}},
        {"late", {"超时签收", "Signed late"}},
        {"overdue", {"未签收, 已超时", "Not signed, overdue"}},
        {"open", {"未签收, 未到期", "Not signed, not yet due"}},
        {"returned", {"退回", "Returned"}}};
    const std::vector<std::pair<std::string, Text>> states_done = {
        {"on_time", {"按时办结", "Done in time"}},
        {"late", {"超时办结", "Done late"}},
        {"overdue", {"未办结, 已超时", "Not done, overdue"}},
        {"open", {"办理中, 未到期", "In progress, not yet due"}},
        {"returned", {"退回", "Returned"}}};
    if (name == "police_response") {
      t.title = {"公安受案、立案审查的响应时间",
                 "Police response: from the report to the signature"};
      t.definition = {
          "本期间登记案件的公安“受案”“立案审查”任务, 按案件登记至公安签收的小时数分段; "
          "未签收的单列",
          "Police tasks to register (受案) and to review for filing (立案审查) of the "
          "cases reported in the period, by the hours from the report to the police "
          "unit's signature; tasks not signed for apart"};
      t.row_heading = {"任务", "Task"};
      columns = {{"h_0_24", {"24 小时内", "Within 24 h"}},
                 {"h_24_72", {"24–72 小时", "24–72 h"}},
                 {"h_72_168", {"3–7 天", "3–7 days"}},
                 {"h_168", {"7 天以上", "Over 7 days"}},
                 {"not_signed", {"未签收", "Not signed"}}};
      row_of("police_register", {"受案", "Register (受案)"});
      row_of("police_case_review", {"立案审查", "Review for filing (立案审查)"});
    } else if (name == "tasks_signed_by_unit") {
      t.title = {"各单位任务签收情况", "Tasks signed for, by unit"};
      t.definition = {"本期间登记案件转介给各成员单位的任务, 按是否在签收时限内签收",
                      "Tasks referred to member units for the cases reported in the period, by "
                      "whether they were signed for within the time allowed"};
      t.row_heading = {"单位", "Unit"};
      columns = states_signed;
    } else {
      t.title = {"各单位任务办结情况", "Tasks done, by unit"};
      t.definition = {"本期间登记案件转介给各成员单位的任务, 按是否在办结时限内办结",
                      "Tasks referred to member units for the cases reported in the period, by "
                      "whether they were done within the time allowed"};
      t.row_heading = {"单位", "Unit"};
      columns = states_done;
    }
    std::map<std::string, size_t> column_index;
    for (const auto& [code, label] : columns) {
      column_index.emplace(code, t.column_codes.size());
      t.column_codes.push_back(code);
      t.column_labels.push_back(label);
    }
    std::vector<std::vector<int64_t>> cells;
    for (const auto& g : groups) {
      std::string column;
      size_t row = 0;
      if (name == "police_response") {
        if (g.task_type != "police_register" && g.task_type != "police_case_review") continue;
        row = row_index.at(g.task_type);
        const int64_t h = g.hours_to_signature;
        column = h < 0     ? "not_signed"
                 : h < 24  ? "h_0_24"
                 : h < 72  ? "h_24_72"
                 : h < 168 ? "h_72_168"
                           : "h_168";
      } else {
        const auto unit = unit_names.find(g.unit_id);
        const std::string label =
            unit == unit_names.end() ? std::to_string(g.unit_id) : unit->second;
        row = row_of(std::to_string(g.unit_id), {label, label});
        column = name == "tasks_signed_by_unit" ? g.signed_state : g.done_state;
      }
      const auto c = column_index.find(column);
      if (c == column_index.end()) continue;
      if (cells.size() < t.row_codes.size())
        cells.resize(t.row_codes.size(), std::vector<int64_t>(columns.size(), 0));
      cells[row][c->second] += g.count;
    }
    cells.resize(t.row_codes.size(), std::vector<int64_t>(columns.size(), 0));
    publish(t, {.cells = std::move(cells)});
    return t;
  }
  // ---- response times against the clocks, and assistance ----
  auto years_as_columns = [&](StatsTable& t) {
    for (const auto& y : years) {
      t.column_codes.push_back(y);
      t.column_labels.push_back({y + " 年", y});
    }
  };
  auto year_index = [&](const std::string& month) -> std::optional<size_t> {
    const int year = ToInt(month.substr(0, 4), 0);
    if (year < s.first_year || year > s.last_year) return std::nullopt;
    return static_cast<size_t>(year - s.first_year);
  };
  auto add_columns = [](StatsTable& t, const std::vector<std::pair<std::string, Text>>& columns) {
    for (const auto& [code, label] : columns) {
      t.column_codes.push_back(code);
      t.column_labels.push_back(label);
    }
  };
  auto index_of = [](const std::vector<std::string>& codes,
                     const std::string& code) -> std::optional<size_t> {
    const auto it = std::find(codes.begin(), codes.end(), code);
    if (it == codes.end()) return std::nullopt;
    return static_cast<size_t>(it - codes.begin());
  };
  auto service_label = [](const std::string& code) -> Text {
    const domain::ServiceType* type = domain::FindServiceType(code);
    return type ? Text{std::string(type->zh), std::string(type->en)} : Text{code, code};
  };
  // Service types in the catalogue's order, unknown codes last.
  auto service_order = [](const std::string& code) {
    const auto& all = domain::AllServiceTypes();
    for (size_t i = 0; i < all.size(); ++i)
      if (all[i].code == code) return i;
    return all.size();
  };

  if (name == "report_to_police") {
    SHOUHU_ASSIGN_OR_RETURN(const int64_t total, storage::stats_store::CountCases(tx, filter));
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountPoliceStages(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "case";
    t.title = {"从报告到公安受案、立案的时间", "Time from the report to 受案 and 立案"};
    t.definition = {
        "本期间登记的案件, 按登记时间至公安记录受案、立案的时间分段: 24 小时内 (受案、立案时间"
        "早于登记的也计入此段), 1–3 天, 3–7 天, 7 天以上; 立案一行另列已记录不立案的案件; "
        "尚未记录该阶段的案件单列",
        "Cases reported in the period, by the time from the report to the police recording 受案 "
        "(registration) and 立案 (filing): within 24 hours (a stage dated before the report "
        "counts here), 1–3 days, 3–7 days, over 7 days; the 立案 row counts cases with 不立案 "
        "(not filed) recorded apart; cases without the stage recorded yet apart"};
    t.row_heading = {"阶段", "Stage"};
    t.row_codes = {"police_registered", "case_filed"};
    t.row_labels = {{"受案", "Registered by police (受案)"}, {"立案", "Case filed (立案)"}};
    add_columns(t, {{"h_0_24", {"24 小时内", "Within 24 h"}},
                    {"h_24_72", {"1–3 天", "1–3 days"}},
                    {"h_72_168", {"3–7 天", "3–7 days"}},
                    {"h_168", {"7 天以上", "Over 7 days"}},
                    {"not_filed", {"不立案", "Not filed (不立案)"}},
                    {"not_yet", {"尚未记录", "Not recorded yet"}}});
    std::vector<std::vector<int64_t>> cells(2, std::vector<int64_t>(t.column_codes.size(), 0));
    for (const StatsGroup& g : groups) {
      const std::string& stage = g.keys.at(0);
      const size_t row = stage == "police_registered" ? 0 : 1;
      const auto column =
          index_of(t.column_codes, stage == "case_not_filed" ? "not_filed" : g.keys.at(1));
      if (column) cells[row][*column] += g.count;
    }
    for (auto& row : cells) {
      int64_t recorded = 0;
      for (const int64_t n : row) recorded += n;
      row.back() = std::max<int64_t>(0, total - recorded);
    }
    publish(t, {.cells = std::move(cells), .row_totals = true, .column_totals = false});
    return t;
  }

  if (name == "stage_clocks" || name == "priority_targets") {
    struct ClockDef {
      std::string code;
      Text label;
      domain::ProceedingClock clock;
    };
    const std::vector<ClockDef> clocks = {
        {"case_review",
         {"立案审查 (受案至立案/不立案)", "Case review (受案 to 立案 / 不立案)"},
         domain::ProceedingClock::kCaseReview},
        {"arrest_review",
         {"审查批捕 (提请批捕至批捕/不批捕)", "Arrest review (requested to decided)"},
         domain::ProceedingClock::kArrestReview},
        {"prosecution_review",
         {"审查起诉 (移送起诉至提起公诉)", "Prosecution review (transferred to prosecuted)"},
         domain::ProceedingClock::kProsecutionReview},
        {"first_instance",
         {"一审 (一审立案至一审判决)", "First instance (trial filed to judgment)"},
         domain::ProceedingClock::kFirstInstance}};
    // Each clock's reference and closing stages, and whether it has a 优先 target, from the
    // stage catalogue.
    std::vector<storage::sql::StatsClockPair> pairs;
    std::vector<bool> priority_target;
    for (const ClockDef& c : clocks) {
      storage::sql::StatsClockPair pair{.code = c.code};
      bool target = false;
      for (const domain::StageInfo& info : domain::AllStages()) {
        if (info.clock != c.clock || !info.reference) continue;
        pair.reference = std::string(domain::InfoOf(*info.reference).code);
        pair.closing.emplace_back(info.code);
        target = target || info.priority_target;
      }
      pairs.push_back(std::move(pair));
      priority_target.push_back(target);
    }
    SHOUHU_ASSIGN_OR_RETURN(auto started,
                            storage::stats_store::ListClocks(tx, db_.backend(), filter, pairs));
    const int64_t now = clock_.NowMillis();
    // Per clock: met, missed, running, overdue; 优先 target met, missed; closed: count, millis.
    std::vector<std::vector<int64_t>> states(clocks.size(), std::vector<int64_t>(4, 0));
    std::vector<std::vector<int64_t>> targets(clocks.size(), std::vector<int64_t>(2, 0));
    std::vector<int64_t> closed(clocks.size(), 0), closed_millis(clocks.size(), 0);
    for (const storage::stats_store::ClockRow& row : started) {
      size_t k = 0;
      while (k < pairs.size() && pairs[k].reference != row.reference) ++k;
      if (k == clocks.size()) continue;
      // Open clocks are read against the ordinary limit, as on the case.
      const domain::ClockReading r =
          domain::ReadClock(clocks[k].clock, row.closed_at && row.complex, priority_target[k],
                            row.reference_at, row.closed_at, now, options_.clocks);
      ++states[k][r.closed ? (r.met ? 0 : 1) : (r.met ? 2 : 3)];
      if (r.closed) {
        ++closed[k];
        closed_millis[k] += r.elapsed_millis;
      }
      if (r.closed && row.priority && r.target_met) ++targets[k][*r.target_met ? 0 : 1];
    }
    StatsTable t;
    t.id = name;
    t.unit = "case";
    if (name == "stage_clocks") {
      t.title = {"各诉讼阶段的法定时限", "Proceedings stages against their statutory clocks"};
      t.definition = {
          "本期间登记的案件中已开始的各诉讼阶段 (其起点阶段已记录), 按是否在法定时限内完成: "
          "按时完成, 超时完成, 进行中 (未超时), 进行中 (已超时); 时限按规则配置 (默认立案审查 3 "
          "日、复杂 7 日, 审查批捕 7 日, 审查起诉 1 个月、延长 1 个月 15 日, 一审 2 个月、"
          "延长 3 个月), 以完成阶段记录的“复杂”标记选用; 一案在每个阶段各计一次",
          "Proceedings stages started (their reference stage recorded) in the cases reported in "
          "the period, by whether they closed within the statutory time: closed in time, closed "
          "late, open and in time, open and overdue; the limits come from the rules (by default "
          "case review 3 days, complex 7; arrest review 7 days; prosecution review 1 month, "
          "extended 1 month 15 days; first instance 2 months, extended 3), the longer one when "
          "the closing stage is marked complex; a case counts once in each stage"};
      t.row_heading = {"阶段", "Stage"};
      for (const ClockDef& c : clocks) {
        t.row_codes.push_back(c.code);
        t.row_labels.push_back(c.label);
      }
      add_columns(t, {{"met", {"按时完成", "Closed in time"}},
                      {"missed", {"超时完成", "Closed late"}},
                      {"running", {"进行中, 未超时", "Open, in time"}},
                      {"overdue", {"进行中, 已超时", "Open, overdue"}}});
      publish(t, {.cells = states, .row_totals = true, .column_totals = false});
      // The mean time of the closed stages, where enough of them closed for a mean to name no
      // single case.
      for (size_t k = 0; k < clocks.size(); ++k) {
        if (closed[k] == 0 || (s.suppressed && closed[k] < rule.threshold)) continue;
        const double days =
            static_cast<double>(closed_millis[k]) / closed[k] / (24.0 * 3600.0 * 1000.0);
        t.notes.push_back({fmt::format("{}: 已完成的平均用时 {:.1f} 天", clocks[k].label.zh, days),
                           fmt::format("{}: mean time of the closed ones {:.1f} days",
                                       clocks[k].label.en, days)});
      }
      return t;
    }
    t.title = {"优先办理目标的达成情况", "优先 (priority) targets met"};
    t.definition = {
        "本期间登记的案件中, 完成阶段标记为“优先”的检察院、法院阶段 (审查批捕、审查起诉、一审), "
        "按是否在法定时限的一半 (优先目标, 按规则配置) 内完成; 占比 = 达到目标 / 标记优先并已完成",
        "Procuratorate and court stages (arrest review, prosecution review, first instance) of "
        "the cases reported in the period whose closing stage is marked 优先 (priority), by "
        "whether they closed within half the statutory time (the priority target, set in the "
        "rules); share = met / marked and closed"};
    t.row_heading = {"优先目标", "Priority target"};
    t.row_codes = {"target_met", "target_missed"};
    t.row_labels = {{"达到", "Met"}, {"未达到", "Missed"}};
    std::vector<std::vector<int64_t>> cells(2);
    for (size_t k = 0; k < clocks.size(); ++k) {
      if (clocks[k].clock == domain::ProceedingClock::kCaseReview) continue;
      t.column_codes.push_back(clocks[k].code);
      t.column_labels.push_back(clocks[k].label);
      cells[0].push_back(targets[k][0]);
      cells[1].push_back(targets[k][1]);
    }
    publish(t, {.cells = std::move(cells), .row_totals = false, .column_totals = true});
    const reports::Published& p = t.data;
    for (size_t c = 0; c < p.columns(); ++c) {
      const bool shown = !p.Hidden(0, c) && !p.Hidden(p.rows(), c) && p.Value(p.rows(), c) > 0;
      t.share_percent.push_back(
          shown ? std::optional<double>(100.0 * p.Value(0, c) / p.Value(p.rows(), c))
                : std::nullopt);
    }
    return t;
  }

  if (name == "protection_orders") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountProtectionOrders(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "application";
    t.title = {"人身安全保护令的裁定时间", "Protection orders: time to the decision"};
    t.definition = {
        "本期间登记案件的人身安全保护令申请, 按申请至裁定的时间: 24 小时内, 24–72 小时, 超过 72 "
        "小时, 尚未裁定; 法定时限为 72 小时, 紧急申请 24 小时 (反家暴法 §28)",
        "Protection order applications of the cases reported in the period, by the time from "
        "the application to the decision: within 24 hours, 24–72 hours, over 72 hours, not "
        "decided yet; the law allows 72 hours, 24 for an urgent application (Anti-Domestic "
        "Violence Law §28)"};
    t.row_heading = {"申请", "Application"};
    t.row_codes = {"ordinary", "urgent"};
    t.row_labels = {{"普通申请 (72 小时内裁定)", "Ordinary (decision within 72 h)"},
                    {"紧急申请 (24 小时内裁定)", "Urgent (decision within 24 h)"}};
    add_columns(t, {{"h_0_24", {"24 小时内裁定", "Decided within 24 h"}},
                    {"h_24_72", {"24–72 小时裁定", "Decided in 24–72 h"}},
                    {"later", {"超过 72 小时裁定", "Decided after 72 h"}},
                    {"pending", {"尚未裁定", "Not decided yet"}}});
    std::vector<std::vector<int64_t>> cells(2, std::vector<int64_t>(t.column_codes.size(), 0));
    for (const StatsGroup& g : groups) {
      const auto column = index_of(t.column_codes, g.keys.at(1));
      if (column) cells[g.keys.at(0) == "1" ? 1 : 0][*column] += g.count;
    }
    publish(t, {.cells = std::move(cells)});
    return t;
  }

  if (name == "interviews_per_girl") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountInterviews(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "girl";
    t.title = {"每名女童的询问次数", "Interviews per girl"};
    t.definition = {
        "本期间登记案件涉及的女童 (按登记年份, 一年内多次登记只计一次), 按其全部案件已记录的"
        "询问次数; 一站式询问的目标是只询问一次",
        "Girls in the cases reported in the period (by year reported; a girl with several "
        "cases in one year counts once), by the number of interviews recorded across all her "
        "cases; the one-stop (一站式) goal is a single interview"};
    t.row_heading = {"询问次数", "Interviews"};
    t.row_codes = {"none", "one", "two", "three_or_more"};
    t.row_labels = {{"未询问", "None"},
                    {"1 次 (目标)", "One (the goal)"},
                    {"2 次", "Two"},
                    {"3 次及以上", "Three or more"}};
    years_as_columns(t);
    std::vector<std::vector<int64_t>> cells(4, std::vector<int64_t>(years.size(), 0));
    for (const StatsGroup& g : groups) {
      const auto y = year_index(g.month);
      if (!y) continue;
      cells[std::clamp(ToInt(g.keys.at(0), 0), 0, 3)][*y] += g.count;
    }
    publish(t, {.cells = std::move(cells), .row_totals = false, .column_totals = true});
    return t;
  }

  if (name == "services_by_unit") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::CountServices(tx, db_.backend(), filter));
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    std::map<int64_t, std::string> unit_names;
    for (const auto& u : units) unit_names[u.id] = u.name;
    StatsTable t;
    t.id = name;
    t.unit = "service";
    t.title = {"各单位提供的援助服务", "Services by type and unit"};
    t.definition = {"本期间登记案件已记录的援助服务, 每条服务记录计一次, 按服务类型和提供单位",
                    "Assistance services recorded for the cases reported in the period, each "
                    "record once, by service type and the unit that delivered it"};
    t.row_heading = {"服务", "Service"};
    std::map<std::pair<size_t, std::string>, std::map<int64_t, int64_t>> counts;
    std::set<int64_t> unit_ids;
    for (const StatsGroup& g : groups) {
      const int64_t unit = ToInt(g.keys.at(1), 0);
      counts[{service_order(g.keys.at(0)), g.keys.at(0)}][unit] += g.count;
      unit_ids.insert(unit);
    }
    for (const int64_t u : unit_ids) {
      const auto it = unit_names.find(u);
      const std::string label = it == unit_names.end() ? std::to_string(u) : it->second;
      t.column_codes.push_back(std::to_string(u));
      t.column_labels.push_back({label, label});
    }
    std::vector<std::vector<int64_t>> cells;
    for (const auto& [key, by_unit] : counts) {
      t.row_codes.push_back(key.second);
      t.row_labels.push_back(service_label(key.second));
      std::vector<int64_t> row;
      for (const int64_t u : unit_ids) {
        const auto it = by_unit.find(u);
        row.push_back(it == by_unit.end() ? 0 : it->second);
      }
      cells.push_back(std::move(row));
    }
    publish(t, {.cells = std::move(cells)});
    return t;
  }

  if (name == "service_money") {
    SHOUHU_ASSIGN_OR_RETURN(auto groups,
                            storage::stats_store::SumServiceMoney(tx, db_.backend(), filter));
    StatsTable t;
    t.id = name;
    t.unit = "yuan";
    t.money = true;
    t.title = {"援助金额 (按服务类型)", "Money disbursed by service type"};
    t.definition = {
        "本期间登记案件已记录的援助服务金额 (元), 按服务类型和案件登记年份; 只列有金额的服务类型; "
        "所涉案件少于隐藏门槛的金额不显示",
        "Money (yuan) recorded with the assistance services of the cases reported in the "
        "period, by service type and the year the case was reported; only service types with "
        "money; an amount summing fewer cases than the suppression threshold is not shown"};
    t.row_heading = {"服务", "Service"};
    years_as_columns(t);
    // Per service type and year: fen, and the cases they were paid for.
    std::map<std::pair<size_t, std::string>, std::vector<std::pair<int64_t, int64_t>>> sums;
    for (const StatsGroup& g : groups) {
      const auto y = year_index(g.month);
      if (!y) continue;
      auto& row = sums[{service_order(g.keys.at(0)), g.keys.at(0)}];
      row.resize(years.size());
      row[*y].first += ToInt64(g.keys.at(1));
      row[*y].second += g.count;
    }
    reports::Grid money{.row_totals = true, .column_totals = false};
    reports::Grid cases{.row_totals = true, .column_totals = false};
    for (const auto& [key, row] : sums) {
      t.row_codes.push_back(key.second);
      t.row_labels.push_back(service_label(key.second));
      money.cells.emplace_back();
      cases.cells.emplace_back();
      for (const auto& [fen, n] : row) {
        money.cells.back().push_back(fen);
        cases.cells.back().push_back(n);
      }
    }
    t.suppressed = s.suppressed;
    if (s.suppressed) {
      // Hide the amounts exactly where the case counts would be hidden: the pattern has no
      // hidden cell that the published totals determine, whatever the values.
      const reports::Published counted = cases.cells.empty() ? reports::PublishUnsuppressed(cases)
                                                             : reports::Suppress(cases, rule);
      std::vector<std::pair<size_t, size_t>> hidden;
      for (size_t r = 0; r <= counted.rows(); ++r)
        for (size_t c = 0; c <= counted.columns(); ++c)
          if (counted.Exists(r, c) && counted.Hidden(r, c)) hidden.emplace_back(r, c);
      t.data = reports::PublishWithHidden(money, hidden, rule.threshold);
    } else {
      t.data = reports::PublishUnsuppressed(money);
    }
    AddNotes(t, s, rule);
    return t;
  }

  if (name == "urban_rural") {
    return NotRecorded(name, "incident", {"城乡分布", "Urban / rural"},
                       {"事件记录中没有城乡字段", "Incidents do not record urban or rural"});
  }

  // ---- category tables: rows are categories, columns years (or months) ----
  CategorySpec spec;
  spec.id = name;
  spec.unit = "case";
  auto age_of = [](const std::vector<std::string>& k) { return ToInt(k.at(0), -1); };
  if (name == "harm_type") {
    spec.title = {"按伤害类型", "By harm type"};
    spec.definition = {"案件按登记的伤害类型计数; 一案可有多种伤害类型, 各计一次, 故不设合计行",
                       "Cases by the harm types recorded; a case with several harm types counts "
                       "once under each, so there is no total row"};
    spec.row_heading = {"伤害类型", "Harm type"};
    spec.columns = {StatsColumn::kHarmTypes};
    spec.rows = enum_rows(domain::kHarmType, false);
    spec.classify = [](const std::vector<std::string>& k) { return Split(k.at(0)); };
    spec.additive = false;
  } else if (name == "gbvims_core_type") {
    spec.title = {"按 GBVIMS 核心类型", "By GBVIMS core incident type"};
    spec.definition = {
        "案件按 GBVIMS 核心事件类型计数: 多种伤害类型时取优先级最高者 (强奸 > 性侵犯 > "
        "身体伤害 > 强迫婚姻 > 剥夺资源 > 心理虐待 > 非性别暴力); 拐卖、欺凌、乞讨等仅为背景, "
        "计入“无核心类型”",
        "Cases by GBVIMS core incident type: with several harm types the first in "
        "precedence order (rape, sexual assault, physical assault, forced marriage, "
        "denial of resources, psychological abuse, non-GBV); trafficking, bullying "
        "and begging are context only and count under \"none\""};
    spec.row_heading = {"核心类型", "Core type"};
    spec.columns = {StatsColumn::kHarmTypes};
    const std::vector<std::pair<std::string, Text>> core = {
        {"rape", {"强奸", "Rape"}},
        {"sexual_assault", {"性侵犯", "Sexual assault"}},
        {"physical_assault", {"身体伤害", "Physical assault"}},
        {"forced_marriage", {"强迫婚姻", "Forced marriage"}},
        {"denial_of_resources", {"剥夺资源/机会", "Denial of resources"}},
        {"psychological_abuse", {"心理/情感虐待", "Psychological / emotional abuse"}},
        {"non_gbv", {"非性别暴力", "Non-GBV"}},
        {"none", {"无核心类型 (仅背景)", "None (context only)"}}};
    spec.rows = core;
    spec.classify = [this](const std::vector<std::string>& k) {
      return std::vector<std::string>{
          std::string(domain::GbvimsCoreTypeCode(enumerations_.GbvimsCoreTypeOf(Split(k.at(0)))))};
    };
  } else if (name == "age_band") {
    spec.title = {"按事发时年龄段", "By age band at the incident"};
    spec.definition = {
        "案件按女童事发时的周岁年龄分段 (学段): 0–6, 7–12, 13–15, 16–17 岁; "
        "出生日期不明者列为未记录",
        "Cases by the girl's age in whole years at the incident, in school "
        "stages 0–6, 7–12, 13–15, 16–17; unknown birth date: not recorded"};
    spec.row_heading = {"年龄段", "Age band"};
    spec.columns = {StatsColumn::kAge};
    spec.rows = enum_rows(domain::kAgeBand, true);
    spec.classify = [age_of](const std::vector<std::string>& k) {
      const std::string_view band = domain::AgeBandCode(age_of(k));
      return std::vector<std::string>{band.empty() ? kNotRecorded : std::string(band)};
    };
  } else if (name == "gbvims_age_band") {
    spec.title = {"按事发时年龄段 (GBVIMS)", "By age band at the incident (GBVIMS)"};
    spec.definition = {"案件按女童事发时的周岁年龄: 0–11 岁, 12–17 岁",
                       "Cases by the girl's age in whole years at the incident: 0–11, 12–17"};
    spec.row_heading = {"年龄段", "Age band"};
    spec.columns = {StatsColumn::kAge};
    spec.rows = enum_rows(domain::kGbvimsAgeBand, true);
    spec.classify = [age_of](const std::vector<std::string>& k) {
      const std::string_view band = domain::GbvimsAgeBandCode(age_of(k));
      return std::vector<std::string>{band.empty() ? kNotRecorded : std::string(band)};
    };
  } else if (name == "perpetrator_relationship") {
    spec.unit = "incident";
    spec.title = {"按加害人与女童的关系", "By the perpetrator's relationship to the girl"};
    spec.definition = {"事件按登记的加害人关系计数",
                       "Incidents by the recorded relationship of "
                       "the perpetrator to the girl"};
    spec.row_heading = {"关系", "Relationship"};
    spec.columns = {StatsColumn::kRelationship};
    spec.rows = enum_rows(domain::kPerpetratorRelationship, true);
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0).empty() ? kNotRecorded : k.at(0)};
    };
  } else if (name == "relationship_group") {
    spec.unit = "incident";
    spec.title = {"熟人作案与陌生人作案", "Acquaintances and strangers"};
    spec.definition = {
        "事件按加害人关系归类: 熟人 (家庭成员、老师、同学、邻居等一切相识者, 网友除外), 网友 "
        "(单列), "
        "陌生人, 不明/未记录",
        "Incidents by the perpetrator's relationship: acquaintance (family, "
        "teachers, schoolmates, neighbours and anyone known, except online "
        "contacts), online contact (apart), stranger, unknown / not recorded"};
    spec.row_heading = {"类别", "Group"};
    spec.columns = {StatsColumn::kRelationship};
    spec.rows = {{"acquaintance", {"熟人", "Acquaintance"}},
                 {"online_contact", {"网友", "Online contact"}},
                 {"stranger", {"陌生人", "Stranger"}},
                 {"unknown", {"不明/未记录", "Unknown / not recorded"}}};
    spec.classify = [](const std::vector<std::string>& k) {
      const std::string& r = k.at(0);
      std::string group = "acquaintance";
      if (r == "online_contact" || r == "stranger") group = r;
      if (r.empty() || r == "unknown") group = "unknown";
      return std::vector<std::string>{group};
    };
  } else if (name == "perpetrator_count") {
    spec.unit = "incident";
    spec.title = {"按加害人人数", "By number of perpetrators"};
    spec.definition = {"事件按登记的加害人人数: 1 人, 2 人及以上, 未记录 (0)",
                       "Incidents by the recorded number of perpetrators: one, two or more, "
                       "not recorded (0)"};
    spec.row_heading = {"加害人人数", "Perpetrators"};
    spec.columns = {StatsColumn::kPerpetratorCount};
    spec.rows = {{"one", {"1 人", "One"}},
                 {"two_or_more", {"2 人及以上", "Two or more"}},
                 {kNotRecorded, kNotRecordedLabel}};
    spec.classify = [](const std::vector<std::string>& k) {
      const int n = ToInt(k.at(0), 0);
      return std::vector<std::string>{n <= 0 ? kNotRecorded : n == 1 ? "one" : "two_or_more"};
    };
  } else if (name == "place_type") {
    spec.unit = "incident";
    spec.title = {"按事发场所", "By place of the incident"};
    spec.definition = {"事件按登记的事发场所类型计数", "Incidents by the type of place recorded"};
    spec.row_heading = {"场所", "Place"};
    spec.columns = {StatsColumn::kPlace};
    spec.rows = enum_rows(domain::kPlaceType, true);
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0).empty() ? kNotRecorded : k.at(0)};
    };
  } else if (name == "intake_channel") {
    spec.title = {"按线索来源渠道", "By intake channel"};
    spec.definition = {"案件按线索进入本系统的渠道计数",
                       "Cases by the channel the report came in "
                       "through"};
    spec.row_heading = {"渠道", "Channel"};
    spec.columns = {StatsColumn::kChannel};
    spec.rows = enum_rows(domain::kIntakeChannel, false);
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0)};
    };
  } else if (name == "reporter_category") {
    spec.title = {"按报告主体类别", "By reporter category"};
    spec.definition = {
        "案件按报告人所属类别计数 (强制报告主体等); 未登记报告主体的列为“非强制报告”",
        "Cases by the category of the reporter (mandatory reporters and others); "
        "cases without one: not a mandatory report"};
    spec.row_heading = {"报告主体", "Reporter"};
    spec.columns = {StatsColumn::kReporter};
    spec.rows = enum_rows(domain::kReporterCategory, false);
    spec.rows.push_back({"none", {"非强制报告", "Not a mandatory report"}});
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0).empty() ? "none" : k.at(0)};
    };
  } else if (name == "mandatory_report_share") {
    spec.title = {"经强制报告发现的案件", "Cases found through mandatory reports"};
    spec.definition = {"来源渠道为“强制报告”的案件与其他渠道案件; 占比 = 强制报告案件 / 全部案件",
                       "Cases whose intake channel is a mandatory report, and the rest; share = "
                       "mandatory-report cases / all cases"};
    spec.row_heading = {"来源", "Source"};
    spec.columns = {StatsColumn::kChannel};
    spec.rows = {{"mandatory_report", {"强制报告", "Mandatory report"}},
                 {"other_channels", {"其他渠道", "Other channels"}}};
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0) == "mandatory_report" ? "mandatory_report"
                                                                    : "other_channels"};
    };
  } else if (name == "report_delay") {
    spec.unit = "incident";
    spec.title = {"事发至报告的间隔", "Time from incident to report"};
    spec.definition = {
        "事件按事发日期至登记日期 (北京时间) 的间隔分段: 0–3 天, 4–5 天, 6–14 天, 2 周至 1 个月 "
        "(至次月同日), "
        "超过 1 个月",
        "Incidents by the time from the incident date to the reporting date "
        "(Beijing time): 0–3 days, 4–5 days, 6–14 days, 2 weeks to 1 month (to the "
        "same day of the next month), over 1 month"};
    spec.row_heading = {"间隔", "Delay"};
    // The query groups by whole days (32 = more than a month for any start) and, only where the
    // month boundary matters (28..31 days), by the incident date.
    spec.columns = {StatsColumn::kDelayDays, StatsColumn::kDelayBoundary};
    spec.rows = enum_rows(domain::kReportDelayBand, true);
    spec.classify = [](const std::vector<std::string>& k) {
      const int days = k.at(0).empty() ? -1 : ToInt(k.at(0), -1);
      std::string band;
      if (days >= 0) {
        domain::CivilDate occurred{2001, 1, 1};  // any date: the band depends on days only
        if (!k.at(1).empty()) {
          auto parsed = domain::ParseCivilDate(k.at(1));
          if (parsed.ok()) occurred = *parsed;
        }
        band = std::string(domain::ReportDelayBandCode(occurred, domain::AddDays(occurred, days)));
      }
      return std::vector<std::string>{band.empty() ? kNotRecorded : band};
    };
  } else if (name == "late_reports") {
    spec.title = {"迟报案件", "Late reports"};
    spec.definition = {"登记时间晚于发现时间超过规定时限 (默认 24 小时) 的案件",
                       "Cases reported more than the set time (24 hours by default) after the "
                       "harm was discovered"};
    spec.row_heading = {"报告时效", "Timeliness"};
    spec.columns = {StatsColumn::kLate};
    spec.rows = {{"late", {"迟报", "Late"}}, {"on_time", {"按时", "On time"}}};
    spec.classify = [](const std::vector<std::string>& k) {
      return std::vector<std::string>{k.at(0) == "1" ? "late" : "on_time"};
    };
  } else {
    return Status::NotFound("stats_not_found");
  }

  SHOUHU_ASSIGN_OR_RETURN(auto groups,
                          storage::stats_store::Count(tx, db_.backend(), spec.columns, filter));
  StatsTable t;
  t.id = spec.id;
  t.unit = spec.unit;
  t.title = spec.title;
  t.definition = spec.definition;
  t.row_heading = spec.row_heading;
  std::map<std::string, size_t> row_index;
  for (const auto& [code, text] : spec.rows) {
    row_index.emplace(code, t.row_codes.size());
    t.row_codes.push_back(code);
    t.row_labels.push_back(text);
  }
  std::map<std::string, size_t> column_index;
  const bool monthly = access.columns == Columns::kMonths;
  for (const auto& c : monthly ? MonthsOf(s) : years) {
    column_index.emplace(c, t.column_codes.size());
    t.column_codes.push_back(c);
    t.column_labels.push_back({monthly ? c : c + " 年", c});
  }
  std::vector<std::vector<int64_t>> cells(t.row_codes.size(),
                                          std::vector<int64_t>(t.column_codes.size(), 0));
  for (const StatsGroup& g : groups) {
    const auto column = column_index.find(monthly ? g.month : g.month.substr(0, 4));
    if (column == column_index.end()) continue;
    for (const std::string& code : spec.classify(g.keys)) {
      auto row = row_index.find(code);
      if (row == row_index.end()) {
        // A code added by the district's rules after this table's rows were listed.
        row = row_index.emplace(code, t.row_codes.size()).first;
        t.row_codes.push_back(code);
        t.row_labels.push_back({code, code});
        cells.emplace_back(t.column_codes.size(), 0);
      }
      cells[row->second][column->second] += g.count;
    }
  }
  publish(t, {.cells = std::move(cells), .row_totals = true, .column_totals = spec.additive});
  if (name == "mandatory_report_share") {
    const reports::Published& p = t.data;
    for (size_t c = 0; c < p.columns(); ++c) {
      const bool shown = p.rows() > 0 && p.Exists(p.rows(), c) && !p.Hidden(0, c) &&
                         !p.Hidden(p.rows(), c) && p.Value(p.rows(), c) > 0;
      t.share_percent.push_back(
          shown ? std::optional<double>(100.0 * p.Value(0, c) / p.Value(p.rows(), c))
                : std::nullopt);
    }
  }
  return t;
}

Result<StatsTable> StatsService::Table(const Actor& actor, const std::string& name,
                                       const StatsQuery& query, bool for_export) {
  if (std::find(TableNames().begin(), TableNames().end(), name) == TableNames().end())
    return Status::NotFound("stats_not_found");
  SHOUHU_ASSIGN_OR_RETURN(Access access, Authorize(actor, query, "stats.read", for_export));
  StatsTable table;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(table, Build(name, access, tx));
    return Status::Ok();
  }));
  return table;
}

namespace {

// Year-on-year change of the last column against the previous one, for every row where both are
// shown and the earlier is not zero.
void AddYearOnYear(StatsTable& t) {
  t.change_percent.assign(t.row_codes.size(), std::nullopt);
  const size_t n = t.data.columns();
  if (!t.recorded || n < 2) return;
  for (size_t r = 0; r < t.data.rows(); ++r) {
    if (t.data.Hidden(r, n - 1) || t.data.Hidden(r, n - 2)) continue;
    const int64_t before = t.data.Value(r, n - 2), now = t.data.Value(r, n - 1);
    if (before == 0) continue;
    t.change_percent[r] = 100.0 * static_cast<double>(now - before) / static_cast<double>(before);
  }
}

}  // namespace

Result<StatsReport> StatsService::Report(const Actor& actor, const std::string& layout,
                                         const StatsQuery& query, bool for_export) {
  if (std::find(ReportLayouts().begin(), ReportLayouts().end(), layout) == ReportLayouts().end())
    return Status::NotFound("stats_not_found");
  StatsQuery q = query;
  const domain::CivilDate today = domain::CivilDateShanghai(clock_.NowMillis());
  if (layout == "white_paper" && q.from.empty()) {
    // This year against the last, unless the caller chose a period.
    q.from = domain::CivilDate{today.year - 1, 1, 1}.ToString();
  }
  if (layout == "gbvims_monthly" && q.from.empty()) {
    q.from = domain::CivilDate{today.year, today.month, 1}.ToString();
  }
  SHOUHU_ASSIGN_OR_RETURN(Access access, Authorize(actor, q, "stats.read", for_export));
  StatsReport report;
  report.layout = layout;
  report.scope = access.scope;
  std::vector<std::string> names;
  if (layout == "white_paper") {
    report.title = {"未成年女童保护工作白皮书 (年度数据)",
                    "White paper on the protection of minor girls (yearly figures)"};
    names = {"cases_by_year", "girls_by_year",          "harm_type",   "proceedings_by_year",
             "service_money", "mandatory_report_share", "late_reports"};
  } else if (layout == "girls_protection") {
    report.title = {"女童保护年度统计 (案件、受害人、年龄、熟人作案、场所)",
                    "Annual girls' protection statistics (cases, victims, ages, acquaintances, "
                    "places)"};
    names = {"cases_by_year", "girls_by_year",  "age_band",   "relationship_group",
             "place_type",    "intake_channel", "urban_rural"};
  } else {
    report.title = {"GBVIMS 月度统计", "GBVIMS monthly statistics"};
    access.columns = Columns::kMonths;
    names = {"gbvims_core_type", "gbvims_age_band", "perpetrator_relationship", "perpetrator_count",
             "place_type",       "report_delay",    "intake_channel",           "harm_type"};
  }
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    for (const std::string& name : names) {
      SHOUHU_ASSIGN_OR_RETURN(StatsTable t, Build(name, access, tx));
      if (layout == "white_paper") AddYearOnYear(t);
      report.tables.push_back(std::move(t));
    }
    return Status::Ok();
  }));
  if (layout == "white_paper") {
    // Rows of the 最高检 white paper that no table of this system holds.
    const Text reason{
        "本系统不记录该项 (督促监护令、强制报告追责与入职查询在检察、人社等系统中办理), "
        "不提供推算数字",
        "The system does not record this (guardianship orders, accountability for "
        "not reporting and pre-employment checks are handled in the "
        "procuratorate's and other systems); no estimate is given"};
    const std::vector<std::pair<std::string, Text>> rows = {
        {"guardianship_orders", {"督促监护令", "Guardianship supervision orders"}},
        {"mandatory_report_accountability",
         {"未履行强制报告被追责人数", "People held accountable for not reporting"}},
        {"employment_checks",
         {"入职查询 (查询、不予录用、解聘)",
          "Pre-employment checks (checks, refused, dismissed)"}}};
    for (const auto& [id, title] : rows)
      report.tables.push_back(NotRecorded(id, "case", title, reason));
  }
  if (layout == "gbvims_monthly") {
    SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
      for (const char* name : {"referrals_by_service", "services_by_unit"}) {
        SHOUHU_ASSIGN_OR_RETURN(StatsTable t, Build(name, access, tx));
        report.tables.push_back(std::move(t));
      }
      return Status::Ok();
    }));
    report.tables.push_back(NotRecorded(
        "time_of_day", "incident", {"事发时段", "Time of day"},
        {"事件只记录日期, 不记录时段", "Incidents record the date only, not the time"}));
  }
  return report;
}

namespace {

// A whole number written as "12" or, by a spreadsheet, "12.0"; nullopt otherwise.
std::optional<int64_t> WholeNumber(const std::string& text) {
  size_t end = text.find('.');
  if (end != std::string::npos && text.find_first_not_of('0', end + 1) != std::string::npos)
    return std::nullopt;
  const std::string digits = text.substr(0, end);
  if (digits.empty() || digits.size() > 9 ||
      digits.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(digits);
}

}  // namespace

void StatsService::CheckHistory(const HistoryInput& in, const std::string& prefix,
                                FieldErrors& errors) const {
  const domain::CivilDate today = domain::CivilDateShanghai(clock_.NowMillis());
  if (in.year < 1949 || in.year > today.year) errors.emplace(prefix + "year", "out_of_range");
  if (in.count < 0 || in.count > 1000000) errors.emplace(prefix + "count", "out_of_range");
  if (in.category != "all" && !enumerations_.Contains(domain::kHarmType, in.category))
    errors.emplace(prefix + "category", "unknown_value");
  if (in.source.empty())
    errors.emplace(prefix + "source", "required");
  else if (in.source.size() > 500)
    errors.emplace(prefix + "source", "too_long");
}

Result<std::vector<storage::StatsHistoryRecord>> StatsService::SaveHistory(
    const Actor& actor, const std::string& action, const std::string& district_code,
    const std::vector<HistoryInput>& inputs) {
  if (actor.is_command_line() || (actor.role != Role::kCoordinator && actor.role != Role::kLeader))
    return Deny(actor, action, Status::PermissionDenied("stats_forbidden"));
  if (!district_code.empty() && !domain::CheckDistrictCode(district_code).ok())
    return Status::InvalidField("district_code", "bad_format");
  std::string own;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto unit, storage::unit_store::FindById(tx, actor.unit_id));
    if (unit) own = unit->district_code;
    return Status::Ok();
  }));
  const std::string district = district_code.empty() ? own : district_code;
  if (actor.role == Role::kCoordinator && district != own)
    return Deny(actor, action, Status::PermissionDenied("stats_other_district"));
  if (district.empty()) return Status::InvalidField("district_code", "required");
  std::vector<storage::StatsHistoryRecord> records;
  for (const HistoryInput& in : inputs) {
    records.push_back({.district_code = district,
                       .year = in.year,
                       .category = in.category,
                       .count = in.count,
                       .source = in.source,
                       .recorded_by = actor.user_id,
                       .recorded_at = clock_.NowMillis()});
  }
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    std::string detail = "district=" + district;
    for (auto& record : records) {
      SHOUHU_ASSIGN_OR_RETURN(record.id, storage::stats_store::UpsertHistory(tx, record));
      detail += fmt::format(" {}/{}={}", record.year, record.category, record.count);
    }
    audit::Event e{.user_id = actor.user_id,
                   .unit_id = actor.unit_id,
                   .action = action,
                   .object_type = "stats_history",
                   .object_id = records.size() == 1 ? std::to_string(records[0].id) : "",
                   .result = "ok",
                   .client_address = actor.client_address,
                   .detail = detail.substr(0, 2000)};
    return Record(tx, clock_, actor, e);
  }));
  return records;
}

Result<storage::StatsHistoryRecord> StatsService::RecordHistory(const Actor& actor,
                                                                const HistoryInput& in) {
  const std::string action = "stats.history.record";
  if (actor.is_command_line() || (actor.role != Role::kCoordinator && actor.role != Role::kLeader))
    return Deny(actor, action, Status::PermissionDenied("stats_forbidden"));
  FieldErrors errors;
  CheckHistory(in, "", errors);
  if (!in.district_code.empty() && !domain::CheckDistrictCode(in.district_code).ok())
    errors.emplace("district_code", "bad_format");
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  SHOUHU_ASSIGN_OR_RETURN(auto records, SaveHistory(actor, action, in.district_code, {in}));
  return records.front();
}

Result<std::vector<storage::StatsHistoryRecord>> StatsService::ImportHistory(
    const Actor& actor, const std::string& district_code, std::string_view xlsx) {
  const std::string action = "stats.history.import";
  if (actor.is_command_line() || (actor.role != Role::kCoordinator && actor.role != Role::kLeader))
    return Deny(actor, action, Status::PermissionDenied("stats_forbidden"));
  SHOUHU_ASSIGN_OR_RETURN(auto rows, reports::ReadFirstSheet(xlsx));
  // The header row names the columns, in Chinese or English, in any order.
  size_t header = 0;
  while (header < rows.size() && rows[header].empty()) ++header;
  if (header == rows.size()) return Status::InvalidField("file", "no_rows");
  std::map<std::string, size_t> column;
  for (size_t c = 0; c < rows[header].size(); ++c) {
    std::string name = rows[header][c];
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "年份" || name == "year") column["year"] = c;
    if (name == "类别" || name == "category") column["category"] = c;
    if (name == "数字" || name == "count") column["count"] = c;
    if (name == "来源" || name == "source") column["source"] = c;
  }
  for (const char* needed : {"year", "count", "source"}) {
    if (!column.count(needed))
      return Status::InvalidField(std::string("file.") + needed, "required");
  }
  auto cell = [&](const std::vector<std::string>& row, const char* name) -> std::string {
    const auto it = column.find(name);
    return it == column.end() || it->second >= row.size() ? std::string() : row[it->second];
  };
  std::vector<HistoryInput> inputs;
  FieldErrors errors;
  for (size_t r = header + 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    bool blank = true;
    for (const auto& v : row) blank = blank && v.empty();
    if (blank) continue;
    // Rows are named by their spreadsheet row number, as the person sees it.
    const std::string prefix = "rows[" + std::to_string(r + 1) + "].";
    HistoryInput in;
    const auto year = WholeNumber(cell(row, "year"));
    const auto count = WholeNumber(cell(row, "count"));
    in.year = year ? static_cast<int>(*year) : -1;
    in.count = count ? *count : -1;
    in.category = cell(row, "category").empty() ? "all" : cell(row, "category");
    in.source = cell(row, "source");
    if (!year) errors.emplace(prefix + "year", "wrong_type");
    if (!count) errors.emplace(prefix + "count", "wrong_type");
    CheckHistory(in, prefix, errors);
    inputs.push_back(std::move(in));
    if (inputs.size() > 1000) return Status::InvalidField("file", "too_large");
  }
  if (!errors.empty()) return Status::InvalidArgument("invalid_field", errors);
  if (inputs.empty()) return Status::InvalidField("file", "no_rows");
  return SaveHistory(actor, action, district_code, inputs);
}

Result<std::vector<storage::StatsHistoryRecord>> StatsService::History(const Actor& actor,
                                                                       const StatsQuery& query) {
  SHOUHU_ASSIGN_OR_RETURN(Access access, Authorize(actor, query, "stats.read", false));
  std::vector<storage::StatsHistoryRecord> out;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(
        out, storage::stats_store::ListHistory(tx, access.scope.district_code,
                                               access.scope.first_year, access.scope.last_year));
    return Status::Ok();
  }));
  return out;
}

// ---- exports ----

namespace {

reports::TableDocument Document(const StatsTable& t, Language lang) {
  reports::TableDocument doc;
  doc.title = t.title.In(lang);
  doc.row_heading = t.row_heading.In(lang);
  doc.total_label = lang == Language::kEn ? "Total" : "合计";
  for (const auto& l : t.row_labels) doc.row_labels.push_back(l.In(lang));
  for (const auto& l : t.column_labels) doc.column_labels.push_back(l.In(lang));
  doc.data = t.data;
  doc.cents = t.money;
  if (!t.recorded) {
    doc.notes.push_back((lang == Language::kEn ? "Not recorded: " : "未记录: ") +
                        t.not_recorded_reason.In(lang));
  }
  if (!t.history.empty()) {
    const bool en = lang == Language::kEn;
    doc.appendix.push_back({});
    doc.appendix.push_back(
        {{.text = en ? "Historical figures (paper records)" : "历史数字 (纸质记录)",
          .bold = true}});
    doc.appendix.push_back({{.text = en ? "Year" : "年份", .bold = true},
                            {.text = en ? "Count" : "数字", .bold = true},
                            {.text = en ? "Source" : "来源", .bold = true}});
    for (const auto& h : t.history) {
      doc.appendix.push_back({{.text = std::to_string(h.year)},
                              {.numeric = true, .number = h.count},
                              {.text = h.source}});
    }
  }
  for (size_t c = 0; c < t.share_percent.size() && c < t.column_labels.size(); ++c) {
    if (!t.share_percent[c]) continue;
    doc.notes.push_back(fmt::format("{} {}: {:.1f}%", lang == Language::kEn ? "Share" : "占比",
                                    t.column_labels[c].In(lang), *t.share_percent[c]));
  }
  for (size_t r = 0; r < t.change_percent.size(); ++r) {
    if (!t.change_percent[r]) continue;
    doc.notes.push_back(fmt::format("{} {}: {}", t.row_labels[r].In(lang),
                                    lang == Language::kEn ? "year on year" : "同比",
                                    FormatPercent(*t.change_percent[r])));
  }
  for (const auto& n : t.notes) doc.notes.push_back(n.In(lang));
  return doc;
}

std::vector<reports::SheetRow> SheetOf(const StatsTable& t, Language lang) {
  if (!t.recorded) {
    const reports::TableDocument doc = Document(t, lang);
    std::vector<reports::SheetRow> rows{{{.text = doc.title, .bold = true}}};
    for (const auto& n : doc.notes) rows.push_back({{.text = n}});
    return rows;
  }
  return reports::LayOut(Document(t, lang));
}

Result<ExportFile> Pack(
    const std::vector<std::pair<std::string, std::vector<reports::SheetRow>>>& sheets,
    ExportFormat format, const std::string& base) {
  ExportFile file;
  if (format == ExportFormat::kCsv) {
    std::vector<reports::SheetRow> all;
    for (const auto& [name, rows] : sheets) {
      if (!all.empty()) all.push_back({});
      all.insert(all.end(), rows.begin(), rows.end());
    }
    file.bytes = reports::WriteCsv(all);
    file.content_type = "text/csv; charset=utf-8";
    file.file_name = base + ".csv";
    return file;
  }
  std::vector<reports::Sheet> book;
  for (const auto& [name, rows] : sheets) book.push_back({.name = name, .rows = rows});
  SHOUHU_ASSIGN_OR_RETURN(file.bytes, reports::WriteXlsx(book));
  file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  file.file_name = base + ".xlsx";
  return file;
}

std::string FormatName(ExportFormat f) {
  return f == ExportFormat::kCsv ? "csv" : "xlsx";
}

}  // namespace

Result<ExportFile> StatsService::ExportTable(const Actor& actor, const std::string& name,
                                             const StatsQuery& query, ExportFormat format,
                                             Language language) {
  ComposedRequest composed(actor, "stats", name);
  SHOUHU_ASSIGN_OR_RETURN(StatsTable t, Table(actor, name, query, true));
  SHOUHU_ASSIGN_OR_RETURN(
      ExportFile file,
      Pack({{t.title.In(language), SheetOf(t, language)}}, format,
           "shouhu-" + name + "-" + (query.from.empty() ? "default" : query.from)));
  composed.Release();
  SHOUHU_RETURN_IF_ERROR(
      Audit(actor, "stats.export", name,
            fmt::format("format={} from={} to={} district={}", FormatName(format), query.from,
                        query.to, query.district_code)));
  return file;
}

Result<ExportFile> StatsService::ExportReport(const Actor& actor, const std::string& layout,
                                              const StatsQuery& query, ExportFormat format,
                                              Language language) {
  ComposedRequest composed(actor, "stats", layout);
  SHOUHU_ASSIGN_OR_RETURN(StatsReport report, Report(actor, layout, query, true));
  std::vector<std::pair<std::string, std::vector<reports::SheetRow>>> sheets;
  for (const StatsTable& t : report.tables)
    sheets.push_back({t.title.In(language), SheetOf(t, language)});
  if (format == ExportFormat::kCsv && !sheets.empty()) {
    sheets.front().second.insert(sheets.front().second.begin(),
                                 {{.text = report.title.In(language), .bold = true}});
  }
  SHOUHU_ASSIGN_OR_RETURN(ExportFile file,
                          Pack(sheets, format, "shouhu-" + layout + "-" + report.scope.from));
  composed.Release();
  SHOUHU_RETURN_IF_ERROR(
      Audit(actor, "stats.export", layout,
            fmt::format("format={} from={} to={} district={}", FormatName(format),
                        report.scope.from, report.scope.to, report.scope.district_code)));
  return file;
}

Result<ExportFile> StatsService::ExportCases(const Actor& actor, const CaseExportQuery& query,
                                             ExportFormat format, Language language) {
  if (cases_ == nullptr) return Status::Unavailable("unavailable");
  // One request, one row: the export's, naming every case it unmasked; the list pages and the
  // unmasks inside only add to it, and the file leaves only once the row is durable.
  ComposedRequest composed(actor, "stats", "cases");
  std::string unmasked_ids;
  const bool clear = query.reason.has_value();
  const std::string reason = query.reason.value_or("");
  if (clear) {
    // The rule of POST /cases/{id}/unmask, checked before anything is read.
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
      return Status::InvalidField("reason", "required");
    if (domain::Utf8Length(reason) > kMaxUnmaskReasonChars)
      return Status::InvalidField("reason", "too_long");
    if (actor.is_command_line() ||
        (actor.role != Role::kCoordinator && actor.role != Role::kCaseworker)) {
      SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) {
        audit::Event e{.user_id = actor.user_id,
                       .action = "case.export",
                       .object_type = "stats",
                       .object_id = "cases",
                       .result = "denied",
                       .client_address = actor.client_address,
                       .detail = "identity=clear role"};
        if (!actor.is_command_line()) e.unit_id = actor.unit_id;
        return Record(tx, clock_, actor, e);
      }));
      return Status::PermissionDenied("unmask_not_allowed");
    }
  }
  CaseListQuery list{.filter = query.filter, .overdue = query.overdue};
  list.filter.limit = 200;
  list.filter.before_id = 0;

  const bool en = language == Language::kEn;
  auto label = [&](std::string_view enumeration, const std::string& code) {
    auto l = enumerations_.Label(enumeration, code, language);
    return l ? std::string(*l) : code;
  };
  std::vector<reports::SheetRow> rows;
  rows.push_back({{.text = clear ? (en ? "Cases (identity in clear; export audited)"
                                       : "案件清单 (含身份信息; 导出已审计)")
                                 : (en ? "Cases (identity masked)" : "案件清单 (身份信息已遮蔽)"),
                   .bold = true}});
  reports::SheetRow header;
  std::vector<std::string> headings = {en ? "Case number" : "案件编号",
                                       en ? "Reported" : "登记时间",
                                       en ? "Status" : "状态",
                                       en ? "Harm types" : "伤害类型",
                                       en ? "Risk level" : "风险等级",
                                       en ? "Channel" : "来源渠道",
                                       en ? "Age at incident" : "事发时年龄",
                                       en ? "District" : "区划"};
  if (clear) {
    for (const char* h :
         {en ? "Girl's name" : "女童姓名", en ? "ID number" : "身份证号",
          en ? "Birth date" : "出生日期", en ? "Address" : "住址", en ? "School" : "学校",
          en ? "Guardian" : "监护人", en ? "Phone" : "联系电话"})
      headings.push_back(h);
  } else {
    headings.push_back(en ? "Girl (masked)" : "女童 (遮蔽)");
  }
  for (const auto& h : headings) header.push_back({.text = h, .bold = true});
  rows.push_back(std::move(header));
  // The whole list first (masked), so that a clear export knows its size before anything is
  // unmasked.
  std::vector<CaseDetail> listed_cases;
  while (true) {
    SHOUHU_ASSIGN_OR_RETURN(auto page, cases_->List(actor, list));
    const size_t got = page.size();
    for (CaseDetail& d : page) listed_cases.push_back(std::move(d));
    if (static_cast<int>(got) < list.filter.limit ||
        listed_cases.size() >= static_cast<size_t>(kMaxCaseExportRows))
      break;
    list.filter.before_id = listed_cases.back().record.id;
  }
  const storage::CaseFilter& f = query.filter;
  const std::string scope = fmt::format(
      "format={} status={} risk_level={} harm_type={} intake_channel={} unit_id={} district={} "
      "reported_from={} reported_to={} case_number={} overdue={}",
      FormatName(format), f.status, f.risk_level, f.harm_type, f.intake_channel, f.unit_id,
      f.district_code, f.reported_from, f.reported_to, f.case_number, query.overdue ? 1 : 0);
  const int64_t count = static_cast<int64_t>(listed_cases.size());
  std::optional<int64_t> approval_used;
  if (clear) {
    SHOUHU_ASSIGN_OR_RETURN(approval_used, CheckClearExport(actor, query, scope, reason, count));
  }
  size_t exported = 0;
  {
    auto& page = listed_cases;
    for (CaseDetail& listed : page) {
      CaseDetail d = std::move(listed);
      if (clear) {
        // Each case through the unmask gate: need-to-know, the reason audited per case.
        SHOUHU_ASSIGN_OR_RETURN(d, cases_->Unmask(actor, d.record.id, reason));
        unmasked_ids += (unmasked_ids.empty() ? "" : ",") + std::to_string(d.record.id);
      }
      const auto& r = d.record;
      std::string harms;
      for (const auto& h : Split(r.harm_types))
        harms += (harms.empty() ? "" : "; ") + label(domain::kHarmType, h);
      reports::SheetRow row{{.text = r.case_number},
                            {.text = domain::CivilDateShanghai(r.reported_at).ToString()},
                            {.text = r.status}};
      if (d.view == CaseView::kReceipt) {
        rows.push_back(std::move(row));
        continue;
      }
      row.push_back({.text = harms});
      row.push_back({.text = r.risk_level.empty() ? "" : label(domain::kRiskLevel, r.risk_level)});
      row.push_back({.text = label(domain::kIntakeChannel, r.intake_channel)});
      if (r.age_at_incident >= 0)
        row.push_back({.numeric = true, .number = r.age_at_incident});
      else
        row.push_back({.text = ""});
      row.push_back({.text = r.district_code});
      if (clear) {
        const Identity& id = d.identity;
        for (const std::string* v : {&id.name, &id.id_number, &id.birth_date, &id.address,
                                     &id.school, &id.guardian, &id.phone})
          row.push_back({.text = *v});
      } else {
        row.push_back({.text = d.view == CaseView::kMasked         ? d.identity.name
                               : d.view == CaseView::kPseudonymous ? d.pseudonym
                                                                   : ""});
      }
      rows.push_back(std::move(row));
    }
    exported += page.size();
  }
  rows.push_back({});
  if (clear) {
    rows.push_back(
        {{.text = en ? "Contains the girls' identity (未保法 §103): do not pass on; "
                       "keep only as long as needed. Reason given: " +
                           reason
                     : "含女童身份信息 (未保法 §103): 不得转发, 用毕销毁。导出原因: " + reason}});
  } else {
    rows.push_back(
        {{.text = en ? "Identity is masked; only what the exporting account may see "
                       "is included. Handle as confidential."
                     : "身份信息已遮蔽; 仅含导出账号有权查看的案件。请按保密要求保管。"}});
  }
  SHOUHU_ASSIGN_OR_RETURN(ExportFile file,
                          Pack({{en ? "Cases" : "案件清单", rows}}, format, "shouhu-cases"));
  std::string detail = fmt::format(
      "format={} rows={} identity={} status={} risk_level={} harm_type={} intake_channel={} "
      "unit_id={} district={} reported_from={} reported_to={} case_number={} overdue={}",
      FormatName(format), exported, clear ? "clear" : "masked", f.status, f.risk_level, f.harm_type,
      f.intake_channel, f.unit_id, f.district_code, f.reported_from, f.reported_to, f.case_number,
      query.overdue ? 1 : 0);
  if (clear) detail += " reason=" + reason + " cases=" + unmasked_ids;
  if (approval_used) detail += " approval=" + std::to_string(*approval_used);
  composed.Release();
  if (!clear) {
    SHOUHU_RETURN_IF_ERROR(Audit(actor, "case.export", "cases", detail));
    return file;
  }
  // The approval is spent, the cases counted towards the daily cap and the row written in one
  // transaction: a second use of the approval, or a concurrent export past the cap, fails here
  // and the file is not sent.
  SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    const int64_t now = clock_.NowMillis();
    if (approval_used)
      SHOUHU_RETURN_IF_ERROR(storage::approval_store::MarkUsed(tx, *approval_used, now));
    SHOUHU_ASSIGN_OR_RETURN(const int64_t today, storage::clear_export_store::SumSince(
                                                     tx, *actor.user_id, DayStart(now)));
    if (today + count > options_.clear_export_daily_cap)
      return Status::TooManyRequests("export_daily_cap_reached");
    SHOUHU_RETURN_IF_ERROR(
        storage::clear_export_store::Insert(tx, *actor.user_id, now, count, approval_used));
    audit::Event e{.user_id = actor.user_id,
                   .unit_id = actor.unit_id,
                   .action = "case.export",
                   .object_type = "stats",
                   .object_id = "cases",
                   .result = "ok",
                   .client_address = actor.client_address,
                   .detail = detail};
    return Record(tx, clock_, actor, e);
  }));
  return file;
}

Result<std::optional<int64_t>> StatsService::CheckClearExport(const Actor& actor,
                                                              const CaseExportQuery& query,
                                                              const std::string& scope,
                                                              const std::string& reason,
                                                              int64_t count) {
  const int64_t now = clock_.NowMillis();
  int64_t today = 0;
  std::optional<storage::ApprovalRecord> approval;
  std::string district;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(
        today, storage::clear_export_store::SumSince(tx, *actor.user_id, DayStart(now)));
    SHOUHU_ASSIGN_OR_RETURN(district, DistrictOfUnit(tx, actor.unit_id));
    if (query.approval_id) {
      SHOUHU_ASSIGN_OR_RETURN(approval, storage::approval_store::FindById(tx, *query.approval_id));
    }
    return Status::Ok();
  }));
  // The daily cap holds whatever was approved: no approval lets one account take more.
  auto cap = [&]() -> Status {
    if (today + count <= options_.clear_export_daily_cap) return Status::Ok();
    if (actor.request)
      actor.request->AddDetail(fmt::format("daily_cap={} today={} cases={}",
                                           options_.clear_export_daily_cap, today, count));
    return Status::TooManyRequests("export_daily_cap_reached");
  };
  const bool needs_approval = count > options_.clear_export_approval_above;
  if (!needs_approval || !query.approval_id) SHOUHU_RETURN_IF_ERROR(cap());
  if (!needs_approval) return std::optional<int64_t>();
  if (!query.approval_id) {
    // The first attempt files the request a second person of the district decides.
    int64_t id = 0;
    SHOUHU_RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
      SHOUHU_ASSIGN_OR_RETURN(
          id, storage::approval_store::Insert(tx, {.kind = "case.export_clear",
                                                   .district_code = district,
                                                   .requested_by = actor.user_id,
                                                   .requested_at = now,
                                                   .case_count = count,
                                                   .scope = scope,
                                                   .reason = reason,
                                                   .expires_at = now + kExportApprovalLifetimeMs}));
      audit::Event e{.user_id = actor.user_id,
                     .unit_id = actor.unit_id,
                     .action = "case.export",
                     .object_type = "stats",
                     .object_id = "cases",
                     .result = "approval_required",
                     .client_address = actor.client_address,
                     .detail = fmt::format("approval={} cases={} {}", id, count, scope)};
      return Record(tx, clock_, actor, e);
    }));
    return Status::Conflict("export_approval_required", {{"approval_id", std::to_string(id)}});
  }
  // Only the requester's own request, for this very export, approved, unused and unexpired.
  if (!approval || approval->kind != "case.export_clear" || !approval->requested_by ||
      *approval->requested_by != *actor.user_id)
    return Status::NotFound("approval_not_found");
  if (approval->state == "pending") return Status::Conflict("export_approval_pending");
  if (approval->state != "approved") return Status::Conflict("export_approval_rejected");
  if (approval->used_at != 0) return Status::Conflict("export_approval_used");
  if (approval->expires_at <= now) return Status::Conflict("approval_expired");
  if (approval->scope != scope || approval->reason != reason || count > approval->case_count)
    return Status::Conflict("export_approval_mismatch");
  SHOUHU_RETURN_IF_ERROR(cap());
  return std::optional<int64_t>(approval->id);
}

Result<std::vector<ApprovalItem>> StatsService::ListExportApprovals(const Actor& actor) {
  return ListPendingApprovals(db_, clock_, actor, "case.");
}

Result<storage::ApprovalRecord> StatsService::DecideExportApproval(const Actor& actor, int64_t id,
                                                                   bool approve) {
  return DecideApproval(
      db_, clock_, actor, "export_approval.decide", "case.", id, approve,
      [](storage::Tx&, const storage::ApprovalRecord&, bool) { return Status::Ok(); });
}

// ---- the progress report for the leadership meeting ----

namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

std::string HtmlTable(const StatsTable& t, Language lang) {
  std::string h = "<section><h2>" + Escape(t.title.In(lang)) + "</h2>";
  if (!t.recorded) {
    return h + "<p class=\"nr\">" +
           Escape((lang == Language::kEn ? "Not recorded: " : "未记录: ") +
                  t.not_recorded_reason.In(lang)) +
           "</p></section>";
  }
  const reports::TableDocument doc = Document(t, lang);
  const auto sheet = reports::LayOut(doc);
  h += "<table>";
  for (size_t i = 1; i < sheet.size(); ++i) {
    if (sheet[i].empty()) break;
    h += "<tr>";
    for (const auto& cell : sheet[i]) {
      const char* tag = i == 1 || cell.bold ? "th" : "td";
      h += std::string("<") + tag + (cell.numeric ? " class=\"n\"" : "") + ">" + Escape(cell.text) +
           "</" + tag + ">";
    }
    h += "</tr>";
  }
  h += "</table><ul class=\"notes\">";
  for (const auto& n : doc.notes) h += "<li>" + Escape(n) + "</li>";
  return h + "</ul></section>";
}

}  // namespace

Result<std::string> StatsService::ProgressReport(const Actor& actor, const StatsQuery& query,
                                                 Language lang) {
  ComposedRequest composed(actor, "stats", "progress_report");
  SHOUHU_ASSIGN_OR_RETURN(Access access, Authorize(actor, query, "stats.read", true));
  const StatsScope& s = access.scope;
  std::vector<StatsTable> tables;
  SHOUHU_RETURN_IF_ERROR(db_.Read([&](storage::Tx& tx) -> Status {
    for (const char* name :
         {"cases_by_year", "girls_by_year", "mandatory_report_share", "late_reports",
          "cases_by_quarter", "harm_type", "age_band", "relationship_group", "tasks_signed_by_unit",
          "tasks_done_by_unit", "police_response", "report_to_police", "stage_clocks",
          "priority_targets", "protection_orders", "interviews_per_girl"}) {
      SHOUHU_ASSIGN_OR_RETURN(StatsTable t, Build(name, access, tx));
      tables.push_back(std::move(t));
    }
    return Status::Ok();
  }));
  const bool en = lang == Language::kEn;
  // Key figures: the period's totals, as published (hidden stays hidden).
  auto total = [](const StatsTable& t, size_t column) {
    const auto& p = t.data;
    if (p.has_column_totals()) return p.Render(p.rows(), column);
    return p.rows() == 1 ? p.Render(0, column) : std::string("—");
  };
  const StatsTable& by_year = tables[0];
  const StatsTable& girls = tables[1];
  std::string girls_total = "—";
  if (girls.data.columns() == 1) girls_total = girls.data.Render(0, 0);
  const StatsTable& share = tables[2];
  const StatsTable& late = tables[3];
  std::string html = R"(<!doctype html><html lang=")" + std::string(en ? "en" : "zh-CN") +
                     R"("><head><meta charset="utf-8"><title>)" +
                     Escape(en ? "Progress report" : "推进会工作进展报告") + R"(</title>
<style>
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei",sans-serif;margin:2em;color:#111}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.1em;margin:1.2em 0 .4em;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.3em 0}th,td{border:1px solid #888;padding:.2em .6em}
td.n{text-align:right}.figures{display:flex;gap:1.5em;flex-wrap:wrap}
.figure{border:1px solid #888;padding:.5em 1em}.figure b{display:block;font-size:1.6em}
.notes{font-size:.8em;color:#333}.nr{font-style:italic}
@page{size:A4;margin:15mm}
@media print{body{margin:0}section{break-inside:avoid}a{color:inherit;text-decoration:none}}
</style></head><body>)";
  html += "<h1>" +
          Escape(en ? "Progress report for the leadership meeting" : "推进会工作进展报告") +
          "</h1><p>" + Escape(en ? ScopeNoteEn(s) : ScopeNoteZh(s)) + "</p>";
  html += "<h2>" + Escape(en ? "Key figures" : "主要数字") + "</h2><div class=\"figures\">";
  auto figure = [&](const std::string& label, const std::string& value) {
    html += "<div class=\"figure\"><b>" + Escape(value) + "</b>" + Escape(label) + "</div>";
  };
  figure(en ? "cases reported" : "登记案件", total(by_year, 0));
  figure(en ? "girls" : "涉及女童", girls_total);
  figure(en ? "found through mandatory reports" : "经强制报告发现",
         share.data.columns() == 1 ? share.data.Render(0, 0)
                                   : share.data.Render(0, share.data.columns()));
  figure(en ? "late reports" : "迟报", late.data.columns() == 1
                                           ? late.data.Render(0, 0)
                                           : late.data.Render(0, late.data.columns()));
  html += "</div>";
  html += "<h2>" + Escape(en ? "Trends" : "趋势") + "</h2>";
  for (size_t i = 0; i < 8; ++i) {
    if (i == 1 || i == 2 || i == 3) continue;
    html += HtmlTable(tables[i], lang);
  }
  html += HtmlTable(tables[2], lang) + HtmlTable(tables[3], lang);
  html += "<h2>" + Escape(en ? "Unit scorecards" : "成员单位工作情况") + "</h2>" +
          HtmlTable(tables[8], lang) + HtmlTable(tables[9], lang) + HtmlTable(tables[10], lang);
  html += "<h2>" + Escape(en ? "Response times against the clocks" : "办理时效") + "</h2>";
  for (size_t i = 11; i < tables.size(); ++i) html += HtmlTable(tables[i], lang);
  // Overdue items: the "not signed, overdue" and "not done, overdue" columns of the scorecards,
  // per unit, as published (suppressed like the rest).
  html += "<h2>" + Escape(en ? "Overdue items" : "超期事项") + "</h2><table><tr><th>" +
          Escape(en ? "Unit" : "单位") + "</th><th>" +
          Escape(en ? "Not signed, overdue" : "未签收, 已超时") + "</th><th>" +
          Escape(en ? "Not done, overdue" : "未办结, 已超时") + "</th></tr>";
  const StatsTable& signed_table = tables[8];
  const StatsTable& done_table = tables[9];
  auto overdue_of = [](const StatsTable& t, const std::string& row_code) -> std::string {
    const auto row = std::find(t.row_codes.begin(), t.row_codes.end(), row_code);
    const auto column = std::find(t.column_codes.begin(), t.column_codes.end(), "overdue");
    if (row == t.row_codes.end() || column == t.column_codes.end()) return "0";
    return t.data.Render(row - t.row_codes.begin(), column - t.column_codes.begin());
  };
  for (size_t r = 0; r < done_table.row_codes.size(); ++r) {
    const std::string a = overdue_of(signed_table, done_table.row_codes[r]);
    const std::string b = overdue_of(done_table, done_table.row_codes[r]);
    if (a == "0" && b == "0") continue;
    html += "<tr><td>" + Escape(done_table.row_labels[r].In(lang)) + "</td><td class=\"n\">" +
            Escape(a) + "</td><td class=\"n\">" + Escape(b) + "</td></tr>";
  }
  html += "</table>";
  html += "<footer class=\"notes\"><p>" +
          Escape(en ? "No girl's identity appears in this report; small counts are suppressed."
                    : "本报告不含任何女童身份信息; 小数字已作隐藏处理。") +
          "</p></footer></body></html>";
  composed.Release();
  SHOUHU_RETURN_IF_ERROR(
      Audit(actor, "stats.export", "progress_report",
            fmt::format("format=html from={} to={} district={}", s.from, s.to, s.district_code)));
  return html;
}

}  // namespace shouhu::service
