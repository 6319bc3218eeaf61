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

void RegisterAssistanceRoutes(http::Router& router, ApiServices& s) {
  RegisterRouteActions(kAssistanceRouteActions);
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

}  // namespace shouhu::api
