// /api/v1/cases, /api/v1/reports/mandatory: intake, reading, editing, unmasking, grants and
// duplicate links. What a response holds depends on the caller's view of the case (see
// service/case_access.h); identity is masked unless unmasked with a reason.
#include <boost/json.hpp>

#include <charconv>
#include <set>

#include "api/case_filter.h"
#include "api/endpoint.h"
#include "api/json_body.h"
#include "core/random.h"
#include "service/case_service.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;
using service::CaseView;

namespace {

constexpr int64_t kDefaultPage = 50;
constexpr int64_t kMaxPage = 200;

json::array List(const std::string& comma_separated) {
  json::array out;
  size_t start = 0;
  while (start < comma_separated.size()) {
    size_t end = comma_separated.find(',', start);
    if (end == std::string::npos) end = comma_separated.size();
    if (end > start) out.emplace_back(comma_separated.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string_view ViewName(CaseView view) {
  switch (view) {
    case CaseView::kReceipt:
      return "receipt";
    case CaseView::kPseudonymous:
      return "pseudonymous";
    case CaseView::kDeidentified:
      return "deidentified";
    case CaseView::kMasked:
      return "masked";
    case CaseView::kNone:
      break;
  }
  return "none";
}

json::object CaseJson(const service::CaseDetail& d) {
  const storage::CaseRecord& r = d.record;
  json::object o{{"id", r.id},
                 {"case_number", r.case_number},
                 {"status", r.status},
                 {"view", ViewName(d.view)},
                 {"reported_at", FormatUtc(r.reported_at)},
                 {"created_at", FormatUtc(r.created_at)},
                 {"version", r.version}};
  if (d.view == CaseView::kReceipt) return o;
  if (d.view == CaseView::kPseudonymous) {
    o["pseudonym"] = d.pseudonym;
    o["age"] = r.age_at_incident >= 0 ? json::value(r.age_at_incident) : json::value(nullptr);
    o["needs"] = json::object{{"harm_types", List(r.harm_types)},
                              {"vulnerability_classes", List(d.child.vulnerability_classes)}};
    return o;
  }
  o["harm_types"] = List(r.harm_types);
  o["aggravating_flags"] = List(r.aggravating_flags);
  o["risk_level"] = r.risk_level;
  o["intake_channel"] = r.intake_channel;
  o["reporter_category"] = r.reporter_category;
  o["situation_code"] = r.situation_code;
  o["discovered_at"] = FormatUtc(r.discovered_at);
  o["late"] = r.late;
  o["lead_unit_id"] = r.lead_unit_id;
  o["district_code"] = r.district_code;
  o["legal_basis"] = r.legal_basis;
  o["age_at_incident"] =
      r.age_at_incident >= 0 ? json::value(r.age_at_incident) : json::value(nullptr);
  o["updated_at"] = FormatUtc(r.updated_at);
  json::object child{{"id", d.child.id},
                     {"ethnicity", d.child.ethnicity},
                     {"grade", d.child.grade},
                     {"district_code", d.child.district_code},
                     {"vulnerability_classes", List(d.child.vulnerability_classes)}};
  if (d.view == CaseView::kMasked) {
    const service::Identity& id = d.identity;
    child["name"] = id.name;
    child["id_number"] = id.id_number;
    child["birth_date"] = id.birth_date;
    child["address"] = id.address;
    child["school"] = id.school;
    child["guardian"] = id.guardian;
    child["phone"] = id.phone;
    child["masked"] = !d.unmasked;
  }
  o["child"] = std::move(child);
  json::array incidents;
  for (const auto& i : d.incidents) {
    json::object io{{"id", i.record.id},
                    {"occurred_on", i.record.occurred_on},
                    {"place_type", i.record.place_type},
                    {"district_code", i.record.district_code},
                    {"online", i.record.online},
                    {"perpetrator_relationship", i.record.perpetrator_relationship},
                    {"perpetrator_count", i.record.perpetrator_count}};
    if (d.unmasked) io["narrative"] = i.narrative;
    incidents.push_back(std::move(io));
  }
  o["incidents"] = std::move(incidents);
  return o;
}

Result<int64_t> CaseId(const http::Request& req) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound("case_not_found");
  return id;
}

Result<domain::IntakeInput> ParseIntake(std::string_view text, bool reporter_form) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body, JsonBody::Parse(text, {"child", "incident", "harm_types", "aggravating_flags",
                                        "intake_channel", "reporter_category", "situation_code",
                                        "discovered_at", "reported_at", "legal_basis"}));
  const json::object& o = body.object();
  domain::IntakeInput in;
  SHOUHU_ASSIGN_OR_RETURN(const json::object* child, OptObject(o, "child", ""));
  if (child == nullptr) return Status::InvalidField("child", "required");
  SHOUHU_RETURN_IF_ERROR(
      CheckMembers(*child, "child",
                   {"name", "id_number", "birth_date", "ethnicity", "school", "grade", "guardian",
                    "phone", "address", "district_code", "vulnerability_classes"}));
  domain::ChildInput& c = in.child;
  SHOUHU_ASSIGN_OR_RETURN(c.name, OptText(*child, "name", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.id_number, OptText(*child, "id_number", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.birth_date, OptText(*child, "birth_date", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.ethnicity, OptText(*child, "ethnicity", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.school, OptText(*child, "school", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.grade, OptText(*child, "grade", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.guardian, OptText(*child, "guardian", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.phone, OptText(*child, "phone", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.address, OptText(*child, "address", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.district_code, OptText(*child, "district_code", "child"));
  SHOUHU_ASSIGN_OR_RETURN(c.vulnerability_classes,
                          OptTextList(*child, "vulnerability_classes", "child"));
  SHOUHU_ASSIGN_OR_RETURN(const json::object* incident, OptObject(o, "incident", ""));
  if (incident == nullptr) return Status::InvalidField("incident", "required");
  SHOUHU_RETURN_IF_ERROR(
      CheckMembers(*incident, "incident",
                   {"occurred_on", "place_type", "district_code", "online",
                    "perpetrator_relationship", "perpetrator_count", "narrative"}));
  domain::IncidentInput& i = in.incident;
  SHOUHU_ASSIGN_OR_RETURN(i.occurred_on, OptText(*incident, "occurred_on", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(i.place_type, OptText(*incident, "place_type", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(i.district_code, OptText(*incident, "district_code", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(i.online, OptFlag(*incident, "online", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(i.perpetrator_relationship,
                          OptText(*incident, "perpetrator_relationship", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t count,
                          OptInteger(*incident, "perpetrator_count", "incident", 1));
  if (count < 0 || count > 1000)
    return Status::InvalidField("incident.perpetrator_count", "out_of_range");
  i.perpetrator_count = static_cast<int>(count);
  SHOUHU_ASSIGN_OR_RETURN(i.narrative, OptText(*incident, "narrative", "incident"));
  SHOUHU_ASSIGN_OR_RETURN(in.harm_types, OptTextList(o, "harm_types", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.aggravating_flags, OptTextList(o, "aggravating_flags", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.intake_channel, OptText(o, "intake_channel", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.reporter_category, OptText(o, "reporter_category", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.situation_code, OptText(o, "situation_code", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.discovered_at, OptText(o, "discovered_at", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.reported_at, OptText(o, "reported_at", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.legal_basis, OptText(o, "legal_basis", ""));
  if (reporter_form && !in.reported_at.empty())
    return Status::InvalidField("reported_at", "unknown_field");
  return in;
}

http::Handler IntakeRoute(ApiServices& s, domain::IntakeKind kind, std::string endpoint) {
  return SignedIn(
      s,
      [&s, kind, endpoint](http::Request& req,
                           const service::Actor& actor) -> Result<http::Response> {
        SHOUHU_ASSIGN_OR_RETURN(
            auto input, ParseIntake(req.body, kind == domain::IntakeKind::kMandatoryReport));
        std::optional<service::IdempotencyKey> idem;
        const std::string_view key = req.Header("idempotency-key");
        if (!key.empty()) {
          if (key.size() > 200) return Status::InvalidField("Idempotency-Key", "too_long");
          idem = service::IdempotencyKey{
              .key = std::string(key), .request_hash = Sha256Hex(req.body), .endpoint = endpoint};
        }
        SHOUHU_ASSIGN_OR_RETURN(auto outcome, s.cases->Intake(actor, std::move(input), kind, idem));
        // The filer sees what she submitted and nothing of any record already held: a possible
        // match goes to the coordinating unit that holds it.
        json::object out = CaseJson(outcome.detail);
        auto resp = JsonResponse(outcome.replayed ? 200 : 201, out);
        if (outcome.replayed) resp.SetHeader("Idempotent-Replayed", "true");
        return resp;
      });
}

std::optional<service::IdempotencyKey> IdempotencyOf(const http::Request& req,
                                                     const std::string& endpoint) {
  const std::string_view key = req.Header("idempotency-key");
  if (key.empty()) return std::nullopt;
  return service::IdempotencyKey{.key = std::string(key.substr(0, 200)),
                                 .request_hash = Sha256Hex(req.body),
                                 .endpoint = endpoint};
}

// Errors about the nested intake of a hotline call name their field under "case.".
Status UnderCase(const Status& status) {
  FieldErrors fields;
  for (const auto& [field, reason] : status.fields()) fields.emplace("case." + field, reason);
  return Status::InvalidArgument(status.message(), fields);
}

Result<http::Response> LogCall(ApiServices& s, const http::Request& req,
                               const service::Actor& actor) {
  SHOUHU_ASSIGN_OR_RETURN(
      auto body, JsonBody::Parse(req.body, {"received_at", "caller_category", "district_code",
                                            "summary", "case"}));
  const json::object& o = body.object();
  service::HotlineCallInput in;
  SHOUHU_ASSIGN_OR_RETURN(in.received_at, OptText(o, "received_at", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.caller_category, OptText(o, "caller_category", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.district_code, OptText(o, "district_code", ""));
  SHOUHU_ASSIGN_OR_RETURN(in.summary, OptText(o, "summary", ""));
  SHOUHU_ASSIGN_OR_RETURN(const json::object* case_object, OptObject(o, "case", ""));
  if (case_object != nullptr) {
    auto intake = ParseIntake(json::serialize(*case_object), false);
    if (!intake.ok())
      return intake.status().code() == StatusCode::kInvalidArgument ? UnderCase(intake.status())
                                                                    : intake.status();
    in.open_case = std::move(intake).value();
  }
  auto outcome =
      s.cases->LogCall(actor, std::move(in), IdempotencyOf(req, "POST /api/v1/hotline/calls"));
  if (!outcome.ok()) {
    const Status& st = outcome.status();
    const bool about_case = st.code() == StatusCode::kInvalidArgument && case_object != nullptr &&
                            !st.fields().empty() &&
                            st.fields().begin()->first.rfind("child", 0) == 0;
    return about_case ? UnderCase(st) : st;
  }
  json::object out{{"call_id", outcome->call_id}};
  out["case"] =
      outcome->opened ? json::value(CaseJson(outcome->opened->detail)) : json::value(nullptr);
  return JsonResponse(outcome->replayed ? 200 : 201, out);
}

}  // namespace

Result<storage::CaseFilter> ParseCaseFilter(const http::Request& req) {
  storage::CaseFilter f;
  f.status = req.QueryParam("status").value_or("");
  f.risk_level = req.QueryParam("risk_level").value_or("");
  f.harm_type = req.QueryParam("harm_type").value_or("");
  f.intake_channel = req.QueryParam("intake_channel").value_or("");
  f.district_code = req.QueryParam("district_code").value_or("");
  f.case_number = req.QueryParam("case_number").value_or("");
  SHOUHU_ASSIGN_OR_RETURN(f.unit_id, QueryInt(req, "unit_id", 0, 0, INT64_MAX));
  SHOUHU_ASSIGN_OR_RETURN(f.before_id, QueryInt(req, "before", 0, 0, INT64_MAX));
  SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", kDefaultPage, 1, kMaxPage));
  f.limit = static_cast<int>(limit);
  if (auto from = req.QueryParam("reported_from")) {
    SHOUHU_ASSIGN_OR_RETURN(f.reported_from, domain::ParseDateTime(*from, "reported_from"));
  }
  if (auto to = req.QueryParam("reported_to")) {
    SHOUHU_ASSIGN_OR_RETURN(f.reported_to, domain::ParseDateTime(*to, "reported_to"));
  }
  return f;
}

namespace {

Result<http::Response> ListResponse(ApiServices& s, std::vector<service::CaseDetail> cases,
                                    int limit) {
  // The overdue badge: an open task of the case is past its running deadline.
  std::set<int64_t> overdue;
  if (s.workflow != nullptr) {
    std::vector<int64_t> ids;
    for (const auto& d : cases)
      if (d.view != CaseView::kReceipt && d.view != CaseView::kPseudonymous)
        ids.push_back(d.record.id);
    SHOUHU_ASSIGN_OR_RETURN(overdue, s.workflow->OverdueAmong(ids));
  }
  json::array items;
  for (const auto& d : cases) {
    json::object item = CaseJson(d);
    if (d.view != CaseView::kReceipt && d.view != CaseView::kPseudonymous)
      item["overdue"] = overdue.count(d.record.id) > 0;
    items.push_back(std::move(item));
  }
  json::object page{{"items", std::move(items)}};
  page["next_before"] = static_cast<int>(cases.size()) == limit
                            ? json::value(cases.back().record.id)
                            : json::value(nullptr);
  return JsonResponse(200, page);
}

http::Response WithEtag(http::Response resp, int64_t version) {
  resp.SetHeader("ETag", "\"" + std::to_string(version) + "\"");
  return resp;
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, ApiServices& s) {
  router.Add(Method::kPost, "/api/v1/hotline/calls",
             SignedIn(s, [&s](http::Request& req,
                              const service::Actor& actor) { return LogCall(s, req, actor); }),
             true, "Log a 12338 hotline call, alone or opening a case; Idempotency-Key honoured");
  router.Add(Method::kPost, "/api/v1/cases",
             IntakeRoute(s, domain::IntakeKind::kCase, "POST /api/v1/cases"), true,
             "Open a case (coordinator, caseworker); Idempotency-Key honoured");
  router.Add(Method::kPost, "/api/v1/reports/mandatory",
             IntakeRoute(s, domain::IntakeKind::kMandatoryReport, "POST /api/v1/reports/mandatory"),
             true, "File a mandatory report (reporter); Idempotency-Key honoured");

  router.Add(
      Method::kGet, "/api/v1/reports/mandatory",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto filter, ParseCaseFilter(req));
                 const int limit = filter.limit;
                 SHOUHU_ASSIGN_OR_RETURN(auto cases,
                                         s.cases->List(actor, {.filter = std::move(filter)}));
                 return ListResponse(s, std::move(cases), limit);
               }),
      true, "The reporter's own mandatory reports and their status");

  // The list; `name` (a partial name, searched through blind indexes) only from a POST body, so
  // that a girl's name is never in a URL, a browser history or an access log.
  auto list = [&s](http::Request& req, const service::Actor& actor,
                   std::string name) -> Result<http::Response> {
    SHOUHU_ASSIGN_OR_RETURN(auto filter, ParseCaseFilter(req));
    SHOUHU_ASSIGN_OR_RETURN(const int64_t overdue, QueryInt(req, "overdue", 0, 0, 1));
    const int limit = filter.limit;
    SHOUHU_ASSIGN_OR_RETURN(auto cases, s.cases->List(actor, {.filter = std::move(filter),
                                                              .name = std::move(name),
                                                              .overdue = overdue == 1}));
    return ListResponse(s, std::move(cases), limit);
  };
  router.Add(
      Method::kGet, "/api/v1/cases",
      SignedIn(s,
               [list](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 if (req.QueryParam("name")) return Status::InvalidField("name", "not_in_url");
                 return list(req, actor, "");
               }),
      true, "Cases visible to the caller, newest first, keyset paging");
  router.Add(
      Method::kPost, "/api/v1/cases/search",
      SignedIn(s,
               [list](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 if (req.QueryParam("name")) return Status::InvalidField("name", "not_in_url");
                 SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"name"}));
                 SHOUHU_ASSIGN_OR_RETURN(auto name, body.RequiredString("name"));
                 return list(req, actor, std::move(name));
               }),
      true, "The case list searched by a partial name sent in the body");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
                 // One read transaction: the case, its lifecycle actions and the overdue flag.
                 service::CaseReading reading;
                 if (s.workflow != nullptr) {
                   SHOUHU_ASSIGN_OR_RETURN(reading, s.workflow->ReadCase(actor, id));
                 } else {
                   SHOUHU_ASSIGN_OR_RETURN(reading.detail, s.cases->Get(actor, id));
                 }
                 const service::CaseDetail& detail = reading.detail;
                 json::object out = CaseJson(detail);
                 json::array allowed;
                 for (auto& a : reading.allowed_actions) allowed.emplace_back(a);
                 out["allowed_actions"] = std::move(allowed);
                 if (reading.overdue) out["overdue"] = *reading.overdue;
                 return WithEtag(JsonResponse(200, out), detail.record.version);
               }),
      true, "One case, in the caller's view, with the lifecycle actions the caller may take");
  // One read transaction; the audit row settles after the handler returned.
  router.RunInlineWhenReady(Method::kGet, "/api/v1/cases/{id}");

  router.Add(
      Method::kPatch, "/api/v1/cases/{id}",
      SignedIn(
          s,
          [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
            SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
            SHOUHU_ASSIGN_OR_RETURN(const std::optional<int64_t> if_match, IfMatchVersion(req));
            SHOUHU_ASSIGN_OR_RETURN(
                auto body,
                JsonBody::Parse(req.body, {"harm_types", "aggravating_flags", "risk_level",
                                           "intake_channel", "reporter_category", "situation_code",
                                           "lead_unit_code", "legal_basis", "reason"}));
            const json::object& o = body.object();
            service::CasePatch p;
            auto text = [&](const char* key, std::optional<std::string>* out) -> Status {
              if (!o.contains(key)) return Status::Ok();
              SHOUHU_ASSIGN_OR_RETURN(*out, OptText(o, key, ""));
              return Status::Ok();
            };
            auto list = [&](const char* key,
                            std::optional<std::vector<std::string>>* out) -> Status {
              if (!o.contains(key)) return Status::Ok();
              SHOUHU_ASSIGN_OR_RETURN(*out, OptTextList(o, key, ""));
              return Status::Ok();
            };
            SHOUHU_RETURN_IF_ERROR(list("harm_types", &p.harm_types));
            SHOUHU_RETURN_IF_ERROR(list("aggravating_flags", &p.aggravating_flags));
            SHOUHU_RETURN_IF_ERROR(text("risk_level", &p.risk_level));
            SHOUHU_RETURN_IF_ERROR(text("intake_channel", &p.intake_channel));
            SHOUHU_RETURN_IF_ERROR(text("reporter_category", &p.reporter_category));
            SHOUHU_RETURN_IF_ERROR(text("situation_code", &p.situation_code));
            SHOUHU_RETURN_IF_ERROR(text("lead_unit_code", &p.lead_unit_code));
            SHOUHU_RETURN_IF_ERROR(text("legal_basis", &p.legal_basis));
            SHOUHU_RETURN_IF_ERROR(text("reason", &p.reason));
            SHOUHU_ASSIGN_OR_RETURN(auto detail, s.cases->Update(actor, id, if_match, p));
            return WithEtag(JsonResponse(200, CaseJson(detail)), detail.record.version);
          }),
      true, "Edit a case; If-Match with its version is required (412 stale, 428 missing)");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}/events",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto events, s.cases->Events(actor, id));
                 json::array items;
                 for (const auto& e : events) {
                   boost::system::error_code ec;
                   json::value detail = json::parse(e.detail, ec);
                   json::object item{{"id", e.id}, {"at", FormatUtc(e.at)}, {"kind", e.kind}};
                   item["detail"] = ec ? json::value(json::object()) : std::move(detail);
                   item["user_id"] = e.user_id ? json::value(*e.user_id) : json::value(nullptr);
                   item["unit_id"] = e.unit_id ? json::value(*e.unit_id) : json::value(nullptr);
                   items.push_back(std::move(item));
                 }
                 return JsonResponse(200, json::object{{"items", std::move(items)}});
               }),
      true, "The case's timeline");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/unmask",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"reason"}));
                 SHOUHU_ASSIGN_OR_RETURN(auto reason, body.RequiredString("reason"));
                 SHOUHU_ASSIGN_OR_RETURN(auto detail, s.cases->Unmask(actor, id, reason));
                 return JsonResponse(200, CaseJson(detail));
               }),
      true, "Clear identity fields for this answer only; the reason is audited");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/grants",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
                 SHOUHU_ASSIGN_OR_RETURN(
                     auto body,
                     JsonBody::Parse(req.body, {"unit_code", "reason", "legal_basis", "days"}));
                 service::GrantInput in;
                 SHOUHU_ASSIGN_OR_RETURN(in.unit_code, body.RequiredString("unit_code"));
                 SHOUHU_ASSIGN_OR_RETURN(auto reason, body.OptionalString("reason"));
                 SHOUHU_ASSIGN_OR_RETURN(auto basis, body.OptionalString("legal_basis"));
                 SHOUHU_ASSIGN_OR_RETURN(in.days, OptInteger(body.object(), "days", "", 30));
                 in.reason = reason.value_or("");
                 in.legal_basis = basis.value_or("");
                 SHOUHU_RETURN_IF_ERROR(s.cases->GrantAccess(actor, id, in));
                 http::Response resp;
                 resp.status = 204;
                 return resp;
               }),
      true, "Give a member unit access to the case for some days, with its legal basis");

  router.Add(
      Method::kGet, "/api/v1/cases/{id}/duplicates",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
                 SHOUHU_ASSIGN_OR_RETURN(auto candidates, s.cases->Duplicates(actor, id));
                 json::array items;
                 for (const auto& c : candidates) {
                   json::object item{{"match_id", c.match_id},
                                     {"case_number", c.case_number},
                                     {"district_code", c.district_code},
                                     {"same_district", c.same_district},
                                     {"reason", c.reason},
                                     {"state", c.state}};
                   item["case_id"] = c.case_id ? json::value(*c.case_id) : json::value(nullptr);
                   items.push_back(std::move(item));
                 }
                 return JsonResponse(200, json::object{{"items", std::move(items)}});
               }),
      true,
      "Possible matches of the same girl found at intake, for the district's coordinating unit");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/links",
      SignedIn(
          s,
          [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
            SHOUHU_ASSIGN_OR_RETURN(const int64_t id, CaseId(req));
            SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"match_id", "decision"}));
            SHOUHU_ASSIGN_OR_RETURN(const int64_t other,
                                    OptInteger(body.object(), "match_id", "", 0));
            if (other <= 0) return Status::InvalidField("match_id", "required");
            SHOUHU_ASSIGN_OR_RETURN(auto decision, body.RequiredString("decision"));
            if (decision != "confirm" && decision != "reject")
              return Status::InvalidField("decision", "unknown_value");
            SHOUHU_RETURN_IF_ERROR(
                s.cases->ResolveDuplicate(actor, id, other, decision == "confirm"));
            http::Response resp;
            resp.status = 204;
            return resp;
          }),
      true, "Confirm or reject a possible match (the district's coordinating unit)");
}

}  // namespace shouhu::api
