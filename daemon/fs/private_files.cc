#include "fs/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>

namespace draftbox {
namespace {

namespace fs = std::filesystem;

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

std::string ModeText(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

std::string OwnerText(uid_t owner) {
  return "is owned by uid " + std::to_string(owner) + ", not by this user (uid " +
         std::to_string(geteuid()) + ")";
}

bool IsSymlink(const fs::path& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// `name` is "<what> <path>".
Status CheckDir(const struct stat& st, const std::string& name, const fs::path& dir) {
  if (!S_ISDIR(st.st_mode)) return Fail(ErrorCode::kIo, name + " is not a directory");
  if (st.st_uid != geteuid()) {
    return Fail(ErrorCode::kIo, name + " " + OwnerText(st.st_uid) +
                                    "; Draftbox keeps private files there: use a folder of "
                                    "your own");
  }
  const std::string fix = ": run `chmod 700 " + dir.string() + "`";
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return Fail(ErrorCode::kIo, name + " is writable by group or others (mode " +
                                    ModeText(st.st_mode) + "), so other users can put files in it" +
                                    fix);
  }
  if ((st.st_mode & S_IRWXU) != S_IRWXU) {
    return Fail(ErrorCode::kIo,
                name + " is not usable by its owner (mode " + ModeText(st.st_mode) + ")" + fix);
  }
  return {};
}

Status CheckFile(const struct stat& st, const fs::path& file) {
  if (S_ISLNK(st.st_mode)) return Fail(ErrorCode::kIo, SymlinkRefusal(file));
  if (!S_ISREG(st.st_mode)) return Fail(ErrorCode::kIo, file.string() + " is not a regular file");
  if (st.st_uid != geteuid()) {
    return Fail(ErrorCode::kIo, file.string() + " " + OwnerText(st.st_uid) + ": remove it");
  }
  return {};
}

}  // namespace

std::string SymlinkRefusal(const fs::path& file) {
  return file.string() +
         " is a symbolic link; Draftbox does not follow links in its data dir: remove it";
}

Status EnsurePrivateDir(const fs::path& dir, std::string_view what, DirLink link) {
  const std::string name = std::string(what) + " " + dir.string();
  if (dir.empty()) return Fail(ErrorCode::kIo, std::string(what) + " is empty");
  std::error_code ec;
  if (fs::path parent = dir.parent_path(); !parent.empty()) fs::create_directories(parent, ec);
  if (ec) return Fail(ErrorCode::kIo, "cannot create " + name + ": " + ec.message());
  // mkdir with the mode, not mkdir then chmod: the folder is never open to others, not even
  // for a moment.
  const bool created = ::mkdir(dir.c_str(), 0700) == 0;
  if (!created && errno != EEXIST) {
    return Fail(ErrorCode::kIo, "cannot create " + name + ": " + ErrnoText(errno));
  }
  const int no_follow = link == DirLink::kRefuse ? O_NOFOLLOW : 0;
  UniqueFd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | no_follow));
  if (!fd.valid()) {
    const int err = errno;
    if (no_follow != 0 && IsSymlink(dir)) return Fail(ErrorCode::kIo, SymlinkRefusal(dir));
    if (err == ENOTDIR) return Fail(ErrorCode::kIo, name + " is not a directory");
    return Fail(ErrorCode::kIo, "cannot open " + name + ": " + ErrnoText(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return Fail(ErrorCode::kIo, "cannot stat " + name + ": " + ErrnoText(errno));
  }
  // A umask such as 0277 would leave a new folder its owner cannot write.
  if (created && (st.st_mode & 07777) != 0700) {
    if (::fchmod(fd.get(), 0700) != 0) {
      return Fail(ErrorCode::kIo, "cannot set mode 0700 on " + name + ": " + ErrnoText(errno));
    }
    st.st_mode = (st.st_mode & ~07777) | 0700;
  }
  return CheckDir(st, name, dir);
}

Result<UniqueFd> OpenPrivateFile(const fs::path& file, int flags) {
  // O_NONBLOCK: opening a FIFO planted under this name must not hang start-up; it is refused
  // below as not a regular file. Regular files ignore the flag, and it is cleared anyway.
  // O_TRUNC waits for the checks: another user's file is refused, not emptied.
  const int open_flags = (flags & ~O_TRUNC) | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK;
  UniqueFd fd(::open(file.c_str(), open_flags, 0600));
  if (!fd.valid()) {
    const int err = errno;
    // ELOOP for a link; O_CREAT | O_EXCL gives EEXIST instead, for a dangling one too.
    if (err == ELOOP || (err == EEXIST && IsSymlink(file))) {
      return Fail(ErrorCode::kIo, SymlinkRefusal(file));
    }
    return Fail(ErrorCode::kIo, "cannot open " + file.string() + ": " + ErrnoText(err));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return Fail(ErrorCode::kIo, "cannot stat " + file.string() + ": " + ErrnoText(errno));
  }
  if (Status ok = CheckFile(st, file); !ok) return std::unexpected(ok.error());
  if ((flags & O_TRUNC) != 0 && ::ftruncate(fd.get(), 0) != 0) {
    return Fail(ErrorCode::kIo, "cannot truncate " + file.string() + ": " + ErrnoText(errno));
  }
  if ((flags & O_NONBLOCK) == 0) {
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  }
  return fd;
}

Status CheckPrivateFileName(const fs::path& file) {
  struct stat st {};
  if (::lstat(file.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return Fail(ErrorCode::kIo, "cannot stat " + file.string() + ": " + ErrnoText(errno));
  }
  return CheckFile(st, file);
}

Status RestrictToOwner(int fd, const fs::path& file) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    return Fail(ErrorCode::kIo, "cannot stat " + file.string() + ": " + ErrnoText(errno));
  }
  if ((st.st_mode & 077) == 0) return {};
  if (::fchmod(fd, st.st_mode & 0700) != 0) {
    return Fail(ErrorCode::kIo,
                "cannot set mode 0600 on " + file.string() + ": " + ErrnoText(errno));
  }
  return {};
}

}  // namespace draftbox
