#include "reports/xlsx_read.h"

#include <gtest/gtest.h>

#include "reports/xlsx.h"

namespace shouhu::reports {
namespace {

TEST(XlsxReadTest, ReadsBackWhatTheWriterWrote) {
  std::vector<SheetRow> rows = {
      {{.text = "年份"}, {.text = "数字"}, {.text = "来源"}},
      {{.text = "2013"}, {.numeric = true, .number = 12}, {.text = "区妇联 <工作总结> & 讲话"}},
      {},
      {{.text = ""}, {.text = "=1+1"}, {.text = "<5"}}};
  auto bytes = WriteXlsx({{.name = "历史", .rows = rows}, {.name = "second", .rows = {}}});
  ASSERT_TRUE(bytes.ok());
  auto read = ReadFirstSheet(*bytes);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->size(), 4u);
  EXPECT_EQ((*read)[0], (std::vector<std::string>{"年份", "数字", "来源"}));
  EXPECT_EQ((*read)[1], (std::vector<std::string>{"2013", "12", "区妇联 <工作总结> & 讲话"}));
  EXPECT_TRUE((*read)[2].empty());
  EXPECT_EQ((*read)[3], (std::vector<std::string>{"", "=1+1", "<5"}));
}

TEST(XlsxReadTest, RefusesWhatIsNotAWorkbook) {
  for (const std::string& junk :
       {std::string(), std::string("not a zip at all"), std::string(100, '\0'),
        std::string("PK\x05\x06") + std::string(18, '\xff')}) {
    auto read = ReadFirstSheet(junk);
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.status().fields().at("file"), "bad_format");
  }
  auto bytes = WriteXlsx({{.name = "a", .rows = {{{.text = "x"}}}}});
  ASSERT_TRUE(bytes.ok());
  // Every truncation is refused cleanly (or, if the central directory survives, read) — never a
  // crash.
  for (size_t cut = 0; cut < bytes->size(); cut += 97) {
    auto read = ReadFirstSheet(std::string_view(*bytes).substr(0, cut));
    EXPECT_FALSE(read.ok()) << cut;
  }
  // Corrupt the deflated data: refused.
  std::string corrupt = *bytes;
  for (size_t i = 200; i < 260 && i < corrupt.size(); ++i)
    corrupt[i] = static_cast<char>(~corrupt[i]);
  auto read = ReadFirstSheet(corrupt);
  if (read.ok()) {
    SUCCEED() << "the corrupted bytes fell outside the first sheet";
  } else {
    EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace shouhu::reports
