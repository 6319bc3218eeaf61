#include "reports/csv_read.h"

#include <csv.h>
#include <iconv.h>

#include <memory>

namespace shouhu::reports {
namespace {

bool IsUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += n;
  }
  return true;
}

Result<std::string> FromGb18030(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return Status::InvalidField("file", "bad_format");
  std::unique_ptr<void, int (*)(iconv_t)> closer(cd, iconv_close);
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  if (iconv(cd, &src, &src_left, &dst, &dst_left) == static_cast<size_t>(-1))
    return Status::InvalidField("file", "bad_format");
  out.resize(out.size() - dst_left);
  return out;
}

struct State {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  size_t max_rows = 0;
  bool too_many_rows = false;
  bool too_many_columns = false;
};

void OnField(void* data, size_t len, void* user) {
  auto* st = static_cast<State*>(user);
  if (st->row.size() >= kMaxCsvCellsPerRow) {
    st->too_many_columns = true;
    return;
  }
  if (data == nullptr || len == 0) {
    st->row.emplace_back();
  } else {
    st->row.emplace_back(static_cast<const char*>(data), len);
  }
}

void OnRow(int, void* user) {
  auto* st = static_cast<State*>(user);
  if (st->rows.size() >= st->max_rows) {
    st->too_many_rows = true;
    st->row.clear();
    return;
  }
  st->rows.push_back(std::move(st->row));
  st->row.clear();
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadCsv(std::string_view bytes, size_t max_rows) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string converted;
  if (!IsUtf8(bytes)) {
    SHOUHU_ASSIGN_OR_RETURN(converted, FromGb18030(bytes));
    bytes = converted;
  }
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
    return Status::Internal("csv_init_failed");
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, csv_free);
  State st;
  st.max_rows = max_rows;
  if (csv_parse(&parser, bytes.data(), bytes.size(), OnField, OnRow, &st) != bytes.size())
    return Status::InvalidField("file", "bad_format");
  if (csv_fini(&parser, OnField, OnRow, &st) != 0)
    return Status::InvalidField("file", "bad_format");
  if (st.too_many_rows) return Status::InvalidField("file", "too_many_rows");
  if (st.too_many_columns) return Status::InvalidField("file", "too_many_columns");
  return std::move(st.rows);
}

}  // namespace shouhu::reports
