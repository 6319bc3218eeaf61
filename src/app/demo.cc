// The fictional demo district: member units of an example district and one account per role.
// Every name here is invented; the district code is the example district's administrative code.
#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "app/runtime.h"
#include "domain/id_number.h"
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

// Invented girls and incidents, spread over channels, harm types and units so that every screen has
// something to show. Birth dates and ID numbers are generated (with a valid check digit) for
// people who do not exist.
struct DemoCase {
  const char* name;
  const char* birth;  // YYYYMMDD
  const char* channel;
  const char* harm;
  const char* situation;
  const char* category;
  const char* occurred;  // YYYY-MM-DD
  int discovered_days_after;
  int reported_hours_after;
  const char* place;
  const char* relationship;
  const char* vulnerability;
  const char* by;  // demo username who files it
};

constexpr DemoCase kCases[] = {
    {"林小雨", "20130512", "mandatory_report", "child_molestation", "R2", "school_kindergarten",
     "2026-03-02", 1, 6, "school", "teacher_school_staff", "left_behind", "principal"},
    {"陈小月", "20100820", "hotline_12338", "domestic_violence", "", "", "2026-02-14", 0, 30,
     "home", "parent_caregiver", "single_parent", "coordinator"},
    {"周小禾", "20090103", "police_110", "rape", "", "", "2026-01-20", 0, 3, "hotel",
     "online_contact", "", "police"},
    {"吴小溪", "20150707", "hospital", "maltreatment", "R4", "medical_institution", "2025-12-01", 2,
     12, "home", "other_family", "de_facto_unsupported", "doctor"},
    {"郑小晴", "20110930", "community_visit", "abandonment_neglect", "R6",
     "residents_villagers_committee", "2025-11-11", 5, 40, "home", "parent_caregiver",
     "left_behind", "coordinator"},
    {"王小荷", "20120214", "school", "bullying", "", "", "2026-04-08", 0, 2, "school", "schoolmate",
     "", "coordinator"},
    {"冯小云", "20081126", "online", "sexual_harassment", "", "", "2026-05-19", 3, 20, "online",
     "online_contact", "", "coordinator"},
    {"褚小桃", "20160303", "mandatory_report", "child_molestation", "R2", "school_kindergarten",
     "2026-06-01", 0, 30, "off_campus_training", "training_care_staff", "", "principal"},
    {"卫小星", "20091212", "walk_in", "indecent_assault", "", "", "2026-07-15", 1, 5,
     "public_place", "stranger", "migrant", "coordinator"},
    {"蒋小露", "20140618", "hotline_12345", "early_forced_marriage", "", "", "2026-08-02", 2, 10,
     "home", "parent_caregiver", "extreme_poverty", "coordinator"},
    {"沈小溪", "20130101", "police_110", "missing", "", "", "2026-09-09", 0, 1, "public_place",
     "unknown", "", "police"},
    {"韩小蕾", "20100408", "mandatory_report", "intentional_injury", "R4", "school_kindergarten",
     "2026-10-12", 0, 50, "school", "schoolmate", "disability", "principal"},
};

std::string DemoIdNumber(const char* birth, int serial) {
  // 230103: the example district's code; sequence digits even (female).
  std::string first17 = fmt::format("230103{}{:02d}{}", birth, serial % 100, (serial % 5) * 2);
  return first17 + domain::IdCheckDigit(first17);
}

std::string AtShanghai(const std::string& date, int hours) {
  const int64_t start =
      domain::StartOfDayShanghaiMillis(*domain::ParseCivilDate(date)) + 9 * 3'600'000LL;
  const int64_t at = start + hours * 3'600'000LL;
  return FormatUtc(at).substr(0, 19) + "Z";
}

// Carries the first demo cases through triage and referral, so that inboxes, clocks and the
// timeline have something to show: each is assessed, its proposed plan sent to the units the demo
// district has, the police sign for their tasks on the first case and complete one of them.
Status LoadDemoWorkflow(Runtime& rt, const std::map<std::string, service::Actor>& actors,
                        const std::vector<int64_t>& case_ids) {
  if (!rt.workflow) return Status::Ok();
  const service::Actor& coordinator = actors.at("coordinator");
  const char* risks[] = {"high", "medium", "high", "medium", "low", "medium"};
  for (size_t i = 0; i < case_ids.size() && i < std::size(risks); ++i) {
    SHOUHU_ASSIGN_OR_RETURN(
        auto assessed, rt.workflow->Assess(coordinator, case_ids[i], {.risk_level = risks[i]}));
    service::ReferralInput referral{.legal_basis = "statutory_duty"};
    for (const auto& p : assessed.plan) {
      if (!p.unit_id || referral.tasks.size() >= 5) continue;
      if (p.unit_kind == "social_org") referral.legal_basis = "guardian_consent";
      referral.tasks.push_back(
          {.unit_id = *p.unit_id, .task_type = p.task_type, .priority = p.priority});
    }
    if (referral.tasks.empty()) continue;
    SHOUHU_ASSIGN_OR_RETURN(auto tasks, rt.workflow->Refer(coordinator, case_ids[i], referral));
    if (i != 0) continue;
    bool completed_one = false;
    for (const auto& t : tasks) {
      if (t.record.unit_id != actors.at("police").unit_id) continue;
      SHOUHU_RETURN_IF_ERROR(rt.workflow->Accept(actors.at("police"), t.record.id).status());
      if (completed_one) continue;
      SHOUHU_RETURN_IF_ERROR(
          rt.workflow->Complete(actors.at("police"), t.record.id, "演示:已受案登记").status());
      completed_one = true;
    }
  }
  return Status::Ok();
}

Status LoadDemoCases(Runtime& rt, const std::map<std::string, service::Actor>& actors) {
  std::vector<int64_t> case_ids;
  int serial = 1;
  for (const auto& c : kCases) {
    domain::IntakeInput in;
    in.child = {.name = c.name,
                .id_number = DemoIdNumber(c.birth, serial++),
                .school = "育英示范学校(演示)",
                .guardian = "监护人(演示)",
                .phone = fmt::format("1390000{:04d}", serial),
                .address = "黑龙江省哈尔滨市南岗区示范路(演示)",
                .district_code = kDistrict};
    if (*c.vulnerability != '\0') in.child.vulnerability_classes = {c.vulnerability};
    in.incident = {.occurred_on = c.occurred,
                   .place_type = c.place,
                   .district_code = kDistrict,
                   .online = std::string(c.place) == "online",
                   .perpetrator_relationship = c.relationship,
                   .narrative = "演示案情:虚构的情况描述,仅用于演示界面。"};
    in.harm_types = {c.harm};
    in.situation_code = c.situation;
    in.reporter_category = c.category;
    if (std::string(c.channel) != "mandatory_report") in.intake_channel = c.channel;
    in.discovered_at = AtShanghai(c.occurred, c.discovered_days_after * 24);
    in.reported_at =
        std::string(c.channel) == "mandatory_report"
            ? ""
            : AtShanghai(c.occurred, c.discovered_days_after * 24 + c.reported_hours_after);
    const auto kind = std::string(c.channel) == "mandatory_report"
                          ? domain::IntakeKind::kMandatoryReport
                          : domain::IntakeKind::kCase;
    SHOUHU_ASSIGN_OR_RETURN(auto opened,
                            rt.cases->Intake(actors.at(c.by), std::move(in), kind, std::nullopt));
    case_ids.push_back(opened.detail.record.id);
  }
  return LoadDemoWorkflow(rt, actors, case_ids);
}

// Proceedings and assistance on the demo case reported first, so their screens have something to
// show: the police record 受案 and 立案 and the recorded interview, the court an urgent protection
// order, the hospital counselling and the coordinator living aid from civil affairs.
Status LoadDemoAssistance(Runtime& rt, const std::map<std::string, service::Actor>& actors) {
  const service::Actor& coordinator = actors.at("coordinator");
  storage::CaseFilter all;
  all.limit = 200;
  SHOUHU_ASSIGN_OR_RETURN(auto cases, rt.cases->List(coordinator, {.filter = all}));
  if (cases.empty()) return Status::Ok();
  // The case reported longest ago: every date below stays in the past.
  const auto oldest = std::min_element(
      cases.begin(), cases.end(),
      [](const auto& a, const auto& b) { return a.record.reported_at < b.record.reported_at; });
  const storage::CaseRecord& demo_case = oldest->record;
  const int64_t id = demo_case.id;
  for (const char* unit : {"NG-GA", "NG-JCY", "NG-FY", "NG-YY01"}) {
    SHOUHU_RETURN_IF_ERROR(rt.cases->GrantAccess(
        coordinator, id, {.unit_code = unit, .reason = "演示", .legal_basis = "statutory_duty"}));
  }
  const std::string day = domain::CivilDateShanghai(demo_case.reported_at).ToString();
  auto stage = [&](const char* by, service::ProceedingInput in) {
    return rt.assistance->RecordProceeding(actors.at(by), id, in, std::nullopt).status();
  };
  SHOUHU_RETURN_IF_ERROR(
      stage("police", {.kind = "stage", .at = AtShanghai(day, 2), .stage = "police_registered"}));
  SHOUHU_RETURN_IF_ERROR(stage(
      "police",
      {.kind = "stage", .at = AtShanghai(day, 50), .stage = "case_filed", .note = "演示备注"}));
  SHOUHU_RETURN_IF_ERROR(stage("police", {.kind = "warning_letter", .at = AtShanghai(day, 30)}));
  SHOUHU_ASSIGN_OR_RETURN(
      auto applied,
      rt.assistance->RecordProceeding(
          actors.at("judge"), id,
          {.kind = "protection_order", .at = AtShanghai(day, 4), .action = "apply", .urgent = true},
          std::nullopt));
  const domain::CivilDate decided = domain::CivilDateShanghai(demo_case.reported_at);
  SHOUHU_RETURN_IF_ERROR(stage("judge", {.kind = "protection_order",
                                         .at = AtShanghai(day, 20),
                                         .action = "decide",
                                         .order_id = applied.created_id,
                                         .outcome = "granted",
                                         .valid_until = domain::AddDays(decided, 150).ToString()}));
  SHOUHU_ASSIGN_OR_RETURN(const auto units, rt.accounts->ListUnits(coordinator));
  int64_t civil_affairs = 0;
  for (const auto& u : units) {
    if (u.code == "NG-MZJ") civil_affairs = u.id;
  }
  SHOUHU_RETURN_IF_ERROR(
      rt.assistance
          ->RecordService(actors.at("doctor"), id,
                          {.service_type = "health_counselling",
                           .delivered_on = domain::AddDays(decided, 3).ToString(),
                           .hours = 1.5,
                           .sessions = 1,
                           .notes = "演示备注:心理疏导一次"},
                          std::nullopt)
          .status());
  SHOUHU_RETURN_IF_ERROR(
      rt.assistance
          ->RecordService(coordinator, id,
                          {.service_type = "civil_affairs_living_aid",
                           .unit_id = civil_affairs,
                           .delivered_on = domain::AddDays(decided, 5).ToString(),
                           .amount_yuan = "2000.00"},
                          std::nullopt)
          .status());
  return rt.assistance
      ->RecordInterview(
          actors.at("police"), id,
          {.at = AtShanghai(day, 6),
           .viewer_unit_ids = {actors.at("prosecutor").unit_id, actors.at("judge").unit_id},
           .note = "演示备注:一站式询问,同步录音录像"},
          std::nullopt)
      .status();
}

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
  std::map<std::string, service::Actor> actors;
  for (const auto& u : kUsers) {
    service::UserInput in{
        .username = u.username, .display_name = u.name, .unit_code = u.unit, .role = u.role};
    SHOUHU_ASSIGN_OR_RETURN(auto created, rt.accounts->CreateUser(cli, in));
    std::fprintf(out, "  %-12s %-12s %s\n", u.username, u.role, created.one_time_password.c_str());
    actors[u.username] = service::Actor{.user_id = created.user.id,
                                        .unit_id = created.user.unit_id,
                                        .role = *domain::ParseRole(u.role),
                                        .username = u.username,
                                        .client_address = "cli"};
  }
  std::fflush(out);
  if (rt.cases) SHOUHU_RETURN_IF_ERROR(LoadDemoCases(rt, actors));
  if (rt.assistance) SHOUHU_RETURN_IF_ERROR(LoadDemoAssistance(rt, actors));
  // Counts from before the system (the district's figures quoted in the seed speech), so the
  // trend statistics show them beside the recorded cases.
  if (rt.stats) {
    for (const auto& [name, actor] : actors) {
      if (actor.role != domain::Role::kCoordinator) continue;
      for (const auto& [year, count] : {std::pair{2013, 12}, std::pair{2014, 10}}) {
        SHOUHU_RETURN_IF_ERROR(
            rt.stats
                ->RecordHistory(actor, {.year = year,
                                        .count = count,
                                        .source = "领导小组会议讲话 (演示) / leadership meeting "
                                                  "speech (demo)"})
                .status());
      }
      break;
    }
  }
  return true;
}

}  // namespace shouhu
