// The case workflow: /api/v1/cases/{id}/transitions, /assessments, /referrals, /followups;
// /api/v1/referrals (a unit's inbox and its actions), /api/v1/escalations, /api/v1/notifications
// and /api/v1/units/{id}/webhook. Parse → one WorkflowService call → serialise.
#include <boost/json.hpp>

#include <charconv>

#include "api/endpoint.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "service/workflow_service.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {

Result<int64_t> PathId(const http::Request& req, const char* not_found) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound(not_found);
  return id;
}

json::value Time(int64_t millis) {
  return millis > 0 ? json::value(FormatUtc(millis)) : json::value(nullptr);
}

json::array Codes(const std::string& comma_separated) {
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

json::object TaskJson(const service::TaskView& v) {
  const storage::TaskRecord& t = v.record;
  return {
      {"id", t.id},
      {"case_id", t.case_id},
      {"case_number", v.case_number},
      {"unit_id", t.unit_id},
      {"unit_name", v.unit_name},
      {"task_type", t.task_type},
      {"state", t.state},
      {"priority", t.priority},
      {"risk_level", t.risk_level},
      {"legal_basis", t.legal_basis},
      {"note", v.note},
      {"created_at", Time(t.created_at)},
      {"accept_due", Time(t.accept_due)},
      {"done_due", Time(t.done_due)},
      {"accepted_at", Time(t.accepted_at)},
      {"completed_at", t.state == "completed" ? Time(t.finished_at) : json::value(nullptr)},
      {"returned_at", t.state == "returned" ? Time(t.finished_at) : json::value(nullptr)},
      {"outcome", t.state == "completed" ? v.outcome : ""},
      {"reason", t.state == "returned" ? v.outcome : ""},
      {"overdue", v.overdue},
      {"overdue_kind", v.overdue_kind.empty() ? json::value(nullptr) : json::value(v.overdue_kind)},
      {"version", t.version}};
}

json::object Items(json::array items) {
  return json::object{{"items", std::move(items)}};
}

json::object EscalationJson(const service::EscalationView& v) {
  const storage::EscalationRecord& e = v.record;
  json::array comments;
  for (const auto& c : v.comments) {
    comments.push_back(json::object{{"id", c.id},
                                    {"at", Time(c.at)},
                                    {"user_id", c.user_id},
                                    {"username", c.username},
                                    {"text", c.text}});
  }
  return {{"id", e.id},
          {"task_id", e.task_id},
          {"case_id", e.case_id},
          {"case_number", v.case_number},
          {"unit_id", e.unit_id},
          {"unit_name", v.unit_name},
          {"task_type", v.task_type},
          {"kind", e.kind},
          {"state", e.state},
          {"raised_at", Time(e.raised_at)},
          {"closed_at", Time(e.closed_at)},
          {"closed_by_task", e.state == "closed" && !e.closed_by.has_value()},
          {"close_reason", v.close_reason},
          {"comments", std::move(comments)}};
}

json::object FollowupJson(const service::FollowupView& v) {
  const storage::FollowupRecord& f = v.record;
  return {{"id", f.id},       {"case_id", f.case_id},       {"due_on", f.due_on},
          {"state", f.state}, {"done_at", Time(f.done_at)}, {"note", v.note}};
}

http::Response NoContent() {
  http::Response resp;
  resp.status = 204;
  return resp;
}

// The one text member of a body that may hold nothing else, e.g. {"reason": "..."}.
Result<std::string> OneText(const http::Request& req, std::string_view key) {
  SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {key}));
  return OptText(body.object(), key, "");
}

json::object AssessmentJson(const storage::AssessmentRecord& a, const std::string& reason) {
  return {{"id", a.id},
          {"case_id", a.case_id},
          {"at", Time(a.at)},
          {"user_id", a.user_id},
          {"risk_level", a.risk_level},
          {"previous_risk_level", a.previous_risk_level},
          {"harm_types", Codes(a.harm_types)},
          {"aggravating_flags", Codes(a.aggravating_flags)},
          {"vulnerability_classes", Codes(a.vulnerability_classes)},
          {"reason", reason}};
}

// Parses an optional body: an empty body reads as {}.
Result<JsonBody> Body(const http::Request& req, std::initializer_list<std::string_view> allowed) {
  return JsonBody::Parse(req.body.empty() ? std::string_view("{}") : std::string_view(req.body),
                         allowed);
}

http::Handler Route(ApiServices& s, ActorHandler handler) {
  return SignedIn(s, std::move(handler));
}

}  // namespace

void RegisterWorkflowRoutes(http::Router& router, ApiServices& s) {
  service::WorkflowService& w = *s.workflow;

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/transitions",
      Route(
          s,
          [&s, &w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
            SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
            SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"action", "reason"}));
            SHOUHU_ASSIGN_OR_RETURN(const std::string action, OptText(body.object(), "action", ""));
            SHOUHU_ASSIGN_OR_RETURN(const std::string reason, OptText(body.object(), "reason", ""));
            const Status st = w.Transition(actor, id, action, reason);
            if (st.code() == StatusCode::kConflict) {
              // Name the current state and what is allowed from it.
              http::Response resp = ErrorResponse(req, st);
              json::object out = json::parse(resp.body).as_object();
              SHOUHU_ASSIGN_OR_RETURN(auto detail, s.cases->Get(actor, id));
              SHOUHU_ASSIGN_OR_RETURN(auto allowed, w.AllowedActions(actor, id));
              json::array list;
              for (auto& a : allowed) list.emplace_back(a);
              out["error"].as_object()["current"] = detail.record.status;
              out["error"].as_object()["allowed"] = std::move(list);
              return JsonResponse(409, out);
            }
            SHOUHU_RETURN_IF_ERROR(st);
            SHOUHU_ASSIGN_OR_RETURN(auto detail, s.cases->Get(actor, id));
            SHOUHU_ASSIGN_OR_RETURN(auto allowed, w.AllowedActions(actor, id));
            json::array list;
            for (auto& a : allowed) list.emplace_back(a);
            return JsonResponse(200, json::object{{"id", id},
                                                  {"status", detail.record.status},
                                                  {"allowed_actions", std::move(list)},
                                                  {"version", detail.record.version}});
          }),
      true, "Move the case through its lifecycle (coordinator); 409 names the allowed actions");

  router.Add(Method::kPost, "/api/v1/cases/{id}/assessments",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(
                         auto body, JsonBody::Parse(req.body, {"harm_types", "aggravating_flags",
                                                               "vulnerability_classes",
                                                               "risk_level", "reason"}));
                     const json::object& o = body.object();
                     service::AssessmentInput in;
                     SHOUHU_ASSIGN_OR_RETURN(in.harm_types, OptTextList(o, "harm_types", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.aggravating_flags,
                                             OptTextList(o, "aggravating_flags", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.vulnerability_classes,
                                             OptTextList(o, "vulnerability_classes", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.risk_level, OptText(o, "risk_level", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.reason, OptText(o, "reason", ""));
                     SHOUHU_ASSIGN_OR_RETURN(auto outcome, w.Assess(actor, id, std::move(in)));
                     const auto& a = outcome.assessment.record;
                     json::array plan;
                     for (const auto& p : outcome.plan) {
                       plan.push_back(json::object{
                           {"task_type", p.task_type},
                           {"unit_kind", p.unit_kind},
                           {"unit_id", p.unit_id ? json::value(*p.unit_id) : json::value(nullptr)},
                           {"unit_name", p.unit_name},
                           {"priority", p.priority},
                           {"rule", p.rule}});
                     }
                     json::object assessment = AssessmentJson(a, outcome.assessment.reason);
                     return JsonResponse(201, json::object{{"assessment", std::move(assessment)},
                                                           {"proposed_plan", std::move(plan)}});
                   }),
             true, "Record a triage (研判) and get the proposed protection plan (coordinator)");

  router.Add(Method::kGet, "/api/v1/cases/{id}/assessments",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(auto list, w.Assessments(actor, id));
                     json::array items;
                     for (const auto& v : list) {
                       const auto& a = v.record;
                       items.push_back(AssessmentJson(a, v.reason));
                     }
                     return JsonResponse(200, Items(std::move(items)));
                   }),
             true, "The case's assessments, oldest first");

  router.Add(
      Method::kPost, "/api/v1/cases/{id}/referrals",
      Route(
          s,
          [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
            SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
            SHOUHU_ASSIGN_OR_RETURN(auto body, JsonBody::Parse(req.body, {"tasks", "legal_basis"}));
            const json::object& o = body.object();
            service::ReferralInput in;
            SHOUHU_ASSIGN_OR_RETURN(in.legal_basis, OptText(o, "legal_basis", ""));
            const json::value* tasks = o.if_contains("tasks");
            if (tasks == nullptr || tasks->is_null())
              return Status::InvalidField("tasks", "required");
            if (!tasks->is_array()) return Status::InvalidField("tasks", "wrong_type");
            int index = 0;
            for (const auto& item : tasks->as_array()) {
              const std::string path = "tasks[" + std::to_string(index++) + "]";
              if (!item.is_object()) return Status::InvalidField(path, "wrong_type");
              const json::object& t = item.as_object();
              SHOUHU_RETURN_IF_ERROR(
                  CheckMembers(t, path, {"unit_id", "task_type", "priority", "note"}));
              service::ReferralItem r;
              SHOUHU_ASSIGN_OR_RETURN(r.unit_id, OptInteger(t, "unit_id", path, 0));
              SHOUHU_ASSIGN_OR_RETURN(r.task_type, OptText(t, "task_type", path));
              SHOUHU_ASSIGN_OR_RETURN(r.priority, OptFlag(t, "priority", path));
              SHOUHU_ASSIGN_OR_RETURN(r.note, OptText(t, "note", path));
              in.tasks.push_back(std::move(r));
            }
            SHOUHU_ASSIGN_OR_RETURN(auto created, w.Refer(actor, id, std::move(in)));
            json::array items;
            for (const auto& v : created) items.push_back(TaskJson(v));
            return JsonResponse(201, Items(std::move(items)));
          }),
      true, "Send tasks to member units (coordinator); each task grants its unit access");

  router.Add(Method::kGet, "/api/v1/cases/{id}/referrals",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(auto tasks, w.CaseTasks(actor, id));
                     json::array items;
                     for (const auto& v : tasks) items.push_back(TaskJson(v));
                     return JsonResponse(200, Items(std::move(items)));
                   }),
             true, "The case's tasks with their clocks");

  router.Add(Method::kGet, "/api/v1/cases/{id}/sharings",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(auto list, w.Sharings(actor, id));
                     json::array items;
                     for (const auto& v : list) {
                       const auto& r = v.record;
                       items.push_back(json::object{
                           {"id", r.id},
                           {"unit_id", r.unit_id},
                           {"unit_name", v.unit_name},
                           {"task_id", r.task_id ? json::value(*r.task_id) : json::value(nullptr)},
                           {"legal_basis", r.legal_basis},
                           {"recorded_at", Time(r.recorded_at)},
                           {"recorded_by", r.recorded_by}});
                     }
                     return JsonResponse(200, Items(std::move(items)));
                   }),
             true, "Each sharing of the case with a unit and its legal basis");

  router.Add(
      Method::kGet, "/api/v1/referrals",
      Route(s,
            [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
              SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 50, 1, 200));
              SHOUHU_ASSIGN_OR_RETURN(
                  auto page, w.Inbox(actor, {.state = req.QueryParam("state").value_or(""),
                                             .limit = static_cast<int>(limit),
                                             .after = req.QueryParam("after").value_or("")}));
              json::array items;
              for (const auto& v : page.items) items.push_back(TaskJson(v));
              return JsonResponse(
                  200, json::object{{"items", std::move(items)},
                                    {"next", page.next.empty() ? json::value(nullptr)
                                                               : json::value(page.next)}});
            }),
      true, "The caller's unit inbox: open tasks, earliest deadline (overdue) first");

  auto task_action = [&s, &w](const char* what) {
    return Route(
        s, [&w, what](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
          SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "task_not_found"));
          const std::string_view action(what);
          service::TaskView view;
          if (action == "accept") {
            SHOUHU_ASSIGN_OR_RETURN(auto body, Body(req, {}));
            (void)body;
            SHOUHU_ASSIGN_OR_RETURN(view, w.Accept(actor, id));
          } else if (action == "reject") {
            SHOUHU_ASSIGN_OR_RETURN(const std::string reason, OneText(req, "reason"));
            SHOUHU_ASSIGN_OR_RETURN(view, w.Reject(actor, id, reason));
          } else {
            SHOUHU_ASSIGN_OR_RETURN(const std::string outcome, OneText(req, "outcome"));
            SHOUHU_ASSIGN_OR_RETURN(view, w.Complete(actor, id, outcome));
          }
          return JsonResponse(200, TaskJson(view));
        });
  };
  router.Add(Method::kPost, "/api/v1/referrals/{id}/accept", task_action("accept"), true,
             "Sign for a task (签收), the task's unit only");
  router.Add(Method::kPost, "/api/v1/referrals/{id}/reject", task_action("reject"), true,
             "Return a task with a reason, the task's unit only");
  router.Add(Method::kPost, "/api/v1/referrals/{id}/complete", task_action("complete"), true,
             "Complete a task with its outcome, the task's unit only");

  router.Add(Method::kGet, "/api/v1/escalations",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(
                         auto list, w.Escalations(actor, req.QueryParam("state").value_or("")));
                     json::array items;
                     for (const auto& v : list) items.push_back(EscalationJson(v));
                     return JsonResponse(200, Items(std::move(items)));
                   }),
             true, "督办 escalations of the caller's district (leaders, coordinators)");

  router.Add(Method::kPost, "/api/v1/escalations/{id}/comments",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "escalation_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(const std::string text, OneText(req, "text"));
                     SHOUHU_ASSIGN_OR_RETURN(auto v, w.Comment(actor, id, text));
                     return JsonResponse(201, EscalationJson(v));
                   }),
             true, "Comment on an escalation");

  router.Add(Method::kPost, "/api/v1/escalations/{id}/close",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "escalation_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(const std::string reason, OneText(req, "reason"));
                     SHOUHU_ASSIGN_OR_RETURN(auto v, w.CloseEscalation(actor, id, reason));
                     return JsonResponse(200, EscalationJson(v));
                   }),
             true, "Close an escalation with a reason");

  router.Add(Method::kGet, "/api/v1/cases/{id}/followups",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(auto list, w.Followups(actor, id));
                     json::array items;
                     for (const auto& v : list) items.push_back(FollowupJson(v));
                     return JsonResponse(200, Items(std::move(items)));
                   }),
             true, "Follow-up visits scheduled at closure");

  router.Add(Method::kPost, "/api/v1/cases/{id}/followups",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "case_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(
                         auto body, JsonBody::Parse(req.body, {"followup_id", "result", "note"}));
                     const json::object& o = body.object();
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t followup_id,
                                             OptInteger(o, "followup_id", "", 0));
                     SHOUHU_ASSIGN_OR_RETURN(const std::string result, OptText(o, "result", ""));
                     SHOUHU_ASSIGN_OR_RETURN(const std::string note, OptText(o, "note", ""));
                     SHOUHU_ASSIGN_OR_RETURN(
                         auto v, w.RecordFollowup(actor, id, followup_id, result, note));
                     return JsonResponse(200, FollowupJson(v));
                   }),
             true, "Record a follow-up visit as done or missed");

  router.Add(
      Method::kGet, "/api/v1/notifications",
      Route(s,
            [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
              SHOUHU_ASSIGN_OR_RETURN(const int64_t limit, QueryInt(req, "limit", 50, 1, 200));
              SHOUHU_ASSIGN_OR_RETURN(const int64_t before,
                                      QueryInt(req, "before", 0, 0, INT64_MAX));
              SHOUHU_ASSIGN_OR_RETURN(const int64_t unread, QueryInt(req, "unread", 0, 0, 1));
              SHOUHU_ASSIGN_OR_RETURN(
                  auto page, w.Notifications(actor, unread == 1, before, static_cast<int>(limit)));
              json::array items;
              for (const auto& v : page.items) {
                const auto& n = v.record;
                items.push_back(json::object{
                    {"id", n.id},
                    {"kind", n.kind},
                    {"case_id", n.case_id},
                    {"case_number", v.case_number},
                    {"task_id", n.task_id ? json::value(*n.task_id) : json::value(nullptr)},
                    {"task_type", v.task_type},
                    {"escalation_id",
                     n.escalation_id ? json::value(*n.escalation_id) : json::value(nullptr)},
                    {"text_key", "notification." + n.kind},
                    {"created_at", Time(n.created_at)},
                    {"read_at", Time(n.read_at)}});
              }
              return JsonResponse(
                  200, json::object{{"items", std::move(items)}, {"unread", page.unread}});
            }),
      true, "The caller's notifications, newest first, with the unread count");

  router.Add(Method::kPost, "/api/v1/notifications/{id}/read",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id,
                                             PathId(req, "notification_not_found"));
                     SHOUHU_RETURN_IF_ERROR(w.MarkRead(actor, id));
                     return NoContent();
                   }),
             true, "Mark one notification read");

  router.Add(Method::kPost, "/api/v1/notifications/read-all",
             Route(s,
                   [&w](http::Request&, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_RETURN_IF_ERROR(w.MarkAllRead(actor));
                     return NoContent();
                   }),
             true, "Mark every notification read");

  router.Add(Method::kPut, "/api/v1/units/{id}/webhook",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "unit_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(
                         auto body, JsonBody::Parse(req.body, {"url", "format", "secret"}));
                     const json::object& o = body.object();
                     service::WebhookInput in;
                     SHOUHU_ASSIGN_OR_RETURN(in.url, OptText(o, "url", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.format, OptText(o, "format", ""));
                     SHOUHU_ASSIGN_OR_RETURN(in.secret, OptText(o, "secret", ""));
                     SHOUHU_RETURN_IF_ERROR(w.PutWebhook(actor, id, in));
                     return NoContent();
                   }),
             true,
             "Set the unit's outbound webhook (admin): generic JSON, DingTalk or WeCom robot");

  router.Add(Method::kGet, "/api/v1/units/{id}/webhook",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "unit_not_found"));
                     SHOUHU_ASSIGN_OR_RETURN(auto st, w.GetWebhook(actor, id));
                     json::object deliveries;
                     for (const auto& [state, n] : st.deliveries) deliveries[state] = n;
                     return JsonResponse(200, json::object{{"configured", st.configured},
                                                           {"format", st.format},
                                                           {"url_host", st.url_host},
                                                           {"deliveries", std::move(deliveries)}});
                   }),
             true, "The unit's webhook (host only) and its delivery counts (admin)");

  router.Add(Method::kDelete, "/api/v1/units/{id}/webhook",
             Route(s,
                   [&w](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                     SHOUHU_ASSIGN_OR_RETURN(const int64_t id, PathId(req, "unit_not_found"));
                     SHOUHU_RETURN_IF_ERROR(w.RemoveWebhook(actor, id));
                     return NoContent();
                   }),
             true, "Remove the unit's webhook (admin)");
}

}  // namespace shouhu::api
