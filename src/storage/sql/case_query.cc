#include "storage/sql/case_query.h"

#include <string>
#include <string_view>
#include <utility>

namespace shouhu::storage::sql {
namespace {

// Conditions joined with AND, and their parameters in placeholder order.
class Conditions {
 public:
  void Add(std::string_view condition, Value param) {
    Add(condition);
    params_.push_back(std::move(param));
  }
  void Add(std::string_view condition, Value first, Value second) {
    Add(condition);
    params_.push_back(std::move(first));
    params_.push_back(std::move(second));
  }
  void Add(std::string_view condition) {
    if (!text_.empty()) text_ += " AND ";
    text_ += condition;
  }
  void Add(const Conditions& other) {
    if (other.text_.empty()) return;
    Add(other.text_);
    params_.insert(params_.end(), other.params_.begin(), other.params_.end());
  }
  // " WHERE ..." or "" when there is no condition.
  std::string Where() const { return text_.empty() ? std::string() : " WHERE " + text_; }
  const Params& params() const { return params_; }

 private:
  std::string text_;
  Params params_;
};

// Every filter except visible_to_unit, which shapes the query itself.
Conditions CommonConditions(const CaseFilter& f) {
  Conditions c;
  if (!f.status.empty()) c.Add("status = ?", f.status);
  if (!f.risk_level.empty()) c.Add("risk_level = ?", f.risk_level);
  // harm_types is a comma-separated list: match one whole code, not a prefix of another.
  if (!f.harm_type.empty()) {
    c.Add("(',' || harm_types || ',') LIKE ('%,' || ? || ',%')", f.harm_type);
  }
  if (!f.intake_channel.empty()) c.Add("intake_channel = ?", f.intake_channel);
  if (f.unit_id > 0) c.Add("lead_unit_id = ?", f.unit_id);
  if (!f.district_code.empty()) c.Add("district_code = ?", f.district_code);
  if (f.reported_from > 0) c.Add("reported_at >= ?", f.reported_from);
  if (f.reported_to > 0) c.Add("reported_at < ?", f.reported_to);
  if (!f.case_number.empty()) c.Add("case_number = ?", f.case_number);
  if (f.overdue_at > 0) {
    c.Add(
        "id IN (SELECT t.case_id FROM tasks t WHERE t.state IN ('pending', 'accepted') "
        "AND t.next_due <= ?)",
        f.overdue_at);
  }
  for (const std::string& token : f.name_tokens) {
    c.Add("child_id IN (SELECT t.child_id FROM child_name_tokens t WHERE t.token = ?)", token);
  }
  if (f.created_by_user) {
    c.Add("created_by_user = ?", *f.created_by_user);
    c.Add("via_mandatory_report = 1");
  }
  if (f.visible_district) c.Add("district_code = ?", *f.visible_district);
  if (f.before_id > 0) c.Add("id < ?", f.before_id);
  return c;
}

constexpr std::string_view kSelectCases = "SELECT " SHOUHU_SQL_CASE_COLUMNS " FROM cases";
constexpr std::string_view kNewestFirst = " ORDER BY id DESC LIMIT ?";

// Appends `SELECT <case columns> FROM cases WHERE <conditions> ORDER BY id DESC LIMIT ?`.
void AppendNewestFirst(GeneratedQuery& query, const Conditions& conditions, int64_t limit) {
  query.text += kSelectCases;
  query.text += conditions.Where();
  query.text += kNewestFirst;
  query.params.insert(query.params.end(), conditions.params().begin(), conditions.params().end());
  query.params.push_back(limit);
}

}  // namespace

GeneratedQuery CaseListQuery(const CaseFilter& filter) {
  const Conditions common = CommonConditions(filter);
  const int64_t limit = filter.limit;
  GeneratedQuery query;
  if (!filter.visible_to_unit) {
    AppendNewestFirst(query, common, limit);
    return query;
  }
  // Each branch yields at most `limit` rows, so the union's newest `limit` are the answer.
  const int64_t unit = *filter.visible_to_unit;
  Conditions led;
  led.Add("lead_unit_id = ?", unit);
  led.Add(common);
  Conditions granted;
  granted.Add(
      "id IN (SELECT g.case_id FROM case_grants g WHERE g.unit_id = ? AND g.revoked_at = 0 "
      "AND (g.expires_at = 0 OR g.expires_at > ?))",
      unit, filter.grants_valid_at);
  granted.Add(common);

  query.text = "SELECT * FROM (";
  AppendNewestFirst(query, led, limit);
  query.text += ") AS led UNION SELECT * FROM (";
  AppendNewestFirst(query, granted, limit);
  query.text += ") AS granted";
  query.text += kNewestFirst;
  query.params.push_back(limit);
  return query;
}

GeneratedQuery ChildrenByIdsQuery(const std::vector<int64_t>& ids) {
  GeneratedQuery query;
  query.text = "SELECT " SHOUHU_SQL_CHILD_COLUMNS " FROM children WHERE id IN (";
  for (size_t i = 0; i < ids.size(); ++i) {
    query.text += i == 0 ? "?" : ", ?";
    query.params.push_back(ids[i]);
  }
  query.text += ") ORDER BY id";
  return query;
}

}  // namespace shouhu::storage::sql
