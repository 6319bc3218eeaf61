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

namespace {

// 123450 -> "1234.50", -5 -> "-0.05".
std::string Cents(int64_t value) {
  const uint64_t v = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  const uint64_t fraction = v % 100;
  return (value < 0 ? "-" : "") + std::to_string(v / 100) + (fraction < 10 ? ".0" : ".") +
         std::to_string(fraction);
}

}  // namespace

std::string WriteCsv(const std::vector<SheetRow>& rows) {
  std::string out = "\xEF\xBB\xBF";
  for (const SheetRow& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      if (i > 0) out.push_back(',');
      if (!row[i].numeric) {
        out += CsvField(row[i].text);
      } else if (row[i].cents) {
        out += Cents(row[i].number);
      } else {
        out += std::to_string(row[i].number);
      }
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace shouhu::reports
