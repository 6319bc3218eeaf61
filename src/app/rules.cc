#include "app/rules.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>

namespace shouhu {
namespace {

bool IsPrefix(const std::string& s) {
  if (s.empty() || s.size() > 8) return false;
  for (char c : s) {
    if (!std::isupper(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return true;
}

Status Duration(const toml::node& node, const std::string& field, int64_t& out) {
  auto text = node.value<std::string>();
  if (!text) return Status::InvalidField(field, "wrong_type");
  auto ms = domain::ParseDuration(*text);
  if (!ms.ok()) return Status::InvalidField(field, ms.status().message());
  out = *ms;
  return Status::Ok();
}

Status TextList(const toml::node& node, const std::string& field, std::vector<std::string>& out) {
  const toml::array* list = node.as_array();
  if (list == nullptr) return Status::InvalidField(field, "wrong_type");
  for (const auto& item : *list) {
    auto v = item.value<std::string>();
    if (!v) return Status::InvalidField(field, "wrong_type");
    out.push_back(*v);
  }
  return Status::Ok();
}

Status ParseClocks(const toml::table& clocks, domain::ClockRules& out) {
  for (auto& [key, node] : clocks) {
    const std::string k(key.str());
    const std::string field = "rules.clocks." + k;
    if (k == "accept_high_risk") {
      SHOUHU_RETURN_IF_ERROR(Duration(node, field, out.accept_high_risk_ms));
    } else if (k == "accept_other") {
      SHOUHU_RETURN_IF_ERROR(Duration(node, field, out.accept_other_ms));
    } else if (k == "done_default") {
      SHOUHU_RETURN_IF_ERROR(Duration(node, field, out.done_default_ms));
    } else if (k == "sweep_interval") {
      SHOUHU_RETURN_IF_ERROR(Duration(node, field, out.sweep_interval_ms));
    } else if (k == "followup_months") {
      const toml::array* list = node.as_array();
      if (list == nullptr || list->empty()) return Status::InvalidField(field, "wrong_type");
      out.followup_months.clear();
      for (const auto& item : *list) {
        auto v = item.value<int64_t>();
        if (!v || *v < 1 || *v > 60) return Status::InvalidField(field, "out_of_range");
        out.followup_months.push_back(static_cast<int>(*v));
      }
    } else if (k == "done") {
      const toml::table* done = node.as_table();
      if (done == nullptr) return Status::InvalidField(field, "wrong_type");
      for (auto& [type, value] : *done) {
        const std::string t(type.str());
        if (domain::FindTaskType(t) == nullptr)
          return Status::InvalidField(field + "." + t, "unknown_value");
        int64_t ms = 0;
        SHOUHU_RETURN_IF_ERROR(Duration(value, field + "." + t, ms));
        auto it = std::find_if(out.done.begin(), out.done.end(),
                               [&](const domain::TaskClock& c) { return c.task_type == t; });
        if (it != out.done.end()) {
          it->done_ms = ms;
        } else {
          out.done.push_back({t, ms});
        }
      }
    } else {
      return Status::InvalidField(field, "unknown_field");
    }
  }
  return Status::Ok();
}

Result<domain::PlanRule> ParsePlanRule(const toml::table& t, const std::string& field,
                                       const domain::Enumerations& enumerations) {
  domain::PlanRule rule;
  for (auto& [key, node] : t) {
    const std::string k(key.str());
    const std::string f = field + "." + k;
    if (k == "name") {
      auto v = node.value<std::string>();
      if (!v) return Status::InvalidField(f, "wrong_type");
      rule.name = *v;
    } else if (k == "age_below" || k == "age_from") {
      auto v = node.value<int64_t>();
      if (!v || *v < 0 || *v > 18) return Status::InvalidField(f, "out_of_range");
      (k == "age_below" ? rule.age_below : rule.age_from) = static_cast<int>(*v);
    } else if (k == "situations") {
      SHOUHU_RETURN_IF_ERROR(TextList(node, f, rule.situations));
      SHOUHU_RETURN_IF_ERROR(
          enumerations.CheckAll(f, domain::kMandatoryReportSituation, rule.situations));
    } else if (k == "harm_types") {
      SHOUHU_RETURN_IF_ERROR(TextList(node, f, rule.harm_types));
      SHOUHU_RETURN_IF_ERROR(enumerations.CheckAll(f, domain::kHarmType, rule.harm_types));
    } else if (k == "vulnerability_classes") {
      SHOUHU_RETURN_IF_ERROR(TextList(node, f, rule.vulnerability_classes));
      SHOUHU_RETURN_IF_ERROR(
          enumerations.CheckAll(f, domain::kVulnerabilityClass, rule.vulnerability_classes));
    } else if (k == "risk_levels") {
      SHOUHU_RETURN_IF_ERROR(TextList(node, f, rule.risk_levels));
      SHOUHU_RETURN_IF_ERROR(enumerations.CheckAll(f, domain::kRiskLevel, rule.risk_levels));
    } else if (k == "tasks") {
      SHOUHU_RETURN_IF_ERROR(TextList(node, f, rule.task_types));
    } else {
      return Status::InvalidField(f, "unknown_field");
    }
  }
  SHOUHU_RETURN_IF_ERROR(domain::CheckPlanRule(rule, field));
  return rule;
}

// [prevention]: visit intervals by vulnerability class, the escalation grace and the 入职查询
// re-check; every key optional, each a whole number of days.
Status LoadPrevention(const toml::table& table, domain::VisitIntervals& p) {
  struct Key {
    const char* name;
    int min;
    int max;
    int* value;
  };
  Key keys[] = {
      {"monthly_days", 1, 366, &p.monthly_days},
      {"bimonthly_days", 1, 366, &p.bimonthly_days},
      {"term_days", 1, 366, &p.term_days},
      {"escalation_grace_days", 0, 90, &p.escalation_grace_days},
      {"staff_recheck_days", 30, 730, &p.staff_recheck_days},
  };
  for (auto& [key, node] : table) {
    const std::string k(key.str());
    Key* found = nullptr;
    for (Key& candidate : keys) {
      if (k == candidate.name) found = &candidate;
    }
    if (found == nullptr) return Status::InvalidField("rules.prevention." + k, "unknown_field");
    auto v = node.value<int64_t>();
    if (!v || *v < found->min || *v > found->max)
      return Status::InvalidField("rules.prevention." + k, "out_of_range");
    *found->value = static_cast<int>(*v);
  }
  return Status::Ok();
}

// [proceeding_clocks]: every key optional, each a whole number in its range.
Status LoadProceedingClocks(const toml::table& table, domain::ProceedingClocks& c) {
  struct Key {
    const char* name;
    int min;
    int max;
    int value;
  };
  Key keys[] = {
      {"case_review_days", 1, 365, c.case_review.days},
      {"case_review_complex_days", 1, 365, c.case_review_complex.days},
      {"arrest_review_days", 1, 365, c.arrest_review.days},
      {"prosecution_review_months", 1, 24, c.prosecution_review.months},
      {"prosecution_review_extension_days", 0, 365, c.prosecution_review_extended.days},
      {"first_instance_months", 1, 24, c.first_instance.months},
      {"first_instance_max_months", 1, 24, c.first_instance_extended.months},
      {"protection_order_hours", 1, 720, c.protection_order.hours},
      {"protection_order_urgent_hours", 1, 720, c.protection_order_urgent.hours},
      {"protection_order_max_validity_months", 1, 6, c.protection_order_max_validity_months},
      {"priority_percent", 1, 100, c.priority_percent},
  };
  for (auto& [key, node] : table) {
    const std::string k(key.str());
    Key* found = nullptr;
    for (Key& candidate : keys) {
      if (k == candidate.name) found = &candidate;
    }
    if (found == nullptr)
      return Status::InvalidField("rules.proceeding_clocks." + k, "unknown_field");
    auto v = node.value<int64_t>();
    if (!v || *v < found->min || *v > found->max)
      return Status::InvalidField("rules.proceeding_clocks." + k, "out_of_range");
    found->value = static_cast<int>(*v);
  }
  auto value = [&](std::string_view name) {
    for (const Key& key : keys) {
      if (name == key.name) return key.value;
    }
    return 0;
  };
  c.case_review = {.days = value("case_review_days")};
  c.case_review_complex = {.days = value("case_review_complex_days")};
  c.arrest_review = {.days = value("arrest_review_days")};
  c.prosecution_review = {.months = value("prosecution_review_months")};
  c.prosecution_review_extended = {.months = value("prosecution_review_months"),
                                   .days = value("prosecution_review_extension_days")};
  c.first_instance = {.months = value("first_instance_months")};
  c.first_instance_extended = {.months = value("first_instance_max_months")};
  c.protection_order = {.hours = value("protection_order_hours")};
  c.protection_order_urgent = {.hours = value("protection_order_urgent_hours")};
  c.protection_order_max_validity_months = value("protection_order_max_validity_months");
  c.priority_percent = value("priority_percent");
  // The longer limits are the longer ones; the urgent limit is the shorter one.
  if (c.case_review_complex.days < c.case_review.days)
    return Status::InvalidField("rules.proceeding_clocks.case_review_complex_days", "out_of_range");
  if (c.first_instance_extended.months < c.first_instance.months)
    return Status::InvalidField("rules.proceeding_clocks.first_instance_max_months",
                                "out_of_range");
  if (c.protection_order_urgent.hours > c.protection_order.hours)
    return Status::InvalidField("rules.proceeding_clocks.protection_order_urgent_hours",
                                "out_of_range");
  return Status::Ok();
}

}  // namespace

Result<Rules> LoadRules(const std::string& path) {
  Rules rules;
  if (path.empty()) return rules;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument("rules_parse_error", {{"rules", std::string(e.description())}});
  }
  for (auto& [key, node] : root) {
    const std::string name(key.str());
    if (name != "cases" && name != "enumeration" && name != "clocks" && name != "plan_rule" &&
        name != "proceeding_clocks" && name != "prevention")
      return Status::InvalidField("rules." + name, "unknown_field");
  }
  if (const toml::table* cases = root["cases"].as_table()) {
    for (auto& [key, node] : *cases) {
      const std::string k(key.str());
      if (k == "late_report_hours") {
        auto v = node.value<int64_t>();
        if (!v || *v < 1 || *v > 24 * 365)
          return Status::InvalidField("rules.cases.late_report_hours", "out_of_range");
        rules.cases.late_report_hours = *v;
      } else if (k == "case_number_prefix") {
        auto v = node.value<std::string>();
        if (!v || !IsPrefix(*v))
          return Status::InvalidField("rules.cases.case_number_prefix", "bad_format");
        rules.cases.case_number_prefix = *v;
      } else {
        return Status::InvalidField("rules.cases." + k, "unknown_field");
      }
    }
  }
  if (const toml::array* values = root["enumeration"].as_array()) {
    int index = 0;
    for (const auto& item : *values) {
      const std::string field = "rules.enumeration[" + std::to_string(index++) + "]";
      const toml::table* t = item.as_table();
      if (t == nullptr) return Status::InvalidField(field, "wrong_type");
      for (auto& [key, node] : *t) {
        const std::string k(key.str());
        if (k != "name" && k != "code" && k != "zh" && k != "en" && k != "gbvims_core_type") {
          return Status::InvalidField(field + "." + k, "unknown_field");
        }
      }
      const auto name = (*t)["name"].value<std::string>();
      const auto code = (*t)["code"].value<std::string>();
      const auto zh = (*t)["zh"].value<std::string>();
      const auto en = (*t)["en"].value<std::string>();
      if (!name || !code || !zh || !en) return Status::InvalidField(field, "required");
      std::optional<domain::GbvimsCoreType> core;
      if (auto c = (*t)["gbvims_core_type"].value<std::string>()) {
        core = domain::ParseGbvimsCoreType(*c);
        if (!core) return Status::InvalidField(field + ".gbvims_core_type", "unknown_value");
      }
      auto extended = rules.enumerations.Extend(*name, *code, *zh, *en, core);
      if (!extended.ok()) {
        const auto& f = extended.status().fields();
        return Status::InvalidField(field + "." + (f.empty() ? "code" : f.begin()->first),
                                    f.empty() ? "bad_format" : f.begin()->second);
      }
      rules.enumerations = std::move(extended).value();
    }
  }
  if (const toml::table* clocks = root["clocks"].as_table()) {
    SHOUHU_RETURN_IF_ERROR(ParseClocks(*clocks, rules.workflow.clocks));
  } else if (root.contains("clocks")) {
    return Status::InvalidField("rules.clocks", "wrong_type");
  }
  // A district's plan rules replace the defaults as a whole, so that the file reads as the plan.
  if (const toml::array* plan = root["plan_rule"].as_array()) {
    rules.workflow.plan_rules.clear();
    int index = 0;
    for (const auto& item : *plan) {
      const std::string field = "rules.plan_rule[" + std::to_string(index++) + "]";
      const toml::table* t = item.as_table();
      if (t == nullptr) return Status::InvalidField(field, "wrong_type");
      SHOUHU_ASSIGN_OR_RETURN(auto rule, ParsePlanRule(*t, field, rules.enumerations));
      rules.workflow.plan_rules.push_back(std::move(rule));
    }
  }
  if (const toml::table* clocks = root["proceeding_clocks"].as_table()) {
    SHOUHU_RETURN_IF_ERROR(LoadProceedingClocks(*clocks, rules.proceeding_clocks));
  } else if (root.contains("proceeding_clocks")) {
    return Status::InvalidField("rules.proceeding_clocks", "wrong_type");
  }
  if (const toml::table* prevention = root["prevention"].as_table()) {
    SHOUHU_RETURN_IF_ERROR(LoadPrevention(*prevention, rules.prevention));
  } else if (root.contains("prevention")) {
    return Status::InvalidField("rules.prevention", "wrong_type");
  }
  return rules;
}

}  // namespace shouhu
