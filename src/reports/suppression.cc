#include "reports/suppression.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace shouhu::reports {

// The graph of published constraints (see suppression.h). Vertex ids: rows 0..R (R = the total
// row), then columns R+1..R+1+C (the last = the total column), then the free vertex.
class ConstraintGraph {
 public:
  explicit ConstraintGraph(const Published& t) : t_(t) {
    rows_ = t.rows();
    columns_ = t.columns();
    free_ = rows_ + 1 + columns_ + 1;
  }

  size_t RowVertex(size_t r) const {
    const bool constrained =
        r < rows_ ? t_.has_row_totals() : t_.has_row_totals() && t_.has_column_totals();
    return constrained ? r : free_;
  }
  size_t ColumnVertex(size_t c) const {
    const bool constrained =
        c < columns_ ? t_.has_column_totals() : t_.has_row_totals() && t_.has_column_totals();
    return constrained ? rows_ + 1 + c : free_;
  }
  size_t vertex_count() const { return free_ + 1; }

  // Vertices reachable from `from` over hidden cells, not using cell `skip`.
  std::vector<bool> Reach(size_t from, std::pair<size_t, size_t> skip) const {
    std::vector<std::vector<std::pair<size_t, std::pair<size_t, size_t>>>> adjacent(vertex_count());
    for (size_t r = 0; r <= rows_; ++r) {
      for (size_t c = 0; c <= columns_; ++c) {
        if (!t_.Exists(r, c) || !t_.Hidden(r, c) || std::make_pair(r, c) == skip) continue;
        const size_t a = RowVertex(r), b = ColumnVertex(c);
        adjacent[a].push_back({b, {r, c}});
        adjacent[b].push_back({a, {r, c}});
      }
    }
    std::vector<bool> seen(vertex_count(), false);
    std::vector<size_t> stack{from};
    seen[from] = true;
    while (!stack.empty()) {
      const size_t v = stack.back();
      stack.pop_back();
      for (const auto& [w, cell] : adjacent[v]) {
        if (!seen[w]) {
          seen[w] = true;
          stack.push_back(w);
        }
      }
    }
    return seen;
  }

  // Hides the cheapest chain of published cells that joins the two sides of `bridge`, so that the
  // bridge lies on a cycle: a shortest path (Dijkstra) from the bridge's row side to its column
  // side over every other cell, hidden cells costing nothing and published ones their value, a
  // total costing more than any interior cell and a zero more than any count (a hidden zero could
  // be pinned by non-negativity). Returns false when no such chain exists.
  bool CloseCycle(Published& t, std::pair<size_t, size_t> bridge) const {
    const std::vector<bool> side_a = Reach(RowVertex(bridge.first), bridge);
    const std::vector<bool> side_b = Reach(ColumnVertex(bridge.second), bridge);
    struct Edge {
      size_t to;
      int64_t cost;
      size_t r, c;
    };
    std::vector<std::vector<Edge>> adjacent(vertex_count());
    int64_t largest = 1;
    for (size_t r = 0; r <= rows_; ++r)
      for (size_t c = 0; c <= columns_; ++c)
        if (t.Exists(r, c)) largest = std::max(largest, t.Value(r, c));
    const int64_t margin_cost = (largest + 1) * static_cast<int64_t>(vertex_count() + 1);
    const int64_t zero_cost = margin_cost * static_cast<int64_t>(vertex_count() + 1) * 2;
    for (size_t r = 0; r <= rows_; ++r) {
      for (size_t c = 0; c <= columns_; ++c) {
        if (!t.Exists(r, c) || std::make_pair(r, c) == bridge) continue;
        int64_t cost = 0;
        if (!t.Hidden(r, c)) {
          const int64_t v = t.Value(r, c);
          cost = 1 + v + (r == rows_ || c == columns_ ? margin_cost : 0) + (v == 0 ? zero_cost : 0);
        }
        const size_t a = RowVertex(r), b = ColumnVertex(c);
        adjacent[a].push_back({b, cost, r, c});
        adjacent[b].push_back({a, cost, r, c});
      }
    }
    constexpr int64_t kInf = INT64_MAX;
    std::vector<int64_t> dist(vertex_count(), kInf);
    std::vector<std::optional<Edge>> via(vertex_count());
    std::vector<size_t> from(vertex_count(), 0);
    std::vector<bool> done(vertex_count(), false);
    for (size_t v = 0; v < vertex_count(); ++v)
      if (side_a[v]) dist[v] = 0;
    while (true) {
      size_t best = vertex_count();
      for (size_t v = 0; v < vertex_count(); ++v)
        if (!done[v] && dist[v] != kInf && (best == vertex_count() || dist[v] < dist[best]))
          best = v;
      if (best == vertex_count()) return false;
      if (side_b[best]) {
        for (size_t v = best; via[v]; v = from[v]) {
          const Edge& e = *via[v];
          if (!t.Hidden(e.r, e.c)) {
            t.states_[e.r][e.c] = CellState::kComplementary;
            ++t.complementary_;
          }
        }
        return true;
      }
      done[best] = true;
      for (const Edge& e : adjacent[best]) {
        if (dist[best] + e.cost < dist[e.to]) {
          dist[e.to] = dist[best] + e.cost;
          via[e.to] = e;
          from[e.to] = best;
        }
      }
    }
  }

  // The first hidden cell that is a bridge, or nullopt.
  std::optional<std::pair<size_t, size_t>> FindBridge() const {
    for (size_t r = 0; r <= rows_; ++r) {
      for (size_t c = 0; c <= columns_; ++c) {
        if (!t_.Exists(r, c) || !t_.Hidden(r, c)) continue;
        const size_t a = RowVertex(r), b = ColumnVertex(c);
        if (a == b) continue;  // a loop on the free vertex constrains nothing
        if (!Reach(a, {r, c})[b]) return std::make_pair(r, c);
      }
    }
    return std::nullopt;
  }

 private:
  const Published& t_;
  size_t rows_ = 0;
  size_t columns_ = 0;
  size_t free_ = 0;
};

namespace {

std::vector<std::vector<int64_t>> WithMargins(const Grid& grid, size_t rows, size_t columns) {
  std::vector<std::vector<int64_t>> v(rows + 1, std::vector<int64_t>(columns + 1, 0));
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < columns; ++c) {
      const int64_t x = c < grid.cells[r].size() ? grid.cells[r][c] : 0;
      v[r][c] = x;
      v[r][columns] += x;
      v[rows][c] += x;
      v[rows][columns] += x;
    }
  }
  return v;
}

}  // namespace

bool Published::Exists(size_t r, size_t c) const {
  if (r > rows_ || c > columns_) return false;
  if (r == rows_ && !column_totals_) return false;
  if (c == columns_ && !row_totals_) return false;
  return true;
}

std::string Published::Render(size_t r, size_t c) const {
  if (Hidden(r, c)) return "<" + std::to_string(threshold_);
  return std::to_string(Value(r, c));
}

Published PublishUnsuppressed(const Grid& grid) {
  Published t;
  t.rows_ = grid.cells.size();
  t.columns_ = 0;
  for (const auto& row : grid.cells) t.columns_ = std::max(t.columns_, row.size());
  // A total of one value repeats it: one column has no row totals, one row no column totals.
  t.row_totals_ = grid.row_totals && t.columns_ > 1;
  t.column_totals_ = grid.column_totals && t.rows_ > 1;
  t.values_ = WithMargins(grid, t.rows_, t.columns_);
  t.states_.assign(t.rows_ + 1, std::vector<CellState>(t.columns_ + 1, CellState::kShown));
  return t;
}

Published PublishWithHidden(const Grid& grid, const std::vector<std::pair<size_t, size_t>>& hidden,
                            int64_t threshold) {
  Published t = PublishUnsuppressed(grid);
  t.threshold_ = threshold;
  for (const auto& [r, c] : hidden) {
    if (!t.Exists(r, c) || t.Hidden(r, c)) continue;
    t.states_[r][c] = CellState::kPrimary;
    ++t.primary_;
  }
  return t;
}

Published Suppress(const Grid& grid, const SuppressionRule& rule) {
  Published t = PublishUnsuppressed(grid);
  t.threshold_ = rule.threshold;
  t.suppress_zero_ = rule.suppress_zero;
  if (rule.threshold <= 1 && !rule.suppress_zero) return t;

  for (size_t r = 0; r <= t.rows_; ++r) {
    for (size_t c = 0; c <= t.columns_; ++c) {
      if (!t.Exists(r, c)) continue;
      const int64_t v = t.values_[r][c];
      if ((v > 0 && v < rule.threshold) || (v == 0 && rule.suppress_zero)) {
        t.states_[r][c] = CellState::kPrimary;
        ++t.primary_;
      }
    }
  }

  const ConstraintGraph graph(t);
  while (auto bridge = graph.FindBridge()) {
    if (!graph.CloseCycle(t, *bridge)) {
      // Cannot happen for a well-formed table; hide everything rather than publish a bridge.
      for (size_t r = 0; r <= t.rows_; ++r) {
        for (size_t c = 0; c <= t.columns_; ++c) {
          if (t.Exists(r, c) && !t.Hidden(r, c)) {
            t.states_[r][c] = CellState::kComplementary;
            ++t.complementary_;
          }
        }
      }
      break;
    }
  }
  return t;
}

std::vector<std::pair<size_t, size_t>> DeterminedHiddenCells(const Published& table) {
  const ConstraintGraph graph(table);
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t r = 0; r <= table.rows(); ++r) {
    for (size_t c = 0; c <= table.columns(); ++c) {
      if (!table.Exists(r, c) || !table.Hidden(r, c)) continue;
      const size_t a = graph.RowVertex(r), b = graph.ColumnVertex(c);
      if (a != b && !graph.Reach(a, {r, c})[b]) out.emplace_back(r, c);
    }
  }
  return out;
}

}  // namespace shouhu::reports
