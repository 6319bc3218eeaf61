#include "reports/csv.h"

#include <gtest/gtest.h>

namespace shouhu::reports {
namespace {

TEST(CsvTest, StartsWithABomAndEndsLinesWithCrlf) {
  const std::string out = WriteCsv({{{.text = "年龄段"}, {.text = "合计"}},
                                    {{.text = "13–15 岁"}, {.numeric = true, .number = 12}}});
  EXPECT_EQ(out, "\xEF\xBB\xBF年龄段,合计\r\n13–15 岁,12\r\n");
}

TEST(CsvTest, QuotesCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("plain 文本"), "plain 文本");
  EXPECT_EQ(CsvField(""), "");
}

TEST(CsvTest, FormulaInjectionIsNeutralised) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(CsvField("+1+1"), "'+1+1");
  EXPECT_EQ(CsvField("-2+3"), "'-2+3");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\tcmd"), "'\tcmd");
  EXPECT_EQ(CsvField("\r=1"), "\"'\r=1\"");
  EXPECT_EQ(CsvField("=1,2"), "\"'=1,2\"") << "neutralised, then quoted";
  EXPECT_EQ(CsvField("a=b"), "a=b") << "only the first character matters";
  EXPECT_EQ(CsvField("<5"), "<5");
  // Numbers are written by value, never through the text path.
  EXPECT_EQ(WriteCsv({{{.numeric = true, .number = 7}}}),
            "\xEF\xBB\xBF"
            "7\r\n");
}

TEST(CsvTest, ATableLaysOutWithTitleTotalsAndNotes) {
  TableDocument doc{.title = "按年龄段",
                    .row_labels = {"0–6 岁", "7–12 岁"},
                    .column_labels = {"2025", "2026"},
                    .row_heading = "年龄段",
                    .total_label = "合计",
                    .data = Suppress({{{2, 9}, {8, 7}}}, {}),
                    .notes = {"计数单位: 案件"}};
  const std::string csv = WriteCsv(LayOut(doc));
  EXPECT_NE(csv.find("按年龄段\r\n年龄段,2025,2026,合计\r\n0–6 岁,<5,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n合计,"), std::string::npos);
  EXPECT_NE(csv.find("\r\n\r\n计数单位: 案件\r\n"), std::string::npos);
}

TEST(CsvTest, MoneyIsWrittenAsYuanWithTwoDecimals) {
  EXPECT_EQ(WriteCsv({{{.numeric = true, .number = 123450, .cents = true},
                       {.numeric = true, .number = 5, .cents = true},
                       {.numeric = true, .number = 0, .cents = true}}}),
            "\xEF\xBB\xBF"
            "1234.50,0.05,0.00\r\n");
  TableDocument doc{.title = "金额",
                    .row_labels = {"司法救助"},
                    .column_labels = {"2026"},
                    .row_heading = "服务",
                    .total_label = "合计",
                    .data = PublishUnsuppressed({{{1000050}}}),
                    .cents = true};
  EXPECT_NE(WriteCsv(LayOut(doc)).find("司法救助,10000.50\r\n"), std::string::npos);
}

}  // namespace
}  // namespace shouhu::reports
