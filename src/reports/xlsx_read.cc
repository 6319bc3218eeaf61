#include "reports/xlsx_read.h"

#include <zlib.h>

#include <cstdint>
#include <optional>

namespace shouhu::reports {
namespace {

constexpr size_t kMaxRows = 100000;
constexpr size_t kMaxColumns = 200;

Status Bad() {
  return Status::InvalidArgument("xlsx_unreadable", {{"file", "bad_format"}});
}
Status TooLarge() {
  return Status::InvalidArgument("xlsx_unreadable", {{"file", "too_large"}});
}

uint32_t U16(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8;
}
uint32_t U32(std::string_view b, size_t at) {
  return U16(b, at) | U16(b, at + 2) << 16;
}

// The uncompressed bytes of entry `name`, or nullopt when the archive has no such entry.
Result<std::optional<std::string>> Entry(std::string_view zip, std::string_view name) {
  if (zip.size() < 22) return Bad();
  size_t eocd = std::string_view::npos;
  for (size_t i = zip.size() - 22 + 1; i-- > 0;) {
    if (zip.size() - i > 22 + 65535) break;
    if (U32(zip, i) == 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string_view::npos) return Bad();
  const size_t entries = U16(zip, eocd + 10);
  const size_t cd_size = U32(zip, eocd + 12);
  const size_t cd_offset = U32(zip, eocd + 16);
  if (cd_offset > eocd || cd_size > eocd - cd_offset) return Bad();
  size_t p = cd_offset;
  for (size_t k = 0; k < entries; ++k) {
    if (p + 46 > eocd || U32(zip, p) != 0x02014b50) return Bad();
    const uint32_t method = U16(zip, p + 10);
    const uint32_t crc = U32(zip, p + 16);
    const size_t compressed = U32(zip, p + 20);
    const size_t size = U32(zip, p + 24);
    const size_t name_length = U16(zip, p + 28);
    const size_t extra_length = U16(zip, p + 30);
    const size_t comment_length = U16(zip, p + 32);
    const size_t local = U32(zip, p + 42);
    if (p + 46 + name_length > eocd) return Bad();
    const std::string_view entry_name = zip.substr(p + 46, name_length);
    p += 46 + name_length + extra_length + comment_length;
    if (entry_name != name) continue;
    if (size > kMaxXlsxEntryBytes) return TooLarge();
    if (local + 30 > zip.size() || U32(zip, local) != 0x04034b50) return Bad();
    const size_t data = local + 30 + U16(zip, local + 26) + U16(zip, local + 28);
    if (data > zip.size() || compressed > zip.size() - data) return Bad();
    const std::string_view stored = zip.substr(data, compressed);
    // A damaged upload is refused rather than read as other figures: the CRC-32 must match.
    auto checked = [&](std::string content) -> Result<std::optional<std::string>> {
      const uLong actual =
          crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()),
                static_cast<uInt>(content.size()));
      if (actual != crc) return Bad();
      return std::optional<std::string>(std::move(content));
    };
    if (method == 0) {
      if (compressed != size) return Bad();
      return checked(std::string(stored));
    }
    if (method != 8) return Bad();
    std::string out(size, '\0');
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) return Bad();
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(stored.data()));
    zs.avail_in = static_cast<uInt>(stored.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = inflate(&zs, Z_FINISH);
    const size_t produced = zs.total_out;
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || produced != size) return Bad();
    return checked(std::move(out));
  }
  return std::optional<std::string>();
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const size_t end = text.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out.push_back('&');
      continue;
    }
    const std::string_view entity = text.substr(i + 1, end - i - 1);
    if (entity == "amp")
      out.push_back('&');
    else if (entity == "lt")
      out.push_back('<');
    else if (entity == "gt")
      out.push_back('>');
    else if (entity == "quot")
      out.push_back('"');
    else if (entity == "apos")
      out.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      uint32_t cp = 0;
      for (const char ch : entity.substr(hex ? 2 : 1)) {
        const int digit = ch >= '0' && ch <= '9'          ? ch - '0'
                          : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                          : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                          : -1;
        if (digit < 0 || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      }
      AppendUtf8(out, cp);
    } else {
      out.append(text.substr(i, end - i + 1));
    }
    i = end;
  }
  return out;
}

// Whether `xml` has the start tag `<name` at `at` (followed by space, '>' or '/').
bool TagAt(std::string_view xml, size_t at, std::string_view name) {
  if (xml.compare(at, name.size() + 1, "<" + std::string(name)) != 0) return false;
  const size_t next = at + name.size() + 1;
  return next < xml.size() && (xml[next] == ' ' || xml[next] == '>' || xml[next] == '/');
}

struct Element {
  std::string_view attributes;
  std::string_view content;  // empty for <x/>
  size_t end = 0;            // just past the element
};

// The next element `name` at or after `from`, or nullopt.
Result<std::optional<Element>> Next(std::string_view xml, std::string_view name, size_t from) {
  for (size_t at = xml.find('<', from); at != std::string_view::npos; at = xml.find('<', at + 1)) {
    if (!TagAt(xml, at, name)) continue;
    const size_t close = xml.find('>', at);
    if (close == std::string_view::npos) return Bad();
    Element e;
    e.attributes = xml.substr(at + name.size() + 1, close - at - name.size() - 1);
    if (close > at && xml[close - 1] == '/') {
      e.end = close + 1;
      return std::optional<Element>(e);
    }
    const std::string end_tag = "</" + std::string(name) + ">";
    const size_t end = xml.find(end_tag, close);
    if (end == std::string_view::npos) return Bad();
    e.content = xml.substr(close + 1, end - close - 1);
    e.end = end + end_tag.size();
    return std::optional<Element>(e);
  }
  return std::optional<Element>();
}

std::string Attribute(std::string_view attributes, std::string_view name) {
  const std::string key = " " + std::string(name) + "=\"";
  const size_t at = (" " + std::string(attributes)).find(key);
  if (at == std::string::npos) return "";
  const size_t start = at + key.size() - 1;
  const size_t end = attributes.find('"', start);
  return end == std::string_view::npos ? "" : Decode(attributes.substr(start, end - start));
}

// The text of every <t> in `xml`, concatenated (rich text runs included).
Result<std::string> Texts(std::string_view xml) {
  std::string out;
  size_t from = 0;
  while (true) {
    SHOUHU_ASSIGN_OR_RETURN(auto t, Next(xml, "t", from));
    if (!t) return out;
    out += Decode(t->content);
    from = t->end;
  }
}

// "BC12" -> column 54 (0-based), row 12; false when malformed.
bool ParseReference(const std::string& ref, size_t* column, size_t* row) {
  size_t i = 0, c = 0, r = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3)
    c = c * 26 + (ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return false;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > kMaxRows) return false;
    r = r * 10 + static_cast<size_t>(ref[i] - '0');
  }
  if (r == 0) return false;
  *column = c - 1;
  *row = r;
  return true;
}

}  // namespace

Result<std::vector<std::vector<std::string>>> ReadFirstSheet(std::string_view bytes) {
  SHOUHU_ASSIGN_OR_RETURN(auto sheet, Entry(bytes, "xl/worksheets/sheet1.xml"));
  if (!sheet) return Bad();
  SHOUHU_ASSIGN_OR_RETURN(auto shared_xml, Entry(bytes, "xl/sharedStrings.xml"));
  std::vector<std::string> shared;
  if (shared_xml) {
    size_t from = 0;
    while (true) {
      SHOUHU_ASSIGN_OR_RETURN(auto si, Next(*shared_xml, "si", from));
      if (!si) break;
      SHOUHU_ASSIGN_OR_RETURN(std::string text, Texts(si->content));
      shared.push_back(std::move(text));
      from = si->end;
    }
  }
  std::vector<std::vector<std::string>> rows;
  size_t from = 0, next_row = 1;
  while (true) {
    SHOUHU_ASSIGN_OR_RETURN(auto row, Next(*sheet, "row", from));
    if (!row) break;
    from = row->end;
    size_t row_number = next_row;
    if (const std::string r = Attribute(row->attributes, "r"); !r.empty()) {
      row_number = 0;
      for (const char ch : r) {
        if (ch < '0' || ch > '9' || row_number > kMaxRows) return Bad();
        row_number = row_number * 10 + static_cast<size_t>(ch - '0');
      }
    }
    if (row_number == 0 || row_number > kMaxRows) return TooLarge();
    next_row = row_number + 1;
    if (rows.size() < row_number) rows.resize(row_number);
    std::vector<std::string>& out = rows[row_number - 1];
    size_t cell_from = 0, next_column = 0;
    while (true) {
      SHOUHU_ASSIGN_OR_RETURN(auto cell, Next(row->content, "c", cell_from));
      if (!cell) break;
      cell_from = cell->end;
      size_t column = next_column, unused = 0;
      if (const std::string ref = Attribute(cell->attributes, "r"); !ref.empty()) {
        if (!ParseReference(ref, &column, &unused)) return Bad();
      }
      if (column >= kMaxColumns) return TooLarge();
      next_column = column + 1;
      const std::string type = Attribute(cell->attributes, "t");
      std::string value;
      if (type == "inlineStr") {
        SHOUHU_ASSIGN_OR_RETURN(auto is, Next(cell->content, "is", 0));
        if (is) {
          SHOUHU_ASSIGN_OR_RETURN(value, Texts(is->content));
        }
      } else {
        SHOUHU_ASSIGN_OR_RETURN(auto v, Next(cell->content, "v", 0));
        if (v) value = Decode(v->content);
        if (type == "s") {
          size_t index = 0;
          if (value.empty()) return Bad();
          for (const char ch : value) {
            if (ch < '0' || ch > '9' || index > shared.size()) return Bad();
            index = index * 10 + static_cast<size_t>(ch - '0');
          }
          if (index >= shared.size()) return Bad();
          value = shared[index];
        }
      }
      if (out.size() <= column) out.resize(column + 1);
      out[column] = std::move(value);
    }
  }
  return rows;
}

}  // namespace shouhu::reports
