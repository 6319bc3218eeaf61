// docs/ACCESS.md prints the policy table a district's lawyer reviews: it must be the table the
// server enforces, every row of it (core and modules), so that the document cannot drift.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "api/module.h"
#include "api/route_actions.h"
#include "security/policy.h"

#ifndef SHOUHU_SOURCE_DIR
#error "SHOUHU_SOURCE_DIR must name the source tree (CMakeLists.txt sets it)"
#endif

namespace shouhu::api {
namespace {

TEST(PolicyDocTest, AccessMdHoldsExactlyTheEnforcedTable) {
  InstallModules();
  std::ifstream in(std::string(SHOUHU_SOURCE_DIR) + "/docs/ACCESS.md");
  ASSERT_TRUE(in) << "docs/ACCESS.md missing";
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  const std::string begin = "<!-- policy:begin (shouhu policy) -->\n";
  const std::string end = "<!-- policy:end -->";
  const size_t a = doc.find(begin);
  const size_t b = doc.find(end);
  ASSERT_NE(a, std::string::npos);
  ASSERT_NE(b, std::string::npos);
  EXPECT_EQ(doc.substr(a + begin.size(), b - a - begin.size()), security::PolicyMarkdown())
      << "regenerate the table with `build/shouhu policy`";
}

// Every route action has a row, and every row's action is a route's or a refinement a use case
// asks for (listed here, so that a typo in the table cannot hide).
TEST(PolicyDocTest, EveryRouteHasRowsAndEveryRowARoute) {
  InstallModules();
  for (const RouteAction& r : AllRouteActions()) {
    bool has = false;
    for (const auto& row : security::PolicyTable()) has |= row.action == r.action;
    EXPECT_TRUE(has) << r.method << " " << r.pattern << " asks for " << r.action
                     << ", which has no row";
  }
  const std::set<std::string_view> refinements = {"case.read", "case.reassign", "case.notes",
                                                  "assistance.record_any", "assistance.notes"};
  for (std::string_view action : security::PolicyActions()) {
    bool routed = refinements.count(action) > 0;
    for (const RouteAction& r : AllRouteActions()) routed |= r.action == action;
    EXPECT_TRUE(routed) << action << " is neither a route's action nor a known refinement";
  }
}

}  // namespace
}  // namespace shouhu::api
