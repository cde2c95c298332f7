#include "api/token.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <optional>
#include <string_view>
#include <system_error>

#include "fs/private_files.h"

namespace draftbox {
namespace {

constexpr size_t kTokenBytes = 32;  // 256 bits: not guessable over a loopback socket
constexpr size_t kTokenChars = 2 * kTokenBytes;
constexpr size_t kMaxFileBytes = 256;  // a token file is 65 bytes; more is not a token

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

bool IsTokenText(std::string_view text) {
  if (text.size() != kTokenChars) return false;
  for (char c : text) {
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex) return false;
  }
  return true;
}

Result<std::string> RandomHex() {
  unsigned char bytes[kTokenBytes];
  size_t got = 0;
  while (got < kTokenBytes) {
    ssize_t n = getrandom(bytes + got, kTokenBytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(ErrorCode::kIo, "getrandom failed: " + ErrnoText(errno));
    got += static_cast<size_t>(n);
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(kTokenChars);
  for (unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xf];
  }
  return out;
}

// Refuses a token file that others could have read or planted (see EnsureToken).
Status CheckPrivate(int fd, const std::string& file) {
  struct stat st {};
  if (fstat(fd, &st) != 0)
    return Fail(ErrorCode::kIo, "cannot stat " + file + ": " + ErrnoText(errno));
  if (!S_ISREG(st.st_mode)) return Fail(ErrorCode::kAuth, file + " is not a regular file");
  if (st.st_uid != geteuid()) {
    return Fail(ErrorCode::kAuth, file + " is owned by uid " + std::to_string(st.st_uid) +
                                      ", not by this user: delete it and restart the daemon");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Fail(ErrorCode::kAuth,
                file + " can be read or written by other users (mode " + mode +
                    "), so the token may have leaked: delete it and restart the daemon to make "
                    "a new one (the CLI and the add-on pick the new one up)");
  }
  return {};
}

// Reads and validates the token at `file`. kNotFound if it does not exist.
Result<std::string> ReadTokenFile(const std::string& file, bool require_private) {
  // O_NONBLOCK: a FIFO in place of the token must not hang start-up (CheckPrivate refuses it).
  int flags = O_RDONLY | O_CLOEXEC | (require_private ? O_NOFOLLOW | O_NONBLOCK : 0);
  int fd = open(file.c_str(), flags);
  if (fd < 0 && errno == ENOENT) {
    return Fail(ErrorCode::kNotFound,
                "no token at " + file + ": is the daemon initialised/started?");
  }
  if (fd < 0 && errno == ELOOP) {
    return Fail(ErrorCode::kAuth, SymlinkRefusal(file) + " and restart the daemon");
  }
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot open " + file + ": " + ErrnoText(errno));
  if (require_private) {
    if (Status ok = CheckPrivate(fd, file); !ok) {
      close(fd);
      return std::unexpected(ok.error());
    }
  }
  std::string text(kMaxFileBytes, '\0');
  ssize_t n = read(fd, text.data(), text.size());
  int read_errno = errno;
  close(fd);
  if (n < 0) return Fail(ErrorCode::kIo, "cannot read " + file + ": " + ErrnoText(read_errno));
  text.resize(static_cast<size_t>(n));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (!IsTokenText(text)) {
    return Fail(ErrorCode::kIo, file +
                                    " does not hold a token (64 hex characters): delete it "
                                    "and restart the daemon");
  }
  return text;
}

// Writes a new token to a private temporary file and links it to `file`. Returns nullopt if
// `file` appeared meanwhile (another daemon won the race; the caller reads that one).
Result<std::optional<std::string>> CreateTokenFile(const std::string& file) {
  Result<std::string> token = RandomHex();
  if (!token) return std::unexpected(token.error());
  // A random suffix: two starts racing (even threads of one process) each get their own.
  Result<std::string> suffix = RandomHex();
  if (!suffix) return std::unexpected(suffix.error());
  std::string tmp = file + ".tmp." + suffix->substr(0, 16);
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(ErrorCode::kIo, "cannot create " + tmp + ": " + ErrnoText(errno));
  std::string line = *token + "\n";
  bool written =
      write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && fsync(fd) == 0;
  int write_errno = errno;
  close(fd);
  if (!written) {
    unlink(tmp.c_str());
    return Fail(ErrorCode::kIo, "cannot write " + tmp + ": " + ErrnoText(write_errno));
  }
  // link() fails with EEXIST instead of replacing: the O_EXCL of the final name, made atomic.
  int linked = link(tmp.c_str(), file.c_str());
  int link_errno = errno;
  unlink(tmp.c_str());
  if (linked == 0) return std::optional<std::string>(*token);
  if (link_errno == EEXIST) return std::optional<std::string>();
  return Fail(ErrorCode::kIo, "cannot create " + file + ": " + ErrnoText(link_errno));
}

}  // namespace

std::filesystem::path TokenPath(const std::filesystem::path& data_dir) {
  return data_dir / "token";
}

Result<std::string> EnsureToken(const std::filesystem::path& data_dir) {
  const std::string file = TokenPath(data_dir).string();
  Result<std::string> existing = ReadTokenFile(file, /*require_private=*/true);
  if (existing || existing.error().code != ErrorCode::kNotFound) return existing;
  Result<std::optional<std::string>> created = CreateTokenFile(file);
  if (!created) return std::unexpected(created.error());
  if (created->has_value()) return **created;
  return ReadTokenFile(file, /*require_private=*/true);
}

Result<std::string> ReadToken(const std::filesystem::path& data_dir) {
  return ReadTokenFile(TokenPath(data_dir).string(), /*require_private=*/false);
}

}  // namespace draftbox
