#include "reports/xlsx.h"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace shouhu::reports {
namespace {

// Worksheet names: no []:*?/\ , at most 31 characters (counted in code points), unique.
std::string SafeSheetName(const std::string& name, std::set<std::string>& used) {
  std::string out;
  size_t code_points = 0;
  for (size_t i = 0; i < name.size() && code_points < 28;) {
    const unsigned char lead = static_cast<unsigned char>(name[i]);
    const size_t len = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    const std::string ch = name.substr(i, len);
    out += ch.find_first_of("[]:*?/\\") == std::string::npos ? ch : "_";
    i += len;
    ++code_points;
  }
  if (out.empty()) out = "Sheet";
  std::string unique = out;
  for (int n = 2; used.count(unique) != 0; ++n) unique = out + "_" + std::to_string(n);
  used.insert(unique);
  return unique;
}

}  // namespace

Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets) {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/shouhu-xlsx-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return Status::Internal("xlsx_failed");
  ::close(fd);
  const std::string path = pattern;
  struct Remove {
    std::string path;
    ~Remove() { ::unlink(path.c_str()); }
  } remove{path};

  lxw_workbook_options options{};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) return Status::Internal("xlsx_failed");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  lxw_format* title = workbook_add_format(book);
  format_set_bold(title);
  format_set_font_size(title, 14);
  lxw_format* money = workbook_add_format(book);
  format_set_num_format(money, "0.00");
  lxw_format* bold_money = workbook_add_format(book);
  format_set_num_format(bold_money, "0.00");
  format_set_bold(bold_money);
  std::set<std::string> used;
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(book, SafeSheetName(sheet.name, used).c_str());
    if (ws == nullptr) {
      workbook_close(book);
      return Status::Internal("xlsx_failed");
    }
    worksheet_set_column(ws, 0, 0, 28, nullptr);
    worksheet_set_column(ws, 1, 40, 12, nullptr);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const SheetCell& cell = sheet.rows[r][c];
        lxw_format* format = r == 0 && c == 0 ? title : cell.bold ? bold : nullptr;
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        if (cell.numeric && cell.cents) {
          worksheet_write_number(ws, row, col, static_cast<double>(cell.number) / 100.0,
                                 cell.bold ? bold_money : money);
        } else if (cell.numeric) {
          worksheet_write_number(ws, row, col, static_cast<double>(cell.number), format);
        } else if (!cell.text.empty()) {
          // Written as a string, never a formula: libxlsxwriter's write_string stores text.
          worksheet_write_string(ws, row, col, cell.text.c_str(), format);
        }
      }
    }
  }
  if (workbook_close(book) != LXW_NO_ERROR) return Status::Internal("xlsx_failed");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Internal("xlsx_failed");
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace shouhu::reports
