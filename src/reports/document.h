// A statistics table as it is published: title, counting unit, definition, period, the
// (suppressed) numbers with their row and column labels, and the notes every copy carries. The
// writers (csv.h, xlsx.h) lay it out as a sheet of text cells. Values only; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "reports/suppression.h"

namespace shouhu::reports {

// One cell of a laid-out sheet: a number (written as a number in XLSX) or text.
struct SheetCell {
  std::string text;
  bool numeric = false;
  int64_t number = 0;
  bool bold = false;
  bool cents = false;  // `number` is in hundredths (money in fen), written with two decimals
};
using SheetRow = std::vector<SheetCell>;

struct TableDocument {
  std::string title;                       // in the reader's language
  std::vector<std::string> row_labels;     // rows() labels
  std::vector<std::string> column_labels;  // columns() labels
  std::string row_heading;                 // the header of the label column, e.g. "年龄段"
  std::string total_label;                 // "合计" / "Total"
  Published data;
  bool cents = false;              // the values are money in fen, written as yuan with two decimals
  std::vector<std::string> notes;  // definition, counting unit, period, source, suppression
  std::vector<SheetRow> appendix;  // rows after the notes (e.g. sources)
};

// Title row, header row, one row per table row (then the total row), an empty row, the notes,
// then the appendix rows.
std::vector<SheetRow> LayOut(const TableDocument& doc);

}  // namespace shouhu::reports
