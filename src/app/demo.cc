// The fictional demo district: member units of an example district and one account per role.
// Every name here is invented; the district code is the example district's administrative code.
#include <cstdio>

#include "app/runtime.h"
#include "storage/stores.h"

namespace shouhu {
namespace {

constexpr const char* kDistrict = "230103";

struct DemoUnit {
  const char* code;
  const char* name;
  const char* kind;
  const char* parent;
};

constexpr DemoUnit kUnits[] = {
    {"NG-LDXZ", "南岗区未成年女性保护工作领导小组(演示)", "leadership", nullptr},
    {"NG-FL", "南岗区妇联(演示)", "womens_federation", "NG-LDXZ"},
    {"NG-GA", "南岗公安分局(演示)", "police", "NG-LDXZ"},
    {"NG-JCY", "南岗区人民检察院(演示)", "procuratorate", "NG-LDXZ"},
    {"NG-FY", "南岗区人民法院(演示)", "court", "NG-LDXZ"},
    {"NG-SFJ", "南岗区司法局(演示)", "justice", "NG-LDXZ"},
    {"NG-JYJ", "南岗区教育局(演示)", "education", "NG-LDXZ"},
    {"NG-XX01", "育英示范学校(演示)", "education", "NG-JYJ"},
    {"NG-SQ01", "和风社区儿童之家(演示)", "community", "NG-LDXZ"},
    {"NG-MZJ", "南岗区民政局(演示)", "civil_affairs", "NG-LDXZ"},
    {"NG-CL", "南岗区残联(演示)", "disability", "NG-LDXZ"},
    {"NG-WJJ", "南岗区卫生健康局(演示)", "health", "NG-LDXZ"},
    {"NG-YY01", "南岗区示范医院(演示)", "health", "NG-WJJ"},
    {"NG-SCJ", "南岗区市场监督管理局(演示)", "market_supervision", "NG-LDXZ"},
    {"NG-WTJ", "南岗区文体局(演示)", "culture", "NG-LDXZ"},
    {"NG-SG01", "心语社会工作服务中心(演示)", "social_org", "NG-LDXZ"},
};

struct DemoUser {
  const char* username;
  const char* name;
  const char* unit;
  const char* role;
};

constexpr DemoUser kUsers[] = {
    {"admin", "系统管理员(演示)", "NG-FL", "admin"},
    {"coordinator", "妇联协调员(演示)", "NG-FL", "coordinator"},
    {"leader", "领导小组成员(演示)", "NG-LDXZ", "leader"},
    {"police", "公安民警(演示)", "NG-GA", "caseworker"},
    {"prosecutor", "检察官(演示)", "NG-JCY", "caseworker"},
    {"judge", "法官(演示)", "NG-FY", "caseworker"},
    {"doctor", "医院社工(演示)", "NG-YY01", "caseworker"},
    {"principal", "学校校长(演示)", "NG-XX01", "reporter"},
    {"volunteer", "社工志愿者(演示)", "NG-SG01", "volunteer"},
    {"auditor", "审计员(演示)", "NG-LDXZ", "auditor"},
    {"analyst", "统计分析员(演示)", "NG-LDXZ", "analyst"},
};

}  // namespace

Result<bool> LoadDemoDistrict(Runtime& rt, std::FILE* out) {
  bool empty = false;
  SHOUHU_RETURN_IF_ERROR(rt.db->Read([&](storage::Tx& tx) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(auto units, storage::unit_store::List(tx));
    empty = units.empty();
    return Status::Ok();
  }));
  if (!empty) return false;

  const service::Actor cli = service::Actor::CommandLine();
  for (const auto& u : kUnits) {
    service::UnitInput in{
        .code = u.code, .name = u.name, .kind = u.kind, .district_code = kDistrict};
    if (u.parent != nullptr) in.parent_code = u.parent;
    SHOUHU_RETURN_IF_ERROR(rt.accounts->CreateUnit(cli, in).status());
  }
  std::fprintf(out,
               "演示账户 / demo accounts (一次性密码,首次登录后须修改 / one-time passwords, change "
               "at first sign-in):\n");
  for (const auto& u : kUsers) {
    service::UserInput in{
        .username = u.username, .display_name = u.name, .unit_code = u.unit, .role = u.role};
    SHOUHU_ASSIGN_OR_RETURN(auto created, rt.accounts->CreateUser(cli, in));
    std::fprintf(out, "  %-12s %-12s %s\n", u.username, u.role, created.one_time_password.c_str());
  }
  std::fflush(out);
  return true;
}

}  // namespace shouhu
