// A file descriptor that closes itself: the one owner of an fd from open(), openat() or pipe().
// Not thread-safe; move-only.
#ifndef DRAFTBOX_FS_UNIQUE_FD_H_
#define DRAFTBOX_FS_UNIQUE_FD_H_

#include <unistd.h>

#include <utility>

namespace draftbox {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) {
      Close();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  ~UniqueFd() { Close(); }

  // -1 when empty.
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace draftbox

#endif  // DRAFTBOX_FS_UNIQUE_FD_H_
