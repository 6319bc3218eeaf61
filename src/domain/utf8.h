// UTF-8 code-point helpers for names and addresses (masking, normalisation, bigrams).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shouhu::domain {

// Returned by DecodeCodePoint for a unit that is not one well-formed UTF-8 sequence.
inline constexpr char32_t kInvalidCodePoint = 0xFFFFFFFF;

// Splits `text` into code-point units (views into `text`). A byte that does not start a complete,
// well-formed sequence becomes a one-byte unit of its own, so every byte of `text` is in exactly
// one unit and joining the units gives `text` back.
std::vector<std::string_view> SplitCodePoints(std::string_view text);

// The code point of one unit from SplitCodePoints, or kInvalidCodePoint.
char32_t DecodeCodePoint(std::string_view unit);

// Appends the UTF-8 encoding of `cp` (nothing for surrogates or values above U+10FFFF).
void AppendUtf8(std::string& out, char32_t cp);

// ASCII whitespace, NO-BREAK SPACE (U+00A0) and IDEOGRAPHIC SPACE (U+3000).
bool IsSpaceCodePoint(char32_t cp);

// `text` without leading and trailing IsSpaceCodePoint characters.
std::string_view TrimSpace(std::string_view text);

}  // namespace shouhu::domain
