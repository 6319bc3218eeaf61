// Reading the first worksheet of an XLSX file as text cells: enough to import a table of counts
// that a district kept in a spreadsheet. A small ZIP reader (stored and deflate entries, through
// zlib) and a minimal reader of the sheet's and shared strings' XML; formulas are never
// evaluated (a formula cell reads as its cached value). Input is untrusted: sizes are bounded
// (kMaxXlsxEntryBytes per part), and anything malformed is an error, never a crash. Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace shouhu::reports {

inline constexpr size_t kMaxXlsxEntryBytes = 8 * 1024 * 1024;

// Rows of the first worksheet (xl/worksheets/sheet1.xml), each a vector of cell texts indexed by
// column (A = 0); missing cells are "". Errors: kInvalidArgument("xlsx_unreadable") naming the
// field "file" with "bad_format" (not a ZIP / no worksheet / bad XML) or "too_large".
Result<std::vector<std::vector<std::string>>> ReadFirstSheet(std::string_view bytes);

}  // namespace shouhu::reports
