// XLSX workbooks through libxlsxwriter: one worksheet per sheet, the title row in bold, numbers
// as numbers, hidden cells as the text "<5". libxlsxwriter writes only to a file, so the workbook
// is built in a private temporary file (mode 0600, under $TMPDIR or /tmp) that is read back and
// removed before returning. Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "reports/document.h"

namespace shouhu::reports {

struct Sheet {
  std::string name;  // at most 31 characters, none of []:*?/\ ; made safe when not
  std::vector<SheetRow> rows;
};

// The .xlsx bytes, or kInternal("xlsx_failed") when the library or the temporary file fails.
Result<std::string> WriteXlsx(const std::vector<Sheet>& sheets);

}  // namespace shouhu::reports
