// CSV for spreadsheets: UTF-8 with a byte-order mark (so that Excel reads Chinese text
// correctly), CRLF line ends, RFC 4180 quoting, and formula injection neutralised: a cell that
// starts with = + - @, a tab or a carriage return gets a leading single quote, so a spreadsheet
// shows it as text instead of running it. Numbers (SheetCell::numeric) are written as they are.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reports/document.h"

namespace shouhu::reports {

// The cell as CSV text: neutralised, then quoted when it holds a comma, a quote, CR or LF.
std::string CsvField(std::string_view text);

std::string WriteCsv(const std::vector<SheetRow>& rows);

}  // namespace shouhu::reports
