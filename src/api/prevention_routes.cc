// The prevention module: /api/v1/registry (the at-risk registry, its visits and their 督办),
// /api/v1/prevention/activities, /api/v1/staff-checks (入职查询) and /api/v1/prevention/stats. Each
// route parses, makes one PreventionService call and serialises; the service's gate decides.
// Searches take the name in the body, never in the URL.
#include <boost/json.hpp>

#include <charconv>

#include "api/endpoint.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/module.h"
#include "api/route_actions.h"
#include "domain/prevention.h"
#include "service/prevention_service.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {

constexpr RouteAction kPreventionRouteActions[] = {
    {"POST", "/api/v1/registry", "registry.create"},
    {"GET", "/api/v1/registry", "registry.list"},
    {"POST", "/api/v1/registry/search", "registry.search"},
    {"POST", "/api/v1/registry/import", "registry.import"},
    {"GET", "/api/v1/registry/import/template", "registry.import"},
    {"GET", "/api/v1/registry/due", "registry.due"},
    {"GET", "/api/v1/registry/escalations", "registry.escalations"},
    {"GET", "/api/v1/registry/{id}", "registry.read"},
    {"PATCH", "/api/v1/registry/{id}", "registry.update"},
    {"POST", "/api/v1/registry/{id}/unmask", "registry.unmask"},
    {"POST", "/api/v1/registry/{id}/visits", "registry.visit"},
    {"POST", "/api/v1/prevention/activities", "activity.record"},
    {"GET", "/api/v1/prevention/activities", "activity.list"},
    {"POST", "/api/v1/staff-checks", "staff_check.record"},
    {"GET", "/api/v1/staff-checks", "staff_check.list"},
    {"GET", "/api/v1/prevention/stats", "prevention.stats"},
};

constexpr ErrorText kPreventionErrorTexts[] = {
    {"registry_entry_not_found", "名册中没有这条记录", "No such registry entry"},
    {"registry_entry_exists", "本单位名册中已有这名女童",
     "This girl is already in the unit's registry"},
    {"registry_entry_closed", "这条名册记录已关闭", "This registry entry is closed"},
    {"not_female", "身份证号显示为男性，名册只收录女童",
     "The ID number is a male's; the registry holds girls"},
    {"not_a_minor", "已满 18 周岁，不属于未成年人", "Aged 18 or over: not a minor"},
    {"mismatch_id_number", "出生日期与身份证号不一致",
     "The birth date differs from the ID number's"},
    {"not_in_unit", "这位用户不属于本单位", "That user is not of this unit"},
    {"unknown_unit", "没有这个单位代码", "No unit has this code"},
    {"before_last_check", "早于此人上一次查询的日期", "Before this person's last check"},
    {"in_future", "日期不能晚于今天", "The date cannot be after today"},
    {"too_many", "数量过多", "Too many"},
    {"staff_check_not_found", "没有这条入职查询记录", "No such staff check"},
    {"too_many_rows", "行数超过上限（10 000 行）", "More rows than allowed (10 000)"},
    {"too_many_columns", "列数超过上限", "More columns than allowed"},
    {"no_header", "文件没有表头行", "The file has no header row"},
    {"missing_column", "缺少必需的列（姓名）", "A required column (姓名 / Name) is missing"},
};

Result<int64_t> EntryIdOf(const http::Request& req) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound("registry_entry_not_found");
  return id;
}

json::value OptId(const std::optional<int64_t>& v) {
  return v ? json::value(*v) : json::value(nullptr);
}

json::array Codes(const std::string& joined) {
  json::array out;
  size_t start = 0;
  while (start < joined.size()) {
    size_t comma = joined.find(',', start);
    if (comma == std::string::npos) comma = joined.size();
    if (comma > start) out.emplace_back(joined.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

json::object EntryJson(const service::RegistryEntryView& v, bool detail) {
  const auto& r = v.record;
  const auto& i = v.identity;
  json::object identity{
      {"name", i.name},       {"id_number", i.id_number},  {"birth_date", i.birth_date},
      {"address", i.address}, {"guardians", i.guardians},  {"phone", i.phone},
      {"school", i.school},   {"student_no", i.student_no}};
  json::object o{{"id", r.id},
                 {"version", r.version},
                 {"state", r.state},
                 {"district_code", r.district_code},
                 {"unit_code", v.unit_code},
                 {"unit_name", v.unit_name},
                 {"responsible_user", OptId(r.responsible_user)},
                 {"identity", std::move(identity)},
                 {"identity_view", v.clear ? "clear" : "masked"},
                 {"grade", r.grade},
                 {"family_situations", Codes(r.family_situations)},
                 {"caregiver", r.caregiver},
                 {"disability_type", r.disability_type},
                 {"disability_grade", r.disability_grade},
                 {"vulnerability_classes", Codes(r.vulnerability_classes)},
                 {"risk_level", r.risk_level},
                 {"visit_interval_days", r.interval_days},
                 {"last_visit_on",
                  r.last_visit_on.empty() ? json::value(nullptr) : json::value(r.last_visit_on)},
                 {"next_visit_due", r.next_visit_due},
                 {"overdue", v.overdue},
                 {"days_overdue", v.days_overdue},
                 {"created_at", FormatUtc(r.created_at)},
                 {"updated_at", FormatUtc(r.updated_at)}};
  if (detail) {
    json::array history;
    for (size_t k = 0; k < v.history.size(); ++k) {
      const auto& h = v.history[k];
      json::object item{{"id", h.id},
                        {"at", FormatUtc(h.at)},
                        {"user_id", OptId(h.user_id)},
                        {"unit_id", h.unit_id},
                        {"change", json::parse(h.change)},
                        {"reason", k < v.history_reasons.size() ? v.history_reasons[k] : ""}};
      history.push_back(std::move(item));
    }
    o["history"] = std::move(history);
    json::array visits;
    for (const auto& visit : v.visits) {
      const auto& vr = visit.record;
      visits.push_back(json::object{{"id", vr.id},
                                    {"visited_on", vr.visited_on},
                                    {"unit_id", vr.unit_id},
                                    {"user_id", OptId(vr.user_id)},
                                    {"visitors", vr.visitors},
                                    {"seen", Codes(vr.seen)},
                                    {"findings", visit.findings},
                                    {"needs", visit.needs},
                                    {"follow_up", visit.follow_up},
                                    {"concern", vr.concern},
                                    {"on_time", vr.on_time},
                                    {"case_id", OptId(vr.case_id)}});
    }
    o["visits"] = std::move(visits);
  }
  return o;
}

json::object PageJson(const service::RegistryPage& page) {
  json::array entries;
  for (const auto& e : page.entries) entries.push_back(EntryJson(e, false));
  return json::object{{"entries", std::move(entries)},
                      {"total", page.total},
                      {"next_before", OptId(page.next_before)}};
}

http::Response WithVersion(http::Response resp, int64_t version) {
  resp.SetHeader("ETag", "\"" + std::to_string(version) + "\"");
  return resp;
}

Result<service::RegistryInput> ParseEntry(const std::string& text, bool patch) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body,
      JsonBody::Parse(text, {"name", "id_number", "birth_date", "address", "guardians", "phone",
                             "school", "student_no", "grade", "family_situations", "caregiver",
                             "disability_type", "disability_grade", "vulnerability_classes",
                             "risk_level", "responsible_user", "state", "reason"}));
  const json::object& o = body.object();
  service::RegistryInput in;
  for (const auto& [key, _] : o) in.sent.emplace_back(key);
  auto str = [&](std::string_view key, std::string* out) -> Status {
    SHOUHU_ASSIGN_OR_RETURN(*out, OptText(o, key, ""));
    return Status::Ok();
  };
  SHOUHU_RETURN_IF_ERROR(str("name", &in.identity.name));
  SHOUHU_RETURN_IF_ERROR(str("id_number", &in.identity.id_number));
  SHOUHU_RETURN_IF_ERROR(str("birth_date", &in.identity.birth_date));
  SHOUHU_RETURN_IF_ERROR(str("address", &in.identity.address));
  SHOUHU_RETURN_IF_ERROR(str("guardians", &in.identity.guardians));
  SHOUHU_RETURN_IF_ERROR(str("phone", &in.identity.phone));
  SHOUHU_RETURN_IF_ERROR(str("school", &in.identity.school));
  SHOUHU_RETURN_IF_ERROR(str("student_no", &in.identity.student_no));
  SHOUHU_RETURN_IF_ERROR(str("grade", &in.grade));
  SHOUHU_ASSIGN_OR_RETURN(in.family_situations, OptTextList(o, "family_situations", ""));
  SHOUHU_RETURN_IF_ERROR(str("caregiver", &in.caregiver));
  SHOUHU_RETURN_IF_ERROR(str("disability_type", &in.disability_type));
  SHOUHU_ASSIGN_OR_RETURN(in.disability_grade, OptInteger(o, "disability_grade", "", 0));
  SHOUHU_ASSIGN_OR_RETURN(in.vulnerability_classes, OptTextList(o, "vulnerability_classes", ""));
  SHOUHU_RETURN_IF_ERROR(str("risk_level", &in.risk_level));
  SHOUHU_RETURN_IF_ERROR(str("state", &in.state));
  SHOUHU_RETURN_IF_ERROR(str("reason", &in.reason));
  if (const json::value* u = o.if_contains("responsible_user"); u != nullptr && !u->is_null()) {
    SHOUHU_ASSIGN_OR_RETURN(const int64_t user, OptInteger(o, "responsible_user", "", 0));
    in.responsible_user = user;
  }
  if (!patch && in.Sent("state")) return Status::InvalidField("state", "not_applicable");
  return in;
}

// PATCH needs the version the caller edited.
Result<int64_t> IfMatch(const http::Request& req) {
  SHOUHU_ASSIGN_OR_RETURN(const std::optional<int64_t> version, IfMatchVersion(req));
  if (!version) return Status::PreconditionRequired("if_match_required");
  return *version;
}

Result<service::VisitInput> ParseVisit(const std::string& text) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body, JsonBody::Parse(text, {"visited_on", "visitors", "seen", "findings", "needs",
                                        "follow_up", "concern"}));
  const json::object& o = body.object();
  service::VisitInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.visited_on, OptText(o, "visited_on", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.visitors, OptText(o, "visitors", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.seen, OptTextList(o, "seen", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.findings, OptText(o, "findings", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.needs, OptText(o, "needs", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.follow_up, OptText(o, "follow_up", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.concern, OptFlag(o, "concern", ""));
  return in;
}

Result<service::ActivityInput> ParseActivity(const std::string& text) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body, JsonBody::Parse(text, {"kind", "held_on", "place", "co_organisers", "audiences",
                                        "participants", "materials", "note"}));
  const json::object& o = body.object();
  service::ActivityInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.kind, OptText(o, "kind", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.held_on, OptText(o, "held_on", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.place, OptText(o, "place", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.co_organisers, OptTextList(o, "co_organisers", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.audiences, OptTextList(o, "audiences", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.materials, OptText(o, "materials", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.note, OptText(o, "note", ""));
  if (const json::value* p = o.if_contains("participants"); p != nullptr && !p->is_null()) {
    if (!p->is_array()) return Status::InvalidField("participants", "wrong_type");
    if (p->as_array().size() > 64) return Status::InvalidField("participants", "too_many");
    for (const json::value& item : p->as_array()) {
      if (!item.is_object()) return Status::InvalidField("participants", "wrong_type");
      const json::object& c = item.as_object();
      SHOUHU_RETURN_IF_ERROR(CheckMembers(c, "participants", {"audience", "sex", "age_band", "n"}));
      service::ActivityInput::Count count;
      SHOUHU_ASSIGN_OR_RETURN(count.audience, OptText(c, "audience", "participants"));
      SHOUHU_ASSIGN_OR_RETURN(count.sex, OptText(c, "sex", "participants"));
      SHOUHU_ASSIGN_OR_RETURN(count.age_band, OptText(c, "age_band", "participants"));
      SHOUHU_ASSIGN_OR_RETURN(count.n, OptInteger(c, "n", "participants", -1));
      in.participants.push_back(std::move(count));
    }
  }
  return in;
}

json::object ActivityJson(const storage::ActivityRecord& a) {
  json::value participants = json::parse(a.participants.empty() ? "{}" : a.participants);
  return json::object{{"id", a.id},
                      {"unit_id", a.unit_id},
                      {"district_code", a.district_code},
                      {"kind", a.kind},
                      {"held_on", a.held_on},
                      {"place", a.place},
                      {"co_organisers", Codes(a.co_organisers)},
                      {"audiences", Codes(a.audiences)},
                      {"participants", std::move(participants)},
                      {"participants_total", a.participants_total},
                      {"materials", a.materials},
                      {"note", a.note},
                      {"created_at", FormatUtc(a.created_at)}};
}

json::object StaffCheckJson(const service::StaffCheckView& v) {
  const auto& r = v.record;
  return json::object{
      {"id", r.id},
      {"unit_code", v.unit_code},
      {"name", v.name},
      {"id_number", v.id_number},
      {"position", r.position},
      {"kind", r.kind},
      {"checked_on", r.checked_on},
      {"result", r.result},
      {"next_due_on", r.next_due_on.empty() ? json::value(nullptr) : json::value(r.next_due_on)},
      {"current", r.current},
      {"overdue", v.overdue}};
}

json::array CellsJson(const std::vector<service::PreventionStats::Cell>& cells,
                      std::initializer_list<const char*> names) {
  json::array out;
  for (const auto& c : cells) {
    json::object o;
    size_t k = 0;
    for (const char* name : names) {
      o[name] = k < c.keys.size() ? c.keys[k] : "";
      ++k;
    }
    o["n"] = c.n ? json::value(*c.n) : json::value(nullptr);
    if (!c.n) o["suppressed"] = true;
    out.push_back(std::move(o));
  }
  return out;
}

constexpr std::string_view kPreventionOpenApi = R"json({
  "schemas": {
      "RegistryInput": {
        "type": "object", "additionalProperties": false,
        "description": "A girl known to a school, a community or civil affairs. Identity fields (name, id_number, birth_date, address, guardians, phone, school, student_no) are encrypted at rest and masked in every answer. name is required when adding; id_number must be a valid GB 11643 number of a girl under 18 and agree with birth_date. A lower risk_level or closing (state=closed, PATCH only) needs a reason. In a PATCH, an absent field keeps its value.",
        "properties": {"name": {"type": "string", "maxLength": 50}, "id_number": {"type": "string"}, "birth_date": {"type": "string", "format": "date"},
          "address": {"type": "string", "maxLength": 200}, "guardians": {"type": "string", "maxLength": 200, "description": "Guardians and their contacts"}, "phone": {"type": "string", "maxLength": 30},
          "school": {"type": "string", "maxLength": 200}, "student_no": {"type": "string", "maxLength": 32, "description": "学籍号, letters and digits"}, "grade": {"type": "string", "maxLength": 20},
          "family_situations": {"type": "array", "items": {"type": "string", "enum": ["father_away", "mother_away", "migrant", "single_parent", "de_facto_unsupported", "extreme_poverty", "subsistence_allowance", "disability", "orphan", "guardianship_lacking", "parent_in_prison"]}},
          "caregiver": {"type": "string", "enum": ["", "grandparents", "other_relative", "neighbour_friend", "alone", "other"]},
          "disability_type": {"type": "string", "enum": ["", "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]}, "disability_grade": {"type": "integer", "minimum": 0, "maximum": 4},
          "vulnerability_classes": {"type": "array", "items": {"type": "string"}}, "risk_level": {"type": "string", "enum": ["high", "medium", "low", "no_intervention"]},
          "responsible_user": {"type": ["integer", "null"], "description": "A user of the holding unit"}, "state": {"type": "string", "enum": ["active", "closed"]}, "reason": {"type": "string", "maxLength": 500}}
      },
      "RegistryEntry": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "version": {"type": "integer"}, "state": {"type": "string"}, "district_code": {"type": "string"}, "unit_code": {"type": "string"}, "unit_name": {"type": "string"},
          "responsible_user": {"type": ["integer", "null"]}, "identity_view": {"type": "string", "enum": ["masked", "clear"]},
          "identity": {"type": "object", "properties": {"name": {"type": "string"}, "id_number": {"type": "string"}, "birth_date": {"type": "string"}, "address": {"type": "string"}, "guardians": {"type": "string"}, "phone": {"type": "string"}, "school": {"type": "string"}, "student_no": {"type": "string"}}},
          "grade": {"type": "string"}, "family_situations": {"type": "array", "items": {"type": "string"}}, "caregiver": {"type": "string"}, "disability_type": {"type": "string"}, "disability_grade": {"type": "integer"},
          "vulnerability_classes": {"type": "array", "items": {"type": "string"}}, "risk_level": {"type": "string"}, "visit_interval_days": {"type": "integer"},
          "last_visit_on": {"type": ["string", "null"], "format": "date"}, "next_visit_due": {"type": "string", "format": "date"}, "overdue": {"type": "boolean"}, "days_overdue": {"type": "integer"},
          "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
          "history": {"type": "array", "description": "Detail only: each change, identity fields by name only", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"}, "user_id": {"type": ["integer", "null"]}, "unit_id": {"type": "integer"}, "change": {"type": "object"}, "reason": {"type": "string"}}}},
          "visits": {"type": "array", "description": "Detail only, newest first", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "visited_on": {"type": "string", "format": "date"}, "unit_id": {"type": "integer"}, "user_id": {"type": ["integer", "null"]}, "visitors": {"type": "string"}, "seen": {"type": "array", "items": {"type": "string"}}, "findings": {"type": "string"}, "needs": {"type": "string"}, "follow_up": {"type": "string"}, "concern": {"type": "boolean"}, "on_time": {"type": "boolean"}, "case_id": {"type": ["integer", "null"]}}}}}
      },
      "RegistryPage": {"type": "object", "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/RegistryEntry"}}, "total": {"type": "integer"}, "next_before": {"type": ["integer", "null"]}}},
      "VisitInput": {"type": "object", "additionalProperties": false, "required": ["visited_on"],
        "properties": {"visited_on": {"type": "string", "format": "date", "description": "Not in the future"}, "visitors": {"type": "string", "maxLength": 200}, "seen": {"type": "array", "items": {"type": "string", "enum": ["girl", "guardian", "caregiver", "teacher", "other"]}},
          "findings": {"type": "string", "maxLength": 4000}, "needs": {"type": "string", "maxLength": 4000}, "follow_up": {"type": "string", "maxLength": 4000}, "concern": {"type": "boolean", "description": "Harm or danger found"}}},
      "ActivityInput": {"type": "object", "additionalProperties": false, "required": ["kind", "held_on", "audiences"],
        "properties": {"kind": {"type": "string", "enum": ["safety_education", "sexual_abuse_prevention", "parent_class", "family_education", "law_in_school", "children_home", "mental_health", "other"]},
          "held_on": {"type": "string", "format": "date"}, "place": {"type": "string", "maxLength": 200}, "co_organisers": {"type": "array", "items": {"type": "string", "description": "unit code"}},
          "audiences": {"type": "array", "items": {"type": "string", "enum": ["students", "guardians", "teachers", "community"]}},
          "participants": {"type": "array", "items": {"type": "object", "additionalProperties": false, "properties": {"audience": {"type": "string"}, "sex": {"type": "string", "enum": ["", "female", "male"], "description": "students only"}, "age_band": {"type": "string", "description": "students only: age_0_6, age_7_12, age_13_15, age_16_17"}, "n": {"type": "integer", "minimum": 0}}}},
          "materials": {"type": "string", "maxLength": 1000}, "note": {"type": "string", "maxLength": 4000}}},
      "StaffCheckInput": {"type": "object", "additionalProperties": false, "required": ["name", "id_number", "kind", "checked_on", "result"],
        "properties": {"name": {"type": "string"}, "id_number": {"type": "string"}, "position": {"type": "string", "maxLength": 100}, "kind": {"type": "string", "enum": ["pre_hire", "yearly"]},
          "checked_on": {"type": "string", "format": "date"}, "result": {"type": "string", "enum": ["no_record", "record_not_hired", "record_dismissed"], "description": "record_not_hired for pre_hire, record_dismissed for yearly"}}},
      "StatsCell": {"type": "object", "description": "The group's codes and n; n is null and suppressed true when fewer than suppressed_below (analysts only)", "additionalProperties": true}
  },
  "paths": {
    "/api/v1/registry": {
      "post": {"summary": "Add a girl to the unit's at-risk registry (schools, communities, civil affairs, the coordinating unit)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryInput"}}}},
        "responses": {"201": {"description": "Added, masked", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryEntry"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "409": {"description": "The unit already holds this 学籍号 or ID number"}}},
      "get": {"summary": "The registry in the caller's scope (the unit's own; the district's for the coordinating unit and civil affairs), newest first",
        "parameters": [{"name": "state", "in": "query", "schema": {"type": "string", "enum": ["active", "closed"]}}, {"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}}],
        "responses": {"200": {"description": "A page", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryPage"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/search": {
      "post": {"summary": "Find entries by exact name, ID number or 学籍号, in the body (never in a URL)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {"name": {"type": "string"}, "id_number": {"type": "string"}, "student_no": {"type": "string"}, "limit": {"type": "integer"}}}}}},
        "responses": {"200": {"description": "Matches in scope", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryPage"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/import": {
      "post": {"summary": "Import a school's or community's list: CSV (UTF-8 or GB 18030) or XLSX with the template's columns, at most 10 000 rows and 8 MB. mode=check validates only; mode=all stores only a file without errors; mode=valid_rows stores the valid rows. A row is the same girl as an entry of the unit with its 学籍号 or ID number: re-importing a file changes nothing", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "mode", "in": "query", "schema": {"type": "string", "enum": ["check", "all", "valid_rows"]}}],
        "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string"}}, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {"200": {"description": "The report: counts and every error by row and column", "content": {"application/json": {"schema": {"type": "object", "properties": {"mode": {"type": "string"}, "rows": {"type": "integer"}, "valid": {"type": "integer"}, "created": {"type": "integer"}, "updated": {"type": "integer"}, "unchanged": {"type": "integer"}, "stored": {"type": "boolean"},
          "errors": {"type": "array", "items": {"type": "object", "properties": {"row": {"type": "integer"}, "column": {"type": "string"}, "field": {"type": "string"}, "code": {"type": "string"}, "message_zh": {"type": "string"}, "message_en": {"type": "string"}}}}}}}}},
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/import/template": {
      "get": {"summary": "The import template (CSV, UTF-8 with BOM): the header and one fictional row",
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/due": {
      "get": {"summary": "Visits overdue and due within `days` (default 14), soonest first: the unit's visit inbox",
        "parameters": [{"name": "days", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 366}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Entries", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryPage"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/escalations": {
      "get": {"summary": "督办 raised for visits overdue past the grace: entry number, unit and due date, no identity",
        "parameters": [{"name": "state", "in": "query", "schema": {"type": "string", "enum": ["open", "closed"]}}],
        "responses": {"200": {"description": "Escalations", "content": {"application/json": {"schema": {"type": "object", "properties": {"escalations": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "entry_id": {"type": "integer"}, "unit_code": {"type": "string"}, "unit_name": {"type": "string"}, "due_on": {"type": "string"}, "days_overdue": {"type": "integer"}, "state": {"type": "string"}, "raised_at": {"type": "string"}}}}}}}}}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/registry/{id}": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "One entry with its history and visits, identity masked; ETag carries the version",
        "responses": {"200": {"description": "The entry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryEntry"}}}}, "404": {"description": "Not visible"}}},
      "patch": {"summary": "Edit an entry; If-Match with its version is required (412 stale, 428 missing)", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryInput"}}}},
        "responses": {"200": {"description": "Edited", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryEntry"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}, "412": {"description": "Stale version"}, "428": {"description": "If-Match missing"}}}},
    "/api/v1/registry/{id}/unmask": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "The entry's identity in clear; a reason is required and audited", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["reason"], "properties": {"reason": {"type": "string", "maxLength": 500}}}}}},
        "responses": {"200": {"description": "In clear", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryEntry"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}}}},
    "/api/v1/registry/{id}/visits": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "post": {"summary": "Record a home visit (家访/走访); the next falls due by the entry's interval and open 督办 close", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VisitInput"}}}},
        "responses": {"201": {"description": "Recorded; the entry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RegistryEntry"}}}}, "400": {"$ref": "#/components/responses/BadRequest"}, "404": {"description": "Not visible"}, "409": {"description": "Entry closed"}}}},
    "/api/v1/prevention/activities": {
      "post": {"summary": "Record a prevention activity with its participants", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ActivityInput"}}}},
        "responses": {"201": {"description": "Recorded"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "get": {"summary": "Activities of the unit (of the district for coordinators and leaders), newest first",
        "parameters": [{"name": "before", "in": "query", "schema": {"type": "integer"}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Activities"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/staff-checks": {
      "post": {"summary": "Record a 入职查询 check before hiring or a yearly re-check (child-serving units)", "security": [{"session": [], "csrf": []}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StaffCheckInput"}}}},
        "responses": {"201": {"description": "Recorded; name and ID number masked"}, "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "get": {"summary": "入职查询 records of the unit and, for an education bureau, of its schools; filter=overdue for re-checks past due",
        "parameters": [{"name": "filter", "in": "query", "schema": {"type": "string", "enum": ["all", "overdue"]}}, {"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Checks"}, "403": {"$ref": "#/components/responses/Forbidden"}}}},
    "/api/v1/prevention/stats": {
      "get": {"summary": "Prevention counts of the caller's district for a year: registry by class, unit and risk; visits on time, late and overdue; activities and participants; 入职查询 by result and overdue re-checks",
        "parameters": [{"name": "year", "in": "query", "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "Counts (cells of StatsCell)"}, "403": {"$ref": "#/components/responses/Forbidden"}}}}
  }
})json";

void RegisterPreventionRoutes(http::Router& router, ApiServices& s) {
  service::PreventionService& p = *s.prevention;

  router.Add(
      Method::kPost, "/api/v1/registry",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto in, ParseEntry(req.body, false));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.CreateEntry(actor, in));
                 return WithVersion(JsonResponse(201, EntryJson(v, true)), v.record.version);
               }),
      true, "Add a girl to the unit's at-risk registry");

  router.Add(
      Method::kGet, "/api/v1/registry",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 const std::string state = req.QueryParam("state").value_or("active");
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t before,
                                         QueryInt(req, "before", 0, 0, INT64_MAX));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 50, 1, 200));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto page, p.ListEntries(actor, state, before, static_cast<int>(limit)));
                 return JsonResponse(200, PageJson(page));
               }),
      true, "The registry in the caller's scope, newest first, identity masked");

  router.Add(
      Method::kPost, "/api/v1/registry/search",
      SignedIn(
          s,
          [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
            SHOUHU_ASSIGN_OR_RETURN(
                auto body, JsonBody::Parse(req.body, {"name", "id_number", "student_no", "limit"}));
            const json::object& o = body.object();
            SHOUHU_ASSIGN_OR_RETURN(auto name, OptText(o, "name", ""));
            SHOUHU_ASSIGN_OR_RETURN(auto id_number, OptText(o, "id_number", ""));
            SHOUHU_ASSIGN_OR_RETURN(auto student_no, OptText(o, "student_no", ""));
            SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, OptInteger(o, "limit", "", 50));
            if (limit < 1 || limit > 200) return Status::InvalidField("limit", "out_of_range");
            SHOUHU_ASSIGN_OR_RETURN(auto page, p.SearchEntries(actor, name, id_number, student_no,
                                                               static_cast<int>(limit)));
            return JsonResponse(200, PageJson(page));
          }),
      true, "Find registry entries by exact name, ID number or 学籍号 (in the body)");

  router.Add(
      Method::kPost, "/api/v1/registry/import",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 const std::string mode = req.QueryParam("mode").value_or("check");
                 SHOUHU_ASSIGN_OR_RETURN(auto out, p.ImportEntries(actor, req.body, mode));
                 json::array errors;
                 for (const auto& e : out.errors) {
                   errors.push_back(json::object{{"row", e.row},
                                                 {"column", e.column},
                                                 {"field", e.field},
                                                 {"code", e.code},
                                                 {"message_zh", Localise(e.code, Language::kZh)},
                                                 {"message_en", Localise(e.code, Language::kEn)}});
                 }
                 return JsonResponse(200, json::object{{"mode", out.mode},
                                                       {"rows", out.rows},
                                                       {"valid", out.valid},
                                                       {"created", out.created},
                                                       {"updated", out.updated},
                                                       {"unchanged", out.unchanged},
                                                       {"stored", out.stored},
                                                       {"errors", std::move(errors)}});
               }),
      true, "Import a school's or community's list (CSV or XLSX, the template's columns)");
  // A 10 000-row list is larger than an ordinary request body.
  router.SetBodyLimit(Method::kPost, "/api/v1/registry/import", 8 * 1024 * 1024);

  router.Add(Method::kGet, "/api/v1/registry/import/template",
             SignedIn(s,
                      [](http::Request&, const service::Actor&) -> Result<http::Response> {
                        http::Response resp;
                        resp.status = 200;
                        resp.body = service::ImportTemplateCsv();
                        resp.SetHeader("Content-Type", "text/csv; charset=utf-8");
                        resp.SetHeader("Content-Disposition",
                                       "attachment; filename=\"registry-template.csv\"");
                        return resp;
                      }),
             true, "The import template: the columns and one fictional example row (CSV)");

  router.Add(
      Method::kGet, "/api/v1/registry/due",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t days, QueryInt(req, "days", 14, 0, 366));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 100, 1, 500));
                 SHOUHU_ASSIGN_OR_RETURN(auto page, p.DueVisits(actor, static_cast<int>(days),
                                                                static_cast<int>(limit)));
                 return JsonResponse(200, PageJson(page));
               }),
      true, "Visits overdue and due within `days` days, soonest first");

  router.Add(
      Method::kGet, "/api/v1/registry/escalations",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 const std::string state = req.QueryParam("state").value_or("open");
                 SHOUHU_ASSIGN_OR_RETURN(auto list, p.Escalations(actor, state));
                 json::array out;
                 for (const auto& e : list) {
                   out.push_back(json::object{{"id", e.record.id},
                                              {"entry_id", e.record.entry_id},
                                              {"unit_code", e.unit_code},
                                              {"unit_name", e.unit_name},
                                              {"due_on", e.record.due_on},
                                              {"days_overdue", e.days_overdue},
                                              {"state", e.record.state},
                                              {"raised_at", FormatUtc(e.record.raised_at)}});
                 }
                 return JsonResponse(200, json::object{{"escalations", std::move(out)}});
               }),
      true, "督办 of visits overdue past the grace (entry number, unit, due date)");

  router.Add(
      Method::kGet, "/api/v1/registry/{id}",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, EntryIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.GetEntry(actor, id));
                 return WithVersion(JsonResponse(200, EntryJson(v, true)), v.record.version);
               }),
      true, "One registry entry with its history and visits, identity masked");

  router.Add(
      Method::kPatch, "/api/v1/registry/{id}",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, EntryIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t version, IfMatch(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto in, ParseEntry(req.body, true));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.UpdateEntry(actor, id, version, in));
                 return WithVersion(JsonResponse(200, EntryJson(v, true)), v.record.version);
               }),
      true, "Edit an entry; If-Match with its version (412 stale, 428 missing)");

  router.Add(
      Method::kPost, "/api/v1/registry/{id}/unmask",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, EntryIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"reason"}));
                 SHOUHU_ASSIGN_OR_RETURN(auto reason, OptText(body.object(), "reason", ""));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.UnmaskEntry(actor, id, reason));
                 return JsonResponse(200, EntryJson(v, false));
               }),
      true, "The entry's identity in clear, with a reason (audited)");

  router.Add(
      Method::kPost, "/api/v1/registry/{id}/visits",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, EntryIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto in, ParseVisit(req.body));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.RecordVisit(actor, id, in));
                 return WithVersion(JsonResponse(201, EntryJson(v, true)), v.record.version);
               }),
      true, "Record a home visit; the next one falls due by the entry's interval");

  router.Add(
      Method::kPost, "/api/v1/prevention/activities",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto in, ParseActivity(req.body));
                 SHOUHU_ASSIGN_OR_RETURN(auto a, p.RecordActivity(actor, in));
                 return JsonResponse(201, ActivityJson(a));
               }),
      true, "Record a prevention activity with its participants");

  router.Add(
      Method::kGet, "/api/v1/prevention/activities",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t before,
                                         QueryInt(req, "before", 0, 0, INT64_MAX));
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 50, 1, 200));
                 SHOUHU_ASSIGN_OR_RETURN(auto list,
                                         p.ListActivities(actor, before, static_cast<int>(limit)));
                 json::array out;
                 for (const auto& a : list) out.push_back(ActivityJson(a));
                 return JsonResponse(200, json::object{{"activities", std::move(out)}});
               }),
      true, "Prevention activities of the unit (the district's for coordinators and leaders)");

  router.Add(
      Method::kPost, "/api/v1/staff-checks",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body, JsonBody::Parse(req.body, {"name", "id_number", "position", "kind",
                                                           "checked_on", "result"}));
                 const json::object& o = body.object();
                 service::StaffCheckInput in;
                 SHOUHU_ASSIGN_OR_RETURN(in.name, OptText(o, "name", ""));
                 SHOUHU_ASSIGN_OR_RETURN(in.id_number, OptText(o, "id_number", ""));
                 SHOUHU_ASSIGN_OR_RETURN(in.position, OptText(o, "position", ""));
                 SHOUHU_ASSIGN_OR_RETURN(in.kind, OptText(o, "kind", ""));
                 SHOUHU_ASSIGN_OR_RETURN(in.checked_on, OptText(o, "checked_on", ""));
                 SHOUHU_ASSIGN_OR_RETURN(in.result, OptText(o, "result", ""));
                 SHOUHU_ASSIGN_OR_RETURN(auto v, p.RecordStaffCheck(actor, in));
                 return JsonResponse(201, StaffCheckJson(v));
               }),
      true, "Record a 入职查询 check or yearly re-check of a staff member");

  router.Add(
      Method::kGet, "/api/v1/staff-checks",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 const std::string which = req.QueryParam("filter").value_or("all");
                 if (which != "all" && which != "overdue")
                   return Status::InvalidField("filter", "unknown_value");
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 100, 1, 500));
                 SHOUHU_ASSIGN_OR_RETURN(auto list, p.ListStaffChecks(actor, which == "overdue",
                                                                      static_cast<int>(limit)));
                 json::array out;
                 for (const auto& v : list) out.push_back(StaffCheckJson(v));
                 return JsonResponse(200, json::object{{"checks", std::move(out)}});
               }),
      true, "入职查询 records of the unit (and of the schools below an education bureau)");

  router.Add(
      Method::kGet, "/api/v1/prevention/stats",
      SignedIn(s,
               [&p](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t year, QueryInt(req, "year", 0, 0, 2100));
                 SHOUHU_ASSIGN_OR_RETURN(auto st, p.Stats(actor, static_cast<int>(year)));
                 return JsonResponse(
                     200,
                     json::object{
                         {"district_code", st.district_code},
                         {"year", st.year},
                         {"suppressed_below", st.suppressed_view ? json::value(5) : nullptr},
                         {"registry", CellsJson(st.registry, {"vulnerability_class", "unit_code",
                                                              "risk_level"})},
                         {"visits", CellsJson(st.visits, {"unit_code", "timeliness"})},
                         {"visits_overdue", CellsJson(st.visits_overdue, {"unit_code"})},
                         {"activities", CellsJson(st.activities, {"kind", "unit_code"})},
                         {"participants", CellsJson(st.participants, {"kind", "unit_code"})},
                         {"staff_checks", CellsJson(st.staff_checks, {"unit_code", "result"})},
                         {"staff_rechecks_overdue", CellsJson(st.staff_overdue, {"unit_code"})}});
               }),
      true, "Prevention counts of the caller's district for a year");
}

}  // namespace

const Module& PreventionModule() {
  static const Module module{.name = "prevention",
                             .route_actions = kPreventionRouteActions,
                             .policy_rows = service::PreventionService::PolicyRows(),
                             .openapi = kPreventionOpenApi,
                             .error_texts = kPreventionErrorTexts,
                             .register_routes = [](http::Router& router, ApiServices& services) {
                               if (services.prevention != nullptr)
                                 RegisterPreventionRoutes(router, services);
                             }};
  return module;
}

}  // namespace shouhu::api
