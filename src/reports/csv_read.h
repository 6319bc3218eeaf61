// Reading an uploaded CSV file (RFC 4180, through libcsv) as rows of text cells: the layout a
// school's 学籍 system or a spreadsheet exports. A UTF-8 byte-order mark is dropped; a file that is
// not UTF-8 is read as GB 18030 (what Excel on a Chinese system saves) and converted. Input is
// untrusted: the row and cell counts are bounded and anything malformed is an error, never a
// crash. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace shouhu::reports {

inline constexpr size_t kMaxCsvCellsPerRow = 64;

// Every row, each a vector of cells; rows with every cell empty are kept (so row numbers match
// the file's lines of records). Errors: kInvalidArgument naming "file": "bad_format" (unreadable
// CSV or encoding), "too_many_rows" (more than max_rows records), "too_many_columns".
Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view bytes, size_t max_rows);

}  // namespace shouhu::reports
