#include "cli/text_encoding.h"

#include <errno.h>
#include <iconv.h>

#include <algorithm>
#include <optional>

#include "core/text.h"

namespace draftbox {
namespace {

// iconv's name for an encoding people write, or nullopt when it is not one we take.
std::optional<const char*> IconvName(std::string_view encoding) {
  const std::string name = AsciiLower(encoding);
  if (name == "windows-1252" || name == "cp1252" || name == "windows1252") return "WINDOWS-1252";
  if (name == "latin1" || name == "latin-1" || name == "iso-8859-1" || name == "iso8859-1") {
    return "ISO-8859-1";
  }
  return std::nullopt;
}

// "0x9D".
std::string HexByte(char c) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  const auto u = static_cast<unsigned char>(c);
  return std::string("0x") + kDigits[u >> 4] + kDigits[u & 0xF];
}

int64_t LineAt(std::string_view bytes, size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
}

Result<std::string> CheckUtf8(std::string_view bytes, std::string_view file) {
  for (size_t i = 0; i < bytes.size();) {
    char32_t code_point = 0;
    const size_t n = DecodeUtf8At(bytes, i, &code_point);
    if (n == 0) {
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(file) + ":" + std::to_string(LineAt(bytes, i)) +
                      ": not valid UTF-8; a file saved by Excel on Windows or an older system "
                      "is most likely Windows-1252: import it with --encoding windows-1252 (or "
                      "latin1), or save it as UTF-8");
    }
    i += n;
  }
  return std::string(bytes);
}

}  // namespace

std::string_view KnownEncodings() { return "utf-8, windows-1252, latin1"; }

Result<std::string> DecodeToUtf8(std::string_view bytes, std::string_view encoding,
                                 std::string_view file) {
  const std::string name = AsciiLower(encoding);
  if (name.empty() || name == "utf-8" || name == "utf8") return CheckUtf8(bytes, file);
  std::optional<const char*> from = IconvName(name);
  if (!from) {
    return Fail(ErrorCode::kInvalidArgument, "--encoding: unknown encoding \"" +
                                                 std::string(encoding) + "\" (one of " +
                                                 std::string(KnownEncodings()) + ")");
  }
  iconv_t cd = iconv_open("UTF-8", *from);
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return Fail(ErrorCode::kInternal,
                std::string("the C library cannot convert from ") + *from + " (iconv_open)");
  }
  // Every byte of these single-byte encodings becomes at most 3 bytes of UTF-8.
  std::string out(bytes.size() * 3, '\0');
  char* in_ptr = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t done = iconv(cd, &in_ptr, &in_left, &out_ptr, &out_left);
  const int saved = errno;
  iconv_close(cd);
  if (done == static_cast<size_t>(-1)) {
    const size_t offset = bytes.size() - in_left;
    if (saved == EILSEQ || saved == EINVAL) {
      // Windows-1252 leaves five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) undefined.
      return Fail(ErrorCode::kInvalidArgument,
                  std::string(file) + ":" + std::to_string(LineAt(bytes, offset)) + ": byte " +
                      HexByte(bytes[offset]) + " is not a character in " + *from +
                      " (is the file in another encoding?)");
    }
    return Fail(ErrorCode::kInternal, std::string("converting from ") + *from + " failed");
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace draftbox
