#include "security/key_ring.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>

namespace shouhu::security {
namespace {

constexpr std::string_view kHeader =
    "# Shouhu field-encryption keys (XChaCha20-Poly1305) and blind-index key (HMAC-SHA-256).\n"
    "# Keep this file outside the database and its backups, readable only by the server\n"
    "# (chmod 600). Losing it makes every encrypted field unreadable. Never commit it.\n";

Status FileError(const std::string& where, const std::string& reason) {
  return Status::InvalidArgument("key_file_invalid", FieldErrors{{where, reason}});
}

std::string LineField(size_t line) {
  return "line_" + std::to_string(line);
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

std::vector<std::string_view> Tokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && IsBlank(line[i])) ++i;
    const size_t start = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    if (i > start) tokens.push_back(line.substr(start, i - start));
  }
  return tokens;
}

std::optional<uint32_t> ParseKeyId(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 10 || text[0] == '0') return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() ||
      value > std::numeric_limits<uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(value);
}

std::optional<SecretKey> DecodeKey(std::string_view base64) {
  unsigned char buf[kKeyBytes + 1];
  size_t len = 0;
  const char* end = nullptr;
  const int rc = sodium_base642bin(buf, sizeof buf, base64.data(), base64.size(), nullptr, &len,
                                   &end, sodium_base64_VARIANT_ORIGINAL);
  std::optional<SecretKey> key;
  if (rc == 0 && end == base64.data() + base64.size()) key = SecretKey::FromBytes(buf, len);
  sodium_memzero(buf, sizeof buf);
  return key;
}

std::string EncodeKey(const SecretKey& key) {
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_encoded_len(SecretKey::size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), key.data(), SecretKey::size(), variant);
  out.resize(out.find('\0'));
  return out;
}

bool SameKey(const SecretKey& a, const SecretKey& b) {
  return sodium_memcmp(a.data(), b.data(), SecretKey::size()) == 0;
}

// Appends `prefix`, the base64 of `key` and a newline, wiping the temporary encoding.
void AppendKeyLine(std::string& out, const std::string& prefix, const SecretKey& key) {
  std::string encoded = EncodeKey(key);
  out += prefix;
  out += encoded;
  out += '\n';
  sodium_memzero(encoded.data(), encoded.size());
}

std::string FormatKeyFile(const KeyRing& ring) {
  std::string out(kHeader);
  out.reserve(out.size() + 64 * (ring.key_ids().size() + 2));
  for (uint32_t id : ring.key_ids()) {
    AppendKeyLine(out, "key " + std::to_string(id) + " ", *ring.FindKey(id));
  }
  out += "current " + std::to_string(ring.current_id()) + "\n";
  AppendKeyLine(out, "blind-index ", ring.blind_index_key());
  return out;
}

// What a key file has declared so far.
struct KeyFileEntries {
  std::map<uint32_t, SecretKey> keys;
  std::optional<uint32_t> current;
  std::optional<SecretKey> blind;

  // One entry ("key 1 <base64>", "current 1", "blind-index <base64>"); `where` names its line.
  Status Add(const std::vector<std::string_view>& tokens, const std::string& where) {
    const std::string_view directive = tokens[0];
    if (directive == "key") {
      if (tokens.size() != 3) return FileError(where, "bad_syntax");
      const auto id = ParseKeyId(tokens[1]);
      if (!id) return FileError(where, "bad_key_id");
      auto key = DecodeKey(tokens[2]);
      if (!key) return FileError(where, "bad_key");
      if (!keys.emplace(*id, *key).second) return FileError(where, "duplicate_key_id");
    } else if (directive == "current") {
      if (tokens.size() != 2) return FileError(where, "bad_syntax");
      const auto id = ParseKeyId(tokens[1]);
      if (!id) return FileError(where, "bad_key_id");
      if (current) return FileError(where, "duplicate_current");
      current = id;
    } else if (directive == "blind-index") {
      if (tokens.size() != 2) return FileError(where, "bad_syntax");
      auto key = DecodeKey(tokens[1]);
      if (!key) return FileError(where, "bad_key");
      if (blind) return FileError(where, "duplicate_blind_index");
      blind = key;
    } else {
      return FileError(where, "unknown_directive");
    }
    return Status::Ok();
  }
};

}  // namespace

SecretKey SecretKey::Generate(Random& random) {
  SecretKey key;
  random.Fill(key.bytes_.data(), key.bytes_.size());
  return key;
}

std::optional<SecretKey> SecretKey::FromBytes(const unsigned char* data, size_t n) {
  if (n != kKeyBytes) return std::nullopt;
  SecretKey key;
  std::copy(data, data + n, key.bytes_.begin());
  return key;
}

SecretKey::~SecretKey() {
  sodium_memzero(bytes_.data(), bytes_.size());
}

const SecretKey* KeyRing::FindKey(uint32_t id) const {
  const auto it = keys_.find(id);
  return it == keys_.end() ? nullptr : &it->second;
}

std::vector<uint32_t> KeyRing::key_ids() const {
  std::vector<uint32_t> ids;
  for (const auto& [id, key] : keys_) ids.push_back(id);
  return ids;
}

Result<KeyRing> LoadKeyRing(std::string_view text) {
  if (sodium_init() < 0) return Status::Internal("sodium_init_failed");
  KeyFileEntries entries;
  size_t line_number = 0;
  for (size_t pos = 0; pos <= text.size();) {
    const size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    const auto first = Tokens(line);
    if (first.empty() || first[0][0] == '#') continue;  // comments run to the end of the line
    for (size_t from = 0; from <= line.size();) {
      const size_t to = std::min(line.find(';', from), line.size());
      const auto tokens = Tokens(line.substr(from, to - from));
      from = to + 1;
      if (!tokens.empty()) SHOUHU_RETURN_IF_ERROR(entries.Add(tokens, LineField(line_number)));
    }
  }
  if (entries.keys.empty()) return FileError("key", "missing");
  if (!entries.current) return FileError("current", "missing");
  if (entries.keys.find(*entries.current) == entries.keys.end()) {
    return FileError("current", "unknown_key");
  }
  if (!entries.blind) return FileError("blind_index", "missing");
  for (const auto& [id, key] : entries.keys) {
    if (SameKey(key, *entries.blind)) return FileError("blind_index", "reused_key");
  }
  return KeyRing(std::move(entries.keys), *entries.current, *entries.blind);
}

std::ostream& operator<<(std::ostream& os, const SecretKey&) {
  return os << "SecretKey(redacted)";
}

std::ostream& operator<<(std::ostream& os, const KeyRing& ring) {
  os << "KeyRing(current=" << ring.current_id() << ", keys=[";
  const char* separator = "";
  for (uint32_t id : ring.key_ids()) {
    os << separator << id;
    separator = ", ";
  }
  return os << "])";
}

std::string GenerateKeyFile(Random& random) {
  std::map<uint32_t, SecretKey> keys;
  keys.emplace(1, SecretKey::Generate(random));
  const KeyRing ring(std::move(keys), 1, SecretKey::Generate(random));
  return FormatKeyFile(ring);
}

Result<std::string> RotateKeyFile(std::string_view text, Random& random) {
  SHOUHU_ASSIGN_OR_RETURN(const KeyRing ring, LoadKeyRing(text));
  const uint32_t next = ring.key_ids().back();
  if (next == std::numeric_limits<uint32_t>::max()) return FileError("key", "id_exhausted");
  std::map<uint32_t, SecretKey> keys = ring.keys_;
  keys.emplace(next + 1, SecretKey::Generate(random));
  const KeyRing rotated(std::move(keys), next + 1, ring.blind_index_key());
  return FormatKeyFile(rotated);
}

}  // namespace shouhu::security
