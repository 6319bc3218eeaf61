// The error keys and field reasons of proceedings, services and interviews read in both
// languages, and an out-of-order stage keeps its fields.
#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "api/errors.h"

namespace shouhu::api {
namespace {

TEST(AssistanceErrorsTest, EveryKeyIsInBothLanguages) {
  for (const char* key : {"out_of_order", "stage_recorded", "order_decided", "in_future",
                          "bad_date", "reference_missing", "before_reference", "after_later_stage",
                          "before_application", "before_decision", "not_applicable", "negative",
                          "kind_mismatch", "required_for_repeat", "duplicate"}) {
    const std::string_view zh = Localise(key, Language::kZh);
    const std::string_view en = Localise(key, Language::kEn);
    EXPECT_NE(zh, key) << key << " has no Chinese text";
    EXPECT_NE(en, key) << key << " has no English text";
    EXPECT_NE(zh, en) << key;
  }
}

TEST(AssistanceErrorsTest, FieldsOfAnOutOfOrderStageAreNamed) {
  http::Request en;
  en.headers.emplace_back("accept-language", "en");
  const Status s = Status::InvalidArgument("out_of_order", {{"at", "before_reference"}});
  const boost::json::value body = boost::json::parse(ErrorResponse(en, s).body);
  EXPECT_EQ(body.at("error").at("code").as_string(), "out_of_order");
  EXPECT_EQ(body.at("error").at("fields").at("at").as_string(),
            "Dated before the stage it follows");
}

}  // namespace
}  // namespace shouhu::api
