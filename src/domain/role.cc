#include "domain/role.h"

#include <algorithm>
#include <array>

namespace shouhu::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoles = {{
    {Role::kAdmin, "admin"},
    {Role::kCoordinator, "coordinator"},
    {Role::kLeader, "leader"},
    {Role::kCaseworker, "caseworker"},
    {Role::kReporter, "reporter"},
    {Role::kVolunteer, "volunteer"},
    {Role::kAuditor, "auditor"},
    {Role::kAnalyst, "analyst"},
}};

}  // namespace

std::string_view RoleCode(Role role) {
  for (const auto& [r, code] : kRoles) {
    if (r == role) return code;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view code) {
  for (const auto& [r, c] : kRoles) {
    if (c == code) return r;
  }
  return std::nullopt;
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> out;
    for (const auto& [r, c] : kRoles) out.push_back(r);
    return out;
  }();
  return roles;
}

const std::vector<UnitKind>& AllUnitKinds() {
  static const std::vector<UnitKind> kinds = {
      {"leadership", "领导小组 / 区委办", "Leadership group"},
      {"womens_federation", "妇联 (领导小组办公室)", "Women's federation (group office)"},
      {"police", "公安局", "Public security bureau"},
      {"procuratorate", "检察院", "Procuratorate"},
      {"court", "法院", "Court"},
      {"justice", "司法局", "Justice bureau"},
      {"education", "教育局 / 学校", "Education bureau / school"},
      {"community", "街道 / 社区 / 儿童之家", "Sub-district / community / children's home"},
      {"civil_affairs", "民政局", "Civil affairs bureau"},
      {"disability", "残联", "Disabled persons' federation"},
      {"health", "卫生和计划生育局 / 医院", "Health bureau / hospital"},
      {"market_supervision", "市场监督管理局", "Market supervision bureau"},
      {"culture", "文体局", "Culture and sports bureau"},
      {"social_org", "律师 / 心理咨询机构 / 社会组织",
       "Lawyers / counselling / social organisation"},
  };
  return kinds;
}

bool IsUnitKind(std::string_view code) {
  const auto& kinds = AllUnitKinds();
  return std::any_of(kinds.begin(), kinds.end(), [&](const UnitKind& k) { return k.code == code; });
}

}  // namespace shouhu::domain
