// /api/v1/audit: the auditor's view of the hash-chained audit log.
#include <boost/json.hpp>

#include "api/endpoint.h"

namespace shouhu::api {
namespace json = boost::json;
using http::Method;

namespace {
constexpr int64_t kDefaultPage = 100;
constexpr int64_t kMaxPage = 500;
}  // namespace

void RegisterAuditRoutes(http::Router& router, ApiServices& s) {
  router.Add(
      Method::kGet, "/api/v1/audit",
      SignedIn(s,
               [&s](http::Request& req, const service::Actor& actor) -> Result<http::Response> {
                 SHOUHU_ASSIGN_OR_RETURN(auto before, QueryInt(req, "before", 0, 0, INT64_MAX));
                 SHOUHU_ASSIGN_OR_RETURN(auto limit,
                                         QueryInt(req, "limit", kDefaultPage, 1, kMaxPage));
                 SHOUHU_ASSIGN_OR_RETURN(auto entries,
                                         s.audit.List(actor, before, static_cast<int>(limit)));
                 json::array items;
                 for (const auto& e : entries) items.push_back(AuditJson(e));
                 json::object page{{"items", std::move(items)}};
                 page["next_before"] = static_cast<int64_t>(entries.size()) == limit
                                           ? json::value(entries.back().seq)
                                           : json::value(nullptr);
                 return JsonResponse(200, page);
               }),
      true, "Audit log, newest first (auditor)");

  router.Add(Method::kGet, "/api/v1/audit/verify",
             SignedIn(s,
                      [&s](http::Request&, const service::Actor& actor) -> Result<http::Response> {
                        SHOUHU_ASSIGN_OR_RETURN(auto report, s.audit.Verify(actor));
                        json::object out{{"entries", report.entries},
                                         {"intact", !report.first_broken_seq.has_value()}};
                        out["first_broken_seq"] = report.first_broken_seq
                                                      ? json::value(*report.first_broken_seq)
                                                      : json::value(nullptr);
                        out["reason"] = report.reason;
                        return JsonResponse(200, out);
                      }),
             true, "Verify the audit hash chain (auditor)");
}

}  // namespace shouhu::api
