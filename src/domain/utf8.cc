#include "domain/utf8.h"

namespace shouhu::domain {
namespace {

// Length of the sequence `lead` starts, or 0 if it cannot start one.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

bool IsContinuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The code point of the well-formed-looking sequence at the start of `s` of length `len`, or
// kInvalidCodePoint for overlong forms, surrogates and values above U+10FFFF.
char32_t DecodeSequence(std::string_view s, size_t len) {
  const auto lead = static_cast<unsigned char>(s[0]);
  if (len == 1) return lead;
  char32_t cp = lead & (0xFF >> (len + 1));
  for (size_t k = 1; k < len; ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[k]) & 0x3F);
  }
  constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMinimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    return kInvalidCodePoint;
  }
  return cp;
}

// Length of the valid sequence at the start of `s`, or 0.
size_t ValidSequenceLength(std::string_view s) {
  const size_t len = SequenceLength(static_cast<unsigned char>(s[0]));
  if (len == 0 || len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if (!IsContinuation(s[k])) return 0;
  }
  return DecodeSequence(s, len) == kInvalidCodePoint ? 0 : len;
}

}  // namespace

std::vector<std::string_view> SplitCodePoints(std::string_view text) {
  std::vector<std::string_view> units;
  units.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t len = ValidSequenceLength(text.substr(i));
    if (len == 0) len = 1;
    units.push_back(text.substr(i, len));
    i += len;
  }
  return units;
}

char32_t DecodeCodePoint(std::string_view unit) {
  if (unit.empty() || ValidSequenceLength(unit) != unit.size()) return kInvalidCodePoint;
  return DecodeSequence(unit, unit.size());
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsSpaceCodePoint(char32_t cp) {
  return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x00A0 || cp == 0x3000;
}

std::string_view TrimSpace(std::string_view text) {
  const auto units = SplitCodePoints(text);
  size_t begin = 0;
  size_t end = units.size();
  while (begin < end && IsSpaceCodePoint(DecodeCodePoint(units[begin]))) ++begin;
  while (end > begin && IsSpaceCodePoint(DecodeCodePoint(units[end - 1]))) --end;
  if (begin == end) return text.substr(0, 0);
  const size_t from = static_cast<size_t>(units[begin].data() - text.data());
  const size_t to =
      static_cast<size_t>(units[end - 1].data() - text.data()) + units[end - 1].size();
  return text.substr(from, to - from);
}

}  // namespace shouhu::domain
