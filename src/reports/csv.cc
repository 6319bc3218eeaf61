#include "reports/csv.h"

namespace shouhu::reports {

std::string CsvField(std::string_view text) {
  std::string value;
  if (!text.empty()) {
    const char first = text.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r')
      value.push_back('\'');
  }
  value.append(text);
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (const char ch : value) {
    if (ch == '"') quoted.push_back('"');
    quoted.push_back(ch);
  }
  quoted.push_back('"');
  return quoted;
}

std::string WriteCsv(const std::vector<SheetRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const SheetRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += row[i].numeric ? std::to_string(row[i].number) : CsvField(row[i].text);
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace shouhu::reports
