#include "reports/xlsx.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace shouhu::reports {
namespace {

// Reads a workbook with Python's zipfile and XML parser (a reader independent of
// libxlsxwriter): one "SHEET!CELL=value" line per cell, shared strings resolved.
std::string ReadWithPython(const std::string& bytes) {
  char path[] = "/tmp/shouhu-xlsx-test-XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  close(fd);
  const std::string script = R"(
import sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
strings = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
book = ET.fromstring(z.read('xl/workbook.xml'))
names = [s.get('name') for s in book.find('m:sheets', ns)]
for i, name in enumerate(names):
    sheet = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % (i + 1)))
    for c in sheet.iter('{%s}c' % ns['m']):
        v = c.find('m:v', ns)
        if v is None: continue
        text = strings[int(v.text)] if c.get('t') == 's' else v.text
        sys.stdout.write('%s!%s=%s\n' % (name, c.get('r'), text))
)";
  const std::string command = "python3 -c \"$SCRIPT\" " + std::string(path);
  setenv("SCRIPT", script.c_str(), 1);
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  EXPECT_EQ(pclose(pipe), 0) << out;
  unlink(path);
  return out;
}

TEST(XlsxTest, AStandardReaderFindsTheTitleNumbersHiddenCellsAndNotes) {
  TableDocument doc{.title = "按年龄段统计 (案件)",
                    .row_labels = {"0–6 岁", "7–12 岁"},
                    .column_labels = {"2025", "2026"},
                    .row_heading = "年龄段",
                    .total_label = "合计",
                    .data = Suppress({{{2, 9}, {8, 7}}}, {}),
                    .notes = {"定义: 按事发时年龄", "=1+1"}};
  auto bytes = WriteXlsx({{.name = "年龄段", .rows = LayOut(doc)}, {.name = "a/b", .rows = {}}});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->substr(0, 2), "PK");
  const std::string cells = ReadWithPython(*bytes);
  EXPECT_NE(cells.find("年龄段!A1=按年龄段统计 (案件)\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!B2=2025\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!B3=<5\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!A4=7–12 岁\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!C4=<5\n"), std::string::npos) << "hidden to protect B3: " << cells;
  EXPECT_NE(cells.find("年龄段!D4=15\n"), std::string::npos) << "totals stay published: " << cells;
  EXPECT_NE(cells.find("年龄段!D5=26\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!A7=定义: 按事发时年龄\n"), std::string::npos) << cells;
  EXPECT_NE(cells.find("年龄段!A8==1+1\n"), std::string::npos) << "text, not a formula";
  EXPECT_EQ(cells.find("<f>"), std::string::npos);
}

}  // namespace
}  // namespace shouhu::reports
