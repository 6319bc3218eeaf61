#include "reports/csv_read.h"

#include <gtest/gtest.h>

namespace shouhu::reports {
namespace {

TEST(CsvReadTest, QuotedCellsBomAndCrlf) {
  auto rows =
      ReadCsv("\xEF\xBB\xBF姓名,备注\r\n测试甲,\"含,逗号\"\r\n测试乙,\"两行\n文字\"\r\n,\r\n", 10);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0][0], "姓名");
  EXPECT_EQ((*rows)[1][1], "含,逗号");
  EXPECT_EQ((*rows)[2][1], "两行\n文字");
  EXPECT_EQ((*rows)[3].size(), 2u);
  EXPECT_EQ((*rows)[3][0], "");
}

TEST(CsvReadTest, Gb18030IsConverted) {
  // "测试" in GB 18030.
  auto rows = ReadCsv("\xB2\xE2\xCA\xD4,1\n", 10);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[0][0], "测试");
}

TEST(CsvReadTest, LimitsAndMalformedInputAreErrors) {
  EXPECT_EQ(ReadCsv("a\nb\nc\n", 2).status().fields().at("file"), "too_many_rows");
  EXPECT_EQ(ReadCsv("\"unterminated\n", 10).status().fields().at("file"), "bad_format");
  EXPECT_EQ(ReadCsv("a\"b,c\n", 10).status().fields().at("file"), "bad_format");
  std::string wide;
  for (int i = 0; i < 100; ++i) wide += "x,";
  EXPECT_EQ(ReadCsv(wide + "\n", 10).status().fields().at("file"), "too_many_columns");
}

}  // namespace
}  // namespace shouhu::reports
