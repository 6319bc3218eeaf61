// /api/v1/cases/{id}/proceedings, /services, /interviews: legal proceedings with their statutory
// clocks, assistance services and the recorded interview. Proceedings are one resource with three
// kinds ("stage", "protection_order", "warning_letter"); a POST records one and answers with the
// whole, recomputed list. What a response holds depends on the caller's view of the case (see
// service/assistance_service.h); notes and reasons only in the masked view.
#include <boost/json.hpp>

#include <charconv>
#include <cmath>

#include "api/endpoint.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/module.h"
#include "api/route_actions.h"
#include "core/random.h"
#include "domain/proceedings.h"
#include "service/assistance_service.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;
using service::CaseView;

namespace {

constexpr int64_t kMillisPerMinute = 60'000;

Result<int64_t> CaseIdOf(const http::Request& req) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound("case_not_found");
  return id;
}

std::optional<service::IdempotencyKey> IdempotencyOf(const http::Request& req,
                                                     const std::string& endpoint) {
  const std::string_view key = req.Header("idempotency-key");
  if (key.empty()) return std::nullopt;
  return service::IdempotencyKey{.key = std::string(key.substr(0, 200)),
                                 .request_hash = Sha256Hex(req.body),
                                 .endpoint = endpoint};
}

// A stage or decision out of order is well-formed but cannot be accepted now: 422 with fields.
Result<http::Response> Answer(const http::Request& req, Result<http::Response> result) {
  if (result.ok() || result.status().message() != "out_of_order") return result;
  http::Response resp = ErrorResponse(req, result.status());
  resp.status = 422;
  return resp;
}

http::Response Created(json::object body, bool replayed) {
  auto resp = JsonResponse(replayed ? 200 : 201, body);
  if (replayed) resp.SetHeader("Idempotent-Replayed", "true");
  return resp;
}

// Minutes as hours, to two decimals.
double Hours(int64_t minutes) {
  return std::round(static_cast<double>(minutes) / 60.0 * 100.0) / 100.0;
}

json::value Time(int64_t millis) {
  return millis > 0 ? json::value(FormatUtc(millis)) : json::value(nullptr);
}

json::value UserRef(const std::optional<int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

Result<double> OptNumber(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return 0.0;
  if (v->is_int64()) return static_cast<double>(v->as_int64());
  if (v->is_uint64()) return static_cast<double>(v->as_uint64());
  if (v->is_double() && std::isfinite(v->as_double())) return v->as_double();
  return Status::InvalidField(std::string(key), "wrong_type");
}

Result<std::vector<int64_t>> OptIds(const json::object& o, std::string_view key) {
  std::vector<int64_t> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return Status::InvalidField(std::string(key), "wrong_type");
  for (const json::value& item : v->as_array()) {
    if (item.is_int64()) {
      out.push_back(item.as_int64());
    } else if (item.is_uint64() && item.as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
      out.push_back(static_cast<int64_t>(item.as_uint64()));
    } else {
      return Status::InvalidField(std::string(key), "wrong_type");
    }
  }
  return out;
}

json::object SpanJson(const domain::ClockSpan& s) {
  return json::object{{"months", s.months}, {"days", s.days}, {"hours", s.hours}};
}

// elapsed, limit, 优先 target and met / missed of one clock.
json::object ClockJson(const domain::ClockReading& r) {
  json::object o{{"clock", domain::ClockCode(r.clock)},
                 {"reference_at", FormatUtc(r.reference_at)},
                 {"limit", SpanJson(r.limit)},
                 {"due_at", FormatUtc(r.due_at)},
                 {"elapsed_minutes", r.elapsed_millis / kMillisPerMinute},
                 {"elapsed_hours", std::floor(r.elapsed_millis / 360'000.0) / 10.0},
                 {"closed", r.closed},
                 {"met", r.met}};
  o["status"] = r.closed ? (r.met ? "met" : "missed") : (r.met ? "running" : "overdue");
  o["target_due_at"] = r.target_due_at ? json::value(FormatUtc(*r.target_due_at)) : nullptr;
  o["target_met"] = r.target_met ? json::value(*r.target_met) : nullptr;
  return o;
}

json::object ProceedingsJson(const service::Proceedings& p) {
  const bool clear = p.view == CaseView::kMasked;
  json::array stages;
  for (const auto& s : p.stages) {
    const auto stage = domain::ParseStage(s.record.stage);
    json::object o{{"id", s.record.id},
                   {"stage", s.record.stage},
                   {"at", FormatUtc(s.record.at)},
                   {"complex", s.record.complex},
                   {"priority", s.record.priority},
                   {"recorded_by_unit", s.record.recorded_by_unit},
                   {"created_at", FormatUtc(s.record.created_at)}};
    if (stage) {
      const domain::StageInfo& info = domain::InfoOf(*stage);
      o["stage_zh"] = info.zh;
      o["unit_kind"] = info.unit_kind;
      o["reference_stage"] =
          info.reference ? json::value(domain::InfoOf(*info.reference).code) : nullptr;
    }
    if (clear) {
      o["reason"] = s.reason;
      o["note"] = s.note;
    }
    o["clock"] = s.clock ? json::value(ClockJson(*s.clock)) : nullptr;
    stages.push_back(std::move(o));
  }
  json::array letters;
  for (const auto& w : p.warning_letters) {
    json::object o{{"id", w.record.id},
                   {"at", FormatUtc(w.record.at)},
                   {"recorded_by_unit", w.record.recorded_by_unit},
                   {"created_at", FormatUtc(w.record.created_at)}};
    if (clear) o["note"] = w.note;
    letters.push_back(std::move(o));
  }
  json::array orders;
  for (const auto& po : p.protection_orders) {
    const auto& r = po.record;
    json::object o{
        {"id", r.id},
        {"applied_at", FormatUtc(r.applied_at)},
        {"urgent", r.urgent},
        {"state", r.outcome.empty() ? "pending" : r.outcome},
        {"decided_at", Time(r.outcome.empty() ? 0 : r.decided_at)},
        {"valid_until", r.valid_until.empty() ? json::value(nullptr) : json::value(r.valid_until)},
        {"applied_by_unit", r.applied_by_unit},
        {"decided_by_unit", UserRef(r.decided_by_unit)},
        {"clock", ClockJson(po.clock)}};
    if (clear) o["note"] = po.note;
    orders.push_back(std::move(o));
  }
  json::array open;
  for (const auto& c : p.open_clocks) {
    json::array closing;
    for (const auto s : c.closing) closing.emplace_back(domain::InfoOf(s).code);
    json::object o = ClockJson(c.clock);
    o["reference_stage"] = domain::InfoOf(c.reference).code;
    o["closing_stages"] = std::move(closing);
    open.push_back(std::move(o));
  }
  return json::object{{"view", clear ? "masked" : "deidentified"},
                      {"stages", std::move(stages)},
                      {"protection_orders", std::move(orders)},
                      {"warning_letters", std::move(letters)},
                      {"open_clocks", std::move(open)}};
}

std::string_view ViewName(CaseView view) {
  switch (view) {
    case CaseView::kMasked:
      return "masked";
    case CaseView::kDeidentified:
      return "deidentified";
    case CaseView::kPseudonymous:
      return "pseudonymous";
    case CaseView::kReceipt:
      return "receipt";
    case CaseView::kNone:
      break;
  }
  return "none";
}

json::object ServicesJson(const service::Services& s) {
  json::array items;
  for (const auto& v : s.items) {
    const auto& r = v.record;
    const domain::ServiceType* type = domain::FindServiceType(r.service_type);
    json::object o{{"id", r.id},
                   {"service_type", r.service_type},
                   {"service_type_zh", type ? type->zh : ""},
                   {"unit_id", r.unit_id},
                   {"unit_name", v.unit_name},
                   {"delivered_on", r.delivered_on},
                   {"hours", Hours(r.minutes)},
                   {"sessions", r.sessions},
                   {"amount_fen", r.amount_fen},
                   {"amount_yuan", domain::FormatYuan(r.amount_fen)},
                   {"created_at", FormatUtc(r.created_at)}};
    if (s.view == CaseView::kMasked) o["notes"] = v.notes;
    items.push_back(std::move(o));
  }
  return json::object{{"view", ViewName(s.view)},
                      {"items", std::move(items)},
                      {"totals", json::object{{"amount_fen", s.total_fen},
                                              {"amount_yuan", domain::FormatYuan(s.total_fen)},
                                              {"hours", Hours(s.total_minutes)},
                                              {"sessions", s.total_sessions}}}};
}

json::object InterviewsJson(const service::Interviews& in) {
  json::array items;
  for (const auto& v : in.items) {
    const auto& r = v.record;
    json::object o{{"id", r.id},
                   {"at", FormatUtc(r.at)},
                   {"conducted_by_unit", r.conducted_by_unit},
                   {"restricted", v.restricted},
                   {"created_at", FormatUtc(r.created_at)}};
    if (!v.restricted) {
      json::array viewers;
      for (const int64_t u : r.viewer_unit_ids) viewers.emplace_back(u);
      o["viewer_unit_ids"] = std::move(viewers);
      o["reason"] = v.reason;
      o["note"] = v.note;
    }
    items.push_back(std::move(o));
  }
  return json::object{{"view", ViewName(in.view)},
                      {"items", std::move(items)},
                      {"child_interview_count", in.child_interview_count},
                      {"target", in.target},
                      {"target_met", in.child_interview_count <= in.target}};
}

Result<service::ProceedingInput> ParseProceeding(std::string_view text) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body,
      JsonBody::Parse(text, {"kind", "at", "stage", "complex", "priority", "reason", "action",
                             "urgent", "order_id", "outcome", "valid_until", "note"}));
  const json::object& o = body.object();
  service::ProceedingInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.kind, OptText(o, "kind", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.at, OptText(o, "at", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.stage, OptText(o, "stage", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.complex, OptFlag(o, "complex", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.priority, OptFlag(o, "priority", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.reason, OptText(o, "reason", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.action, OptText(o, "action", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.urgent, OptFlag(o, "urgent", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.order_id, OptInteger(o, "order_id", "", 0));
  SHOUHU_ASSIGN_OR_RETURN(in.outcome, OptText(o, "outcome", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.valid_until, OptText(o, "valid_until", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.note, OptText(o, "note", ""));
  return in;
}

Result<service::ServiceInput> ParseService(std::string_view text) {
  SHOUHU_ASSIGN_OR_RETURN(auto body,
                          JsonBody::Parse(text, {"service_type", "unit_id", "delivered_on", "hours",
                                                 "sessions", "amount_yuan", "notes"}));
  const json::object& o = body.object();
  service::ServiceInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.service_type, OptText(o, "service_type", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.unit_id, OptInteger(o, "unit_id", "", 0));
  SHOUHU_ASSIGN_OR_RETURN(in.delivered_on, OptText(o, "delivered_on", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.hours, OptNumber(o, "hours"));
  SHOUHU_ASSIGN_OR_RETURN(in.sessions, OptInteger(o, "sessions", "", 0));
  SHOUHU_ASSIGN_OR_RETURN(in.amount_yuan, OptText(o, "amount_yuan", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.notes, OptText(o, "notes", ""));
  return in;
}

Result<service::InterviewInput> ParseInterview(std::string_view text) {
  SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(text, {"at", "conducted_by_unit",
                                                            "viewer_unit_ids", "reason", "note"}));
  const json::object& o = body.object();
  service::InterviewInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.at, OptText(o, "at", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.conducted_by_unit, OptInteger(o, "conducted_by_unit", "", 0));
  SHOUHU_ASSIGN_OR_RETURN(in.viewer_unit_ids, OptIds(o, "viewer_unit_ids"));
  SHOUHU_ASSIGN_OR_RETURN(in.reason, OptText(o, "reason", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.note, OptText(o, "note", ""));
  return in;
}

}  // namespace

// The module's routes and the policy actions they ask for (its rows: AssistanceService).
constexpr RouteAction kAssistanceRouteActions[] = {
    {"POST", "/api/v1/cases/{id}/proceedings", "proceeding.record"},
    {"GET", "/api/v1/cases/{id}/proceedings", "proceeding.read"},
    {"POST", "/api/v1/cases/{id}/services", "service.record"},
    {"GET", "/api/v1/cases/{id}/services", "service.read"},
    {"POST", "/api/v1/cases/{id}/interviews", "interview.record"},
    {"GET", "/api/v1/cases/{id}/interviews", "interview.read"},
};

// Its OpenAPI paths and schemas, merged into the document (and read by the web app's `npm run
// gen`).
constexpr std::string_view kAssistanceOpenApi = R"json({
  "schemas": {
      "ProceedingInput": {
        "type": "object", "additionalProperties": false, "required": ["kind", "at"],
        "description": "One resource, three kinds. kind=stage: stage (police_registered 受案, case_filed 立案, case_not_filed 不立案 (reason), solved 破案, arrest_requested 提请批捕, arrest_approved 批捕, arrest_not_approved 不批捕 (reason), transferred_for_prosecution 移送起诉, prosecuted 提起公诉, trial_filed 一审立案, first_instance_judgment 一审判决, enforced 执行), complex (longer limit), priority (优先; procuratorate and court stages). Each stage needs the stage it follows recorded first and may not be dated before it (422 out_of_order). kind=protection_order: action=apply (urgent) or action=decide (order_id, outcome granted|refused, valid_until for granted, at most 6 months). kind=warning_letter: 告诫书 issued. at: when it happened, not in the future. Recorded by coordinators, or caseworkers of the unit kind: police (police stages, warning letters), procuratorate, court (court stages, protection orders).",
        "properties": {"kind": {"type": "string", "enum": ["stage", "protection_order", "warning_letter"]}, "at": {"type": "string", "format": "date-time"},
          "stage": {"type": "string"}, "complex": {"type": "boolean"}, "priority": {"type": "boolean"}, "reason": {"type": "string", "maxLength": 500},
          "action": {"type": "string", "enum": ["apply", "decide"]}, "urgent": {"type": "boolean"}, "order_id": {"type": "integer"},
          "outcome": {"type": "string", "enum": ["granted", "refused"]}, "valid_until": {"type": "string", "format": "date"},
          "note": {"type": "string", "maxLength": 2000, "description": "Encrypted at rest"}}
      },
      "Proceedings": {
        "type": "object", "description": "reason and note appear in the masked view only (coordinators, caseworkers); leaders and analysts see the rest.",
        "properties": {"view": {"type": "string", "enum": ["masked", "deidentified"]},
          "stages": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "stage": {"type": "string"}, "stage_zh": {"type": "string"}, "unit_kind": {"type": "string"},
            "reference_stage": {"type": ["string", "null"]}, "at": {"type": "string", "format": "date-time"}, "complex": {"type": "boolean"}, "priority": {"type": "boolean"},
            "reason": {"type": "string"}, "note": {"type": "string"}, "recorded_by_unit": {"type": "integer"}, "created_at": {"type": "string", "format": "date-time"},
            "clock": {"oneOf": [{"$ref": "#/components/schemas/Clock"}, {"type": "null"}]}}}},
          "protection_orders": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "applied_at": {"type": "string", "format": "date-time"}, "urgent": {"type": "boolean"},
            "state": {"type": "string", "enum": ["pending", "granted", "refused"]}, "decided_at": {"type": ["string", "null"], "format": "date-time"}, "valid_until": {"type": ["string", "null"], "format": "date"},
            "applied_by_unit": {"type": "integer"}, "decided_by_unit": {"type": ["integer", "null"]}, "note": {"type": "string"}, "clock": {"$ref": "#/components/schemas/Clock"}}}},
          "warning_letters": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}, "recorded_by_unit": {"type": "integer"}, "note": {"type": "string"}}}},
          "open_clocks": {"type": "array", "description": "Clocks started by a recorded stage whose closing stage is not recorded yet", "items": {"allOf": [{"$ref": "#/components/schemas/Clock"}, {"type": "object", "properties": {"reference_stage": {"type": "string"}, "closing_stages": {"type": "array", "items": {"type": "string"}}}}]}},
          "created": {"type": "object", "description": "POST only", "properties": {"kind": {"type": "string"}, "id": {"type": "integer"}}}}
      },
      "ServiceInput": {
        "type": "object", "additionalProperties": false, "required": ["service_type", "delivered_on"],
        "description": "Recorded by coordinators (for any unit of the service's kind), or caseworkers for their own unit when its kind delivers the service.",
        "properties": {"service_type": {"type": "string", "enum": ["procuratorate_judicial_aid", "justice_legal_aid", "health_treatment", "health_forensic_exam", "health_counselling", "health_rehabilitation", "civil_affairs_living_aid", "civil_affairs_custody", "disability_aid", "education_placement", "education_school_protection", "community_home_visit", "community_guardianship_guidance", "womens_federation_psych_support", "womens_federation_legal_advice", "womens_federation_care", "social_org_social_work", "social_org_volunteer"]},
          "unit_id": {"type": "integer", "description": "Delivering unit; default the caller's"}, "delivered_on": {"type": "string", "format": "date"},
          "hours": {"type": "number", "minimum": 0, "maximum": 1000}, "sessions": {"type": "integer", "minimum": 0, "maximum": 1000},
          "amount_yuan": {"type": "string", "pattern": "^[0-9]{1,8}(\\.[0-9]{1,2})?$", "description": "Money disbursed in yuan; stored as integer fen"},
          "notes": {"type": "string", "maxLength": 2000, "description": "Encrypted at rest"}}
      },
      "Services": {
        "type": "object", "description": "notes in the masked view only; volunteers (pseudonymous view) see the services without notes.",
        "properties": {"view": {"type": "string"}, "items": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "service_type": {"type": "string"}, "service_type_zh": {"type": "string"},
          "unit_id": {"type": "integer"}, "unit_name": {"type": "string"}, "delivered_on": {"type": "string", "format": "date"}, "hours": {"type": "number"}, "sessions": {"type": "integer"},
          "amount_fen": {"type": "integer"}, "amount_yuan": {"type": "string"}, "notes": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}}},
          "totals": {"type": "object", "properties": {"amount_fen": {"type": "integer"}, "amount_yuan": {"type": "string"}, "hours": {"type": "number"}, "sessions": {"type": "integer"}}},
          "created": {"type": "object", "properties": {"id": {"type": "integer"}}}}
      },
      "InterviewInput": {
        "type": "object", "additionalProperties": false, "required": ["at"],
        "description": "The recorded interview (一站式询问): the girl is interviewed once; another interview of her (this case or another) needs a reason. Coordinators, or police and procuratorate caseworkers for their own unit.",
        "properties": {"at": {"type": "string", "format": "date-time"}, "conducted_by_unit": {"type": "integer"},
          "viewer_unit_ids": {"type": "array", "items": {"type": "integer"}, "maxItems": 20, "description": "Units that may view the recording"},
          "reason": {"type": "string", "maxLength": 500}, "note": {"type": "string", "maxLength": 2000}}
      },
      "Interviews": {
        "type": "object", "description": "viewer_unit_ids, reason and note only for coordinators and the conducting and viewing units (restricted=false).",
        "properties": {"view": {"type": "string"}, "items": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"},
          "conducted_by_unit": {"type": "integer"}, "restricted": {"type": "boolean"}, "viewer_unit_ids": {"type": "array", "items": {"type": "integer"}}, "reason": {"type": "string"}, "note": {"type": "string"}}}},
          "child_interview_count": {"type": "integer", "description": "Interviews of this girl across her cases"}, "target": {"type": "integer"}, "target_met": {"type": "boolean"},
          "created": {"type": "object", "properties": {"id": {"type": "integer"}}}}
      }
  },
  "paths": {
    "/api/v1/cases/{id}/proceedings": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "Proceedings with each stage's elapsed time, statutory limit, 优先 target and met/missed (coordinators, caseworkers, leaders, analysts)",
        "responses": {"200": {"description": "Proceedings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Proceedings"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Record a stage, a protection order application or decision, or a warning letter", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProceedingInput"}}}},
        "responses": {"201": {"description": "Recorded; the whole list, recomputed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Proceedings"}}}}, "200": {"description": "Replay of an earlier request with the same Idempotency-Key"},
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "409": {"description": "Stage already recorded, or protection order already decided"},
          "422": {"description": "out_of_order (its reference stage missing, dated before it or after a later stage) or Idempotency-Key reused with a different body"}}}},
    "/api/v1/cases/{id}/services": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "Services delivered on the case, with totals (volunteers: without notes)",
        "responses": {"200": {"description": "Services", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Services"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Record a service delivered to the girl", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceInput"}}}},
        "responses": {"201": {"description": "Recorded; the whole list", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Services"}}}}, "200": {"description": "Replay of an earlier request with the same Idempotency-Key"},
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "422": {"description": "Idempotency-Key reused with a different body"}}}},
    "/api/v1/cases/{id}/interviews": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
      "get": {"summary": "The case's recorded interviews and the girl's interview count (target 1)",
        "responses": {"200": {"description": "Interviews", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Interviews"}}}}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}}},
      "post": {"summary": "Record the recorded interview (一站式询问)", "security": [{"session": [], "csrf": []}],
        "parameters": [{"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 200}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InterviewInput"}}}},
        "responses": {"201": {"description": "Recorded", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Interviews"}}}}, "200": {"description": "Replay of an earlier request with the same Idempotency-Key"},
          "400": {"$ref": "#/components/responses/BadRequest"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"description": "Not visible"}, "422": {"description": "Idempotency-Key reused with a different body"}}}}
  }
})json";

void RegisterAssistanceRoutes(http::Router& router, ApiServices& s) {
  service::AssistanceService& a = *s.assistance;

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/proceedings",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 return Answer(req, [&]() -> Result<http::Response> {
                   SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                   SHOUHU_ASSIGN_OR_RETURN(auto input, ParseProceeding(req.body));
                   SHOUHU_ASSIGN_OR_RETURN(
                       auto outcome, a.RecordProceeding(
                                         actor, id, input,
                                         IdempotencyOf(req, "POST /api/v1/cases/{id}/proceedings#" +
                                                                std::to_string(id))));
                   json::object body = ProceedingsJson(outcome.proceedings);
                   body["created"] =
                       json::object{{"kind", outcome.created_kind}, {"id", outcome.created_id}};
                   return Created(std::move(body), outcome.replayed);
                 }());
               }),
      true,
      "Record a dated stage, a protection order application or decision, or a warning letter; "
      "Idempotency-Key honoured");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}/proceedings",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto p, a.ListProceedings(actor, id));
                 return JsonResponse(200, ProceedingsJson(p));
               }),
      true, "The case's proceedings with each stage's clock");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/services",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto input, ParseService(req.body));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto outcome,
                     a.RecordService(actor, id, input,
                                     IdempotencyOf(req, "POST /api/v1/cases/{id}/services#" +
                                                            std::to_string(id))));
                 json::object body = ServicesJson(outcome.services);
                 body["created"] = json::object{{"id", outcome.created_id}};
                 return Created(std::move(body), outcome.replayed);
               }),
      true, "Record an assistance service delivered to the girl; Idempotency-Key honoured");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}/services",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto services, a.ListServices(actor, id));
                 return JsonResponse(200, ServicesJson(services));
               }),
      true, "The services delivered on the case, with totals");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/interviews",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto input, ParseInterview(req.body));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto outcome,
                     a.RecordInterview(actor, id, input,
                                       IdempotencyOf(req, "POST /api/v1/cases/{id}/interviews#" +
                                                              std::to_string(id))));
                 json::object body = InterviewsJson(outcome.interviews);
                 body["created"] = json::object{{"id", outcome.created_id}};
                 return Created(std::move(body), outcome.replayed);
               }),
      true, "Record the recorded interview (一站式询问); a repeat needs a reason");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}/interviews",
      SignedIn(s,
               [&a](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseIdOf(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto interviews, a.ListInterviews(actor, id));
                 return JsonResponse(200, InterviewsJson(interviews));
               }),
      true, "The case's recorded interviews and the girl's interview count");
}

const Module& AssistanceModule() {
  static const Module module{.name = "assistance",
                             .route_actions = kAssistanceRouteActions,
                             .policy_rows = service::AssistanceService::PolicyRows(),
                             .openapi = kAssistanceOpenApi,
                             .error_texts = {},
                             .register_routes = [](http::Router& router, ApiServices& services) {
                               if (services.assistance != nullptr)
                                 RegisterAssistanceRoutes(router, services);
                             }};
  return module;
}

}  // namespace shouhu::api
