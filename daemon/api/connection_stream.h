// The httplib::Stream one request of the local API is served from: the bytes ConnectionFront
// already read (the framed head, maybe the start of the body), then the non-blocking socket,
// each read and write waiting at most `io_timeout`. It also answers whether the client has gone
// away, so that long polls and streams end with their client. One request on one thread at a
// time; not thread-safe.
#ifndef DRAFTBOX_API_CONNECTION_STREAM_H_
#define DRAFTBOX_API_CONNECTION_STREAM_H_

#include <httplib.h>

#include <chrono>
#include <string>

namespace draftbox {

class ConnectionStream : public httplib::Stream {
 public:
  // `fd` is a connected non-blocking socket the caller keeps owning; `received` the bytes read
  // from it so far that no request has used yet.
  ConnectionStream(int fd, std::string received, std::chrono::milliseconds io_timeout);

  bool is_readable() const override;
  // False as well when the client has closed or reset its side.
  bool is_writable() const override;
  // Buffered bytes first, then the socket; -1 on a timeout or an error, 0 at the end.
  ssize_t read(char* ptr, size_t size) override;
  // All of `ptr` or -1 (timeout, error, client gone).
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  socket_t socket() const override { return fd_; }

  // True when the client has closed or reset the connection (a half-close counts: a client
  // that will send nothing more has left a long poll). Never blocks.
  bool ClientGone() const;

  // The received bytes no request has used (a pipelined next request), leaving none.
  std::string TakeUnread();

 private:
  int fd_;
  std::string received_;
  size_t used_ = 0;  // bytes of received_ already handed to read()
  std::chrono::milliseconds io_timeout_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_API_CONNECTION_STREAM_H_
