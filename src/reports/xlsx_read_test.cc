#include "reports/xlsx_read.h"

#include <gtest/gtest.h>

#include <cstdint>

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
  // Corrupt the first sheet's deflated data, found through its local file header: refused.
  const std::string sheet = "xl/worksheets/sheet1.xml";
  size_t local = bytes->find(std::string("PK\x03\x04", 4));
  while (local != std::string::npos && bytes->compare(local + 30, sheet.size(), sheet) != 0) {
    local = bytes->find(std::string("PK\x03\x04", 4), local + 4);
  }
  ASSERT_NE(local, std::string::npos) << "the workbook has a " << sheet;
  auto u16 = [&](size_t at) {
    return static_cast<size_t>(static_cast<uint8_t>((*bytes)[at])) |
           static_cast<size_t>(static_cast<uint8_t>((*bytes)[at + 1])) << 8;
  };
  ASSERT_EQ(u16(local + 8), 8u) << "deflated";
  const size_t data = local + 30 + u16(local + 26) + u16(local + 28);
  ASSERT_LT(data + 8, bytes->size());
  // A block header of the reserved type 3: no inflater accepts it.
  std::string bad_block = *bytes;
  bad_block[data] = static_cast<char>(0x07);
  auto read = ReadFirstSheet(bad_block);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(read.status().fields().at("file"), "bad_format");
  // One flipped bit inside the stream: refused too, whether inflating fails or only the CRC-32
  // in the central directory tells.
  for (size_t at : {data + 2, data + 5}) {
    std::string flipped = *bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x10);
    auto r = ReadFirstSheet(flipped);
    ASSERT_FALSE(r.ok()) << "flipped byte " << at - data;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  // Intact data under a wrong CRC-32 in the sheet's central directory entry: refused.
  size_t central = bytes->find(std::string("PK\x01\x02", 4));
  while (central != std::string::npos && bytes->compare(central + 46, sheet.size(), sheet) != 0) {
    central = bytes->find(std::string("PK\x01\x02", 4), central + 4);
  }
  ASSERT_NE(central, std::string::npos);
  std::string wrong_crc = *bytes;
  wrong_crc[central + 16] = static_cast<char>(wrong_crc[central + 16] ^ 0x01);
  auto checked = ReadFirstSheet(wrong_crc);
  ASSERT_FALSE(checked.ok()) << "a wrong CRC-32 went unnoticed";
  EXPECT_EQ(checked.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace shouhu::reports
