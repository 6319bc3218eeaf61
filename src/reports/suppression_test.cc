#include "reports/suppression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <random>
#include <set>

namespace shouhu::reports {
namespace {

// The published constraints of a table as equations over its hidden cells: each line with a
// published total says "the cells of the line minus its total = 0"; shown values move to the
// right-hand side. Returns the coefficient rows (one column per hidden cell).
struct System {
  std::vector<std::pair<size_t, size_t>> unknowns;
  std::vector<std::vector<double>> rows;
};

System Constraints(const Published& t) {
  System s;
  std::map<std::pair<size_t, size_t>, size_t> index;
  for (size_t r = 0; r <= t.rows(); ++r)
    for (size_t c = 0; c <= t.columns(); ++c)
      if (t.Exists(r, c) && t.Hidden(r, c)) {
        index[{r, c}] = s.unknowns.size();
        s.unknowns.emplace_back(r, c);
      }
  auto line = [&](const std::vector<std::pair<size_t, size_t>>& cells,
                  std::pair<size_t, size_t> total) {
    std::vector<double> eq(s.unknowns.size(), 0.0);
    for (const auto& cell : cells)
      if (index.count(cell)) eq[index[cell]] += 1;
    if (index.count(total)) eq[index[total]] -= 1;
    s.rows.push_back(eq);
  };
  const size_t R = t.rows(), C = t.columns();
  if (t.has_row_totals()) {
    for (size_t r = 0; r < R; ++r) {
      std::vector<std::pair<size_t, size_t>> cells;
      for (size_t c = 0; c < C; ++c) cells.emplace_back(r, c);
      line(cells, {r, C});
    }
  }
  if (t.has_column_totals()) {
    for (size_t c = 0; c < C; ++c) {
      std::vector<std::pair<size_t, size_t>> cells;
      for (size_t r = 0; r < R; ++r) cells.emplace_back(r, c);
      line(cells, {R, c});
    }
  }
  if (t.has_row_totals() && t.has_column_totals()) {
    std::vector<std::pair<size_t, size_t>> a, b;
    for (size_t c = 0; c < C; ++c) a.emplace_back(R, c);
    line(a, {R, C});
    for (size_t r = 0; r < R; ++r) b.emplace_back(r, C);
    line(b, {R, C});
  }
  return s;
}

int Rank(std::vector<std::vector<double>> m) {
  int rank = 0;
  const size_t cols = m.empty() ? 0 : m[0].size();
  for (size_t c = 0; c < cols && rank < static_cast<int>(m.size()); ++c) {
    size_t pivot = rank;
    for (size_t r = rank; r < m.size(); ++r)
      if (std::fabs(m[r][c]) > std::fabs(m[pivot][c])) pivot = r;
    if (std::fabs(m[pivot][c]) < 1e-9) continue;
    std::swap(m[pivot], m[rank]);
    for (size_t r = 0; r < m.size(); ++r) {
      if (r == static_cast<size_t>(rank)) continue;
      const double f = m[r][c] / m[rank][c];
      for (size_t k = c; k < cols; ++k) m[r][k] -= f * m[rank][k];
    }
    ++rank;
  }
  return rank;
}

// Hidden cells whose value the published totals fix (their unit vector lies in the row space of
// the constraints), found by linear algebra, independently of the graph in suppression.cc.
std::vector<std::pair<size_t, size_t>> AlgebraicallyDetermined(const Published& t) {
  const System s = Constraints(t);
  std::vector<std::pair<size_t, size_t>> out;
  const int base = Rank(s.rows);
  for (size_t i = 0; i < s.unknowns.size(); ++i) {
    auto m = s.rows;
    std::vector<double> unit(s.unknowns.size(), 0.0);
    unit[i] = 1;
    m.push_back(unit);
    if (Rank(m) == base) out.push_back(s.unknowns[i]);
  }
  return out;
}

// Every integer assignment (0..limit) of the hidden interior cells that reproduces every shown
// value; collects the values each hidden cell (margins too) takes. A cell with one value only
// is recoverable.
std::map<std::pair<size_t, size_t>, std::set<int64_t>> BruteForce(const Published& t,
                                                                  int64_t limit) {
  const size_t R = t.rows(), C = t.columns();
  std::vector<std::pair<size_t, size_t>> hidden;
  std::vector<std::vector<int64_t>> v(R + 1, std::vector<int64_t>(C + 1, 0));
  for (size_t r = 0; r < R; ++r)
    for (size_t c = 0; c < C; ++c) {
      if (t.Hidden(r, c))
        hidden.emplace_back(r, c);
      else
        v[r][c] = t.Value(r, c);
    }
  std::map<std::pair<size_t, size_t>, std::set<int64_t>> seen;
  std::function<void(size_t)> go = [&](size_t k) {
    if (k < hidden.size()) {
      for (int64_t x = 0; x <= limit; ++x) {
        v[hidden[k].first][hidden[k].second] = x;
        go(k + 1);
      }
      return;
    }
    for (size_t r = 0; r <= R; ++r) v[r][C] = 0;
    for (size_t c = 0; c <= C; ++c) v[R][c] = 0;
    for (size_t r = 0; r < R; ++r)
      for (size_t c = 0; c < C; ++c) {
        v[r][C] += v[r][c];
        v[R][c] += v[r][c];
        v[R][C] += v[r][c];
      }
    for (size_t r = 0; r <= R; ++r)
      for (size_t c = 0; c <= C; ++c)
        if ((r == R || c == C) && t.Exists(r, c) && !t.Hidden(r, c) && v[r][c] != t.Value(r, c))
          return;
    for (size_t r = 0; r <= R; ++r)
      for (size_t c = 0; c <= C; ++c)
        if (t.Exists(r, c) && t.Hidden(r, c)) seen[{r, c}].insert(v[r][c]);
  };
  go(0);
  return seen;
}

void ExpectSafe(const Published& t, const SuppressionRule& rule, const std::string& what) {
  for (size_t r = 0; r <= t.rows(); ++r) {
    for (size_t c = 0; c <= t.columns(); ++c) {
      if (!t.Exists(r, c)) continue;
      const int64_t v = t.Value(r, c);
      if ((v > 0 && v < rule.threshold) || (v == 0 && rule.suppress_zero)) {
        EXPECT_EQ(t.State(r, c), CellState::kPrimary) << what << " cell " << r << "," << c;
      }
      if (t.Hidden(r, c) && !rule.suppress_zero) {
        EXPECT_GT(v, 0) << what << ": a hidden zero could be pinned by non-negativity";
      }
    }
  }
  EXPECT_TRUE(AlgebraicallyDetermined(t).empty()) << what;
  EXPECT_TRUE(DeterminedHiddenCells(t).empty()) << what;
}

TEST(SuppressionTest, SmallCellsAreHiddenAndRenderedBelowTheThreshold) {
  const Published t = Suppress({{{12, 3}, {7, 9}}}, {});
  EXPECT_EQ(t.State(0, 1), CellState::kPrimary);
  EXPECT_EQ(t.Render(0, 1), "<5");
  EXPECT_EQ(t.Render(1, 0), "<5") << "hidden with it, else row 0 or column 1 gives it away";
  EXPECT_TRUE(t.Hidden(0, 0) || t.Hidden(1, 1));
  EXPECT_EQ(t.Render(2, 2), "31");
  ExpectSafe(t, {}, "2x2");
}

TEST(SuppressionTest, ZeroIsPublishedUnlessConfigured) {
  const Published shown = Suppress({{{0, 8}, {9, 6}}}, {});
  EXPECT_FALSE(shown.Hidden(0, 0));
  EXPECT_EQ(shown.primary(), 0);
  const Published hidden = Suppress({{{0, 8}, {9, 6}}}, {.threshold = 5, .suppress_zero = true});
  EXPECT_EQ(hidden.State(0, 0), CellState::kPrimary);
  EXPECT_TRUE(DeterminedHiddenCells(hidden).empty());
}

TEST(SuppressionTest, TheThresholdIsConfigurable) {
  const Published t = Suppress({{{3, 12}, {11, 10}}}, {.threshold = 3});
  EXPECT_FALSE(t.Hidden(0, 0));
  const Published u = Suppress({{{3, 12}, {11, 10}}}, {.threshold = 10});
  EXPECT_TRUE(u.Hidden(0, 0));
  EXPECT_EQ(u.Render(0, 0), "<10");
  ExpectSafe(u, {.threshold = 10}, "threshold 10");
}

TEST(SuppressionTest, OneColumnTableHidesASecondCellOfTheColumn) {
  // Ages of a year's cases: with the total published, a single hidden band would be total minus
  // the others.
  const Published t = Suppress({{{2}, {9}, {14}, {6}}}, {});
  EXPECT_FALSE(t.has_row_totals());
  EXPECT_TRUE(t.has_column_totals());
  EXPECT_TRUE(t.Hidden(0, 0));
  EXPECT_TRUE(t.Hidden(3, 0)) << "the smallest other cell";
  EXPECT_EQ(t.complementary(), 1);
  ExpectSafe(t, {}, "one column");
}

TEST(SuppressionTest, ASmallTotalIsHiddenToo) {
  const Published t = Suppress({{{1, 2}, {8, 9}}}, {});
  EXPECT_TRUE(t.Hidden(0, 2)) << "row total 3 names three girls";
  ExpectSafe(t, {}, "small total");
}

TEST(SuppressionTest, NothingIsRecoverableFromAnyRandomTable) {
  std::mt19937 rng(20131210);
  std::uniform_int_distribution<int> size(1, 6);
  std::discrete_distribution<int> kind({3, 4, 3});  // zero, small, large
  std::uniform_int_distribution<int64_t> small(1, 4), large(5, 40);
  for (int n = 0; n < 400; ++n) {
    Grid g;
    const int rows = size(rng), columns = size(rng);
    g.cells.assign(rows, std::vector<int64_t>(columns));
    for (auto& row : g.cells)
      for (auto& v : row) {
        const int k = kind(rng);
        v = k == 0 ? 0 : k == 1 ? small(rng) : large(rng);
      }
    g.row_totals = n % 5 != 1;
    g.column_totals = n % 5 != 2;
    const SuppressionRule rule{.threshold = n % 7 == 3 ? 3 : 5};
    ExpectSafe(Suppress(g, rule), rule, "random table " + std::to_string(n));
    if (HasFailure()) return;
  }
}

TEST(SuppressionTest, BruteForceFindsSeveralValuesForEveryHiddenCell) {
  std::mt19937 rng(20141210);
  std::uniform_int_distribution<int64_t> value(0, 7);
  std::uniform_int_distribution<int> shape(0, 2);
  int checked = 0;
  for (int n = 0; n < 40; ++n) {
    const int s = shape(rng);
    const size_t rows = s == 2 ? 3 : 2, columns = s == 1 ? 3 : 2;
    Grid g;
    g.cells.assign(rows, std::vector<int64_t>(columns));
    for (auto& row : g.cells)
      for (auto& v : row) v = value(rng);
    const Published t = Suppress(g, {});
    if (t.primary() == 0) continue;
    // 0..9 is enough to show two values; the true values are at most 7.
    const auto seen = BruteForce(t, 9);
    for (const auto& [cell, values] : seen)
      EXPECT_GE(values.size(), 2u)
          << "table " << n << " cell " << cell.first << "," << cell.second << " is recoverable";
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(SuppressionTest, TheCheckersCatchRecoverableCells) {
  // One hidden cell in a line with a published total: recoverable, and every checker says so
  // (otherwise the tests above would prove nothing).
  const Published single = PublishWithHidden({{{12, 3}, {7, 9}}}, {{0, 1}}, 5);
  EXPECT_EQ(DeterminedHiddenCells(single).size(), 1u);
  EXPECT_EQ(AlgebraicallyDetermined(single).size(), 1u);
  EXPECT_EQ(BruteForce(single, 12).at({0, 1}).size(), 1u);

  // Two hidden cells in every line is not enough: two hidden rectangles joined by one hidden cell
  // leave that cell determined (the sum of the first block's rows minus its columns).
  Grid g{{{6, 7, 8, 9}, {7, 6, 9, 8}, {8, 9, 6, 7}, {9, 8, 7, 6}}};
  const Published joined = PublishWithHidden(
      g, {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {1, 2}, {2, 2}, {2, 3}, {3, 2}, {3, 3}}, 5);
  const auto determined = DeterminedHiddenCells(joined);
  ASSERT_EQ(determined.size(), 1u);
  EXPECT_EQ(determined[0], std::make_pair(size_t{1}, size_t{2}));
  EXPECT_EQ(AlgebraicallyDetermined(joined), determined);
  // Suppress on a table that needs exactly that pattern fixes it.
  Grid small{{{2, 7, 30, 30}, {7, 3, 30, 30}, {30, 30, 2, 7}, {30, 30, 7, 3}}};
  ExpectSafe(Suppress(small, {}), {}, "blocks");
}

}  // namespace
}  // namespace shouhu::reports
