// Small-cell suppression of a two-way table with its row and column totals, for every table that
// leaves the coordinating unit. Pure; thread-safe.
//
// Primary suppression hides every published value (interior cell or total) with
// 0 < value < threshold; a zero is published as 0 unless `suppress_zero` is set (a zero names no
// girl, and hiding zeros would hide most cells of a ten-cases-a-year district; a district that
// regards "none of the girls was 13-15" as disclosing sets it).
//
// Complementary suppression then makes sure no hidden value can be worked out from the published
// ones. Each published total is a linear constraint "the cells of this line add up to this total".
// Draw the hidden cells as edges of a graph whose vertices are the lines with a published total
// (a row, a column, and the line of the totals themselves), all lines without a published total
// merged into one free vertex. A hidden cell is determined by the published values exactly when
// its edge is a bridge of that graph (summing the constraints of one side of the cut leaves only
// that cell); when every hidden cell lies on a cycle, adding +e/-e alternately around the cycle
// keeps every published total, so each hidden positive value has an interval of width > 0. The
// algorithm repeats until no bridge is left: for a bridge it hides the cheapest chain of published
// cells joining the two sides of the cut (least total value; an interior cell before a total, as
// published tables keep their totals where they can; a zero last). Each round hides at least one
// more cell, so it terminates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace shouhu::reports {

struct SuppressionRule {
  int64_t threshold = 5;       // values below it (and above 0) are hidden; <= 1 disables
  bool suppress_zero = false;  // also hide zeros (as primary suppressions)
};

// Interior counts, rows x columns (every row the same length).
struct Grid {
  std::vector<std::vector<int64_t>> cells;
  bool row_totals = true;     // a total column at the right (ignored with one column)
  bool column_totals = true;  // a total row at the bottom (ignored with one row)
};

enum class CellState { kShown, kPrimary, kComplementary };

// The published table: interior plus the margins that exist, each with its state. Position
// (rows(), c) is a column total, (r, columns()) a row total, (rows(), columns()) the grand total.
class Published {
 public:
  size_t rows() const { return rows_; }
  size_t columns() const { return columns_; }
  bool has_row_totals() const { return row_totals_; }
  bool has_column_totals() const { return column_totals_; }
  // Whether (r, c) is a cell of the published table (margins only when they exist).
  bool Exists(size_t r, size_t c) const;
  int64_t Value(size_t r, size_t c) const { return values_.at(r).at(c); }
  CellState State(size_t r, size_t c) const { return states_.at(r).at(c); }
  bool Hidden(size_t r, size_t c) const { return State(r, c) != CellState::kShown; }
  // "<5" for every hidden cell, primary or complementary alike (a different mark for the
  // complementary ones would tell a reader they are at least 5, and with that the totals could
  // pin a small one down), the number otherwise.
  std::string Render(size_t r, size_t c) const;
  int primary() const { return primary_; }
  int complementary() const { return complementary_; }
  int64_t threshold() const { return threshold_; }
  bool suppress_zero() const { return suppress_zero_; }

 private:
  friend Published Suppress(const Grid& grid, const SuppressionRule& rule);
  friend class ConstraintGraph;
  friend Published PublishUnsuppressed(const Grid& grid);
  // The layout with exactly `hidden` hidden (as primary), e.g. to check a table suppressed
  // elsewhere with DeterminedHiddenCells.
  Published PublishWithHidden(const Grid& grid,
                              const std::vector<std::pair<size_t, size_t>>& hidden,
                              int64_t threshold);
  friend Published PublishWithHidden(const Grid& grid,
                                     const std::vector<std::pair<size_t, size_t>>& hidden,
                                     int64_t threshold);
  size_t rows_ = 0;
  size_t columns_ = 0;
  bool row_totals_ = false;
  bool column_totals_ = false;
  std::vector<std::vector<int64_t>> values_;  // (rows+1) x (columns+1), margins filled
  std::vector<std::vector<CellState>> states_;
  int primary_ = 0;
  int complementary_ = 0;
  int64_t threshold_ = 0;
  bool suppress_zero_ = false;
};

Published Suppress(const Grid& grid, const SuppressionRule& rule);
// The same layout with nothing hidden (tables that stay inside the coordinating unit).
Published PublishUnsuppressed(const Grid& grid);
// The layout with exactly `hidden` hidden (as primary), e.g. to check a table suppressed
// elsewhere with DeterminedHiddenCells.
Published PublishWithHidden(const Grid& grid, const std::vector<std::pair<size_t, size_t>>& hidden,
                            int64_t threshold);

// The hidden cells that the published values determine (bridges of the suppression graph); empty
// for every table Suppress returns. Exposed for tests and for checking imported tables.
std::vector<std::pair<size_t, size_t>> DeterminedHiddenCells(const Published& table);

}  // namespace shouhu::reports
