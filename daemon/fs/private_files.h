// The data dir's rules on disk, the way ssh treats ~/.ssh: the folders that hold Draftbox's
// private files (database, API token, logs) belong to this user and nobody else may write to
// them, and no symbolic link inside them is followed, so a link planted while a folder was
// open to others cannot send a write (or a chmod) somewhere else. Every file Draftbox makes
// there is 0600.
// Free functions; thread-safe (they only touch the file system). Checks of a name (rather than
// of an open fd) hold only inside a folder that EnsurePrivateDir accepted: nobody else can
// swap the name afterwards.
#ifndef DRAFTBOX_FS_PRIVATE_FILES_H_
#define DRAFTBOX_FS_PRIVATE_FILES_H_

#include <filesystem>
#include <string>
#include <string_view>

#include "core/error.h"
#include "fs/unique_fd.h"

namespace draftbox {

// Whether EnsurePrivateDir accepts a symbolic link in place of the folder itself.
enum class DirLink {
  kFollow,  // the data dir: the user named it in the config, and may keep it on another disk
  kRefuse,  // a folder inside the data dir: a link there was planted, never made by Draftbox
};

// Makes sure `dir` is a private folder: creates it 0700 when it is missing (missing parents
// with the default mode, as mkdir -p does), then refuses it unless it is a directory owned by
// this user, writable by its owner and not by group or others. Never chmods an existing
// folder: a folder others could write may already hold their links, so the user decides.
// `what` names the folder in messages ("data dir", "log folder"). Errors are kIo and name the
// path and the fix, e.g. "data dir /x is writable by group or others (mode 0777), so other
// users can put files in it: run `chmod 700 /x`"; a link refused under kRefuse gets
// SymlinkRefusal(dir).
Status EnsurePrivateDir(const std::filesystem::path& dir, std::string_view what, DirLink link);

// Opens `file` with open(2) `flags` plus O_NOFOLLOW and O_CLOEXEC (O_CREAT makes it 0600),
// without blocking on a FIFO put in its place; O_TRUNC takes effect only once the checks have
// passed, so a refused file keeps its content. kIo naming the file for a symbolic link,
// dangling or not (SymlinkRefusal), for anything but a regular file, for a file owned by
// another user, and when open fails. The mode of an existing file is left as it is: the
// caller refuses it or calls RestrictToOwner.
Result<UniqueFd> OpenPrivateFile(const std::filesystem::path& file, int flags);

// For a file another library opens by its name (SQLite's -wal and -shm, spdlog's log): OK when
// `file` does not exist or is a regular file of this user; otherwise kIo with the refusals of
// OpenPrivateFile.
Status CheckPrivateFileName(const std::filesystem::path& file);

// Takes the group and other bits off the open file `fd` with fchmod, never chmod on a name
// (which follows a link). Does nothing when they are already off. kIo naming `file` if
// fchmod fails.
Status RestrictToOwner(int fd, const std::filesystem::path& file);

// "<file> is a symbolic link; Draftbox does not follow links in its data dir: remove it".
std::string SymlinkRefusal(const std::filesystem::path& file);

}  // namespace draftbox

#endif  // DRAFTBOX_FS_PRIVATE_FILES_H_
