#include "app/rules.h"

#include <toml++/toml.h>

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
    if (name != "cases" && name != "enumeration")
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
  return rules;
}

}  // namespace shouhu
