// /api/v1/account-approvals and /api/v1/export-approvals: the two-person rule (docs/ACCESS.md).
// A coordinator or leader lists her district's pending requests and approves or rejects one she
// did not make herself.
#include <boost/json.hpp>

#include <charconv>

#include "api/endpoint.h"
#include "api/json_body.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {

Result<int64_t> ApprovalIdOf(const http::Request& req) {
  const std::string_view text = req.PathParam("id");
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0)
    return Status::NotFound("approval_not_found");
  return id;
}

json::value OptId(const std::optional<int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

json::object ApprovalJson(const storage::ApprovalRecord& a) {
  json::object o{{"id", a.id},
                 {"kind", a.kind},
                 {"district_code", a.district_code},
                 {"state", a.state},
                 {"requested_at", FormatUtc(a.requested_at)},
                 {"case_count", a.case_count}};
  o["requested_by"] = OptId(a.requested_by);
  o["user_id"] = OptId(a.subject_user_id);
  o["decided_by"] = OptId(a.decided_by);
  o["decided_at"] = a.decided_at ? json::value(FormatUtc(a.decided_at)) : json::value(nullptr);
  o["expires_at"] = a.expires_at != service::kNeverExpires ? json::value(FormatUtc(a.expires_at))
                                                           : json::value(nullptr);
  return o;
}

json::object ItemJson(const service::ApprovalItem& item) {
  json::object o = ApprovalJson(item.record);
  o["requested_by_username"] = item.requested_by_username;
  o["mine"] = item.mine;
  if (item.record.kind.starts_with("user.")) {
    o["user"] = json::object{{"username", item.subject_username},
                             {"display_name", item.subject_display_name},
                             {"role", item.subject_role},
                             {"unit_code", item.subject_unit_code}};
  } else {
    o["reason"] = item.record.reason;
    o["scope"] = item.record.scope;
  }
  return o;
}

using Lister = std::function<Result<std::vector<service::ApprovalItem>>(const service::Actor&)>;
using Decider =
    std::function<Result<storage::ApprovalRecord>(const service::Actor&, int64_t, bool)>;

void AddFamily(http::Router& router, ApiServices& s, const std::string& base, const Lister& list,
               const Decider& decide, const std::string& what) {
  router.Add(
      Method::kGet, base,
      SignedIn(s,
               [list](http::Request&, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto items, list(actor));
                 json::array out;
                 for (const auto& item : items) out.push_back(ItemJson(item));
                 return JsonResponse(200, json::object{{"items", std::move(out)}});
               }),
      true, "Pending " + what + " approvals of the caller's district (coordinator, leader)");
  for (const bool approve : {true, false}) {
    router.Add(Method::kPost, base + (approve ? "/{id}/approve" : "/{id}/reject"),
               SignedIn(s,
                        [decide, approve](http::Request& req,
                                          const service::Actor& actor) -> Result<http::Response> {
                          SHOUHU_ASSIGN_OR_RETURN(const int64_t id, ApprovalIdOf(req));
                          SHOUHU_RETURN_IF_ERROR(
                              JsonBody::Parse(req.body.empty() ? "{}" : req.body, {}).status());
                          SHOUHU_ASSIGN_OR_RETURN(auto decided, decide(actor, id, approve));
                          return JsonResponse(200, ApprovalJson(decided));
                        }),
               true,
               std::string(approve ? "Approve" : "Reject") + " a pending " + what +
                   " request of the caller's district that she did not make (coordinator, leader)");
  }
}

}  // namespace

void RegisterApprovalRoutes(http::Router& router, ApiServices& s) {
  AddFamily(
      router, s, "/api/v1/account-approvals",
      [&s](const service::Actor& a) { return s.accounts.ListAccountApprovals(a); },
      [&s](const service::Actor& a, int64_t id, bool approve) {
        return s.accounts.DecideAccountApproval(a, id, approve);
      },
      "account");
  if (s.stats == nullptr) return;
  AddFamily(
      router, s, "/api/v1/export-approvals",
      [&s](const service::Actor& a) { return s.stats->ListExportApprovals(a); },
      [&s](const service::Actor& a, int64_t id, bool approve) {
        return s.stats->DecideExportApproval(a, id, approve);
      },
      "clear export");
}

}  // namespace shouhu::api
