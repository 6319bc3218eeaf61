#include "reports/document.h"

namespace shouhu::reports {
namespace {

SheetCell Text(std::string text, bool bold = false) {
  return {.text = std::move(text), .bold = bold};
}

SheetCell Cell(const Published& p, size_t r, size_t c, bool cents) {
  if (p.Hidden(r, c)) return Text(p.Render(r, c));
  return {.text = p.Render(r, c), .numeric = true, .number = p.Value(r, c), .cents = cents};
}

}  // namespace

std::vector<SheetRow> LayOut(const TableDocument& doc) {
  const Published& p = doc.data;
  std::vector<SheetRow> out;
  out.push_back({Text(doc.title, true)});
  SheetRow header{Text(doc.row_heading, true)};
  for (size_t c = 0; c < p.columns(); ++c)
    header.push_back(Text(c < doc.column_labels.size() ? doc.column_labels[c] : "", true));
  if (p.has_row_totals()) header.push_back(Text(doc.total_label, true));
  out.push_back(std::move(header));
  for (size_t r = 0; r <= p.rows(); ++r) {
    if (r == p.rows() && !p.has_column_totals()) break;
    SheetRow row{r == p.rows() ? Text(doc.total_label, true)
                               : Text(r < doc.row_labels.size() ? doc.row_labels[r] : "")};
    for (size_t c = 0; c <= p.columns(); ++c) {
      if (p.Exists(r, c)) row.push_back(Cell(p, r, c, doc.cents));
    }
    out.push_back(std::move(row));
  }
  out.push_back({});
  for (const std::string& note : doc.notes) out.push_back({Text(note)});
  out.insert(out.end(), doc.appendix.begin(), doc.appendix.end());
  return out;
}

}  // namespace shouhu::reports
