// Delivers the event log to the configured webhook ([webhook] url): on its own thread it follows
// the log from the last delivered id and POSTs each event (the JSON object of GET /v1/events)
// with X-Draftbox-Event-Id, X-Draftbox-Event-Type and X-Draftbox-Signature:
// sha256=<hex HMAC-SHA256 of the body keyed with the secret>. Events go one at a time, in id
// order: a failed delivery (no answer, or any status but 2xx) is retried with capped
// exponential backoff and later events wait behind it. Nothing else in the daemon waits for
// the sender: appends only land in the log, the sender reads it.
// Delivery is at least once: the id of the last delivered event is written to the cursor file
// after each delivery, so a crash between a receiver's 2xx and that write repeats one event;
// receivers should ignore ids they have seen. Without a cursor file the sender starts after
// the log's newest event (turning the webhook on does not replay the history).
// Thread-safe: Start/Stop from the owning thread, delivered_id() from any.
#ifndef DRAFTBOX_APP_WEBHOOK_SENDER_H_
#define DRAFTBOX_APP_WEBHOOK_SENDER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "core/error.h"
#include "store/database.h"
#include "store/event_log.h"

namespace httplib {
class Client;
}

namespace draftbox {

struct WebhookOptions {
  std::string url;  // https://..., or http:// to a loopback host (checked by the config)
  // Fetches the HMAC key; called on the sender's thread before the first delivery and again
  // after a failure to get it. Its error is logged (it must not contain the secret).
  std::function<Result<std::string>()> secret;
  std::filesystem::path cursor_file;  // <data_dir>/webhook.cursor
  std::chrono::milliseconds min_backoff = std::chrono::seconds(1);
  std::chrono::milliseconds max_backoff = std::chrono::minutes(5);
  // An idle sender wakes on any write to the database; this is how often it looks anyway.
  std::chrono::milliseconds poll_interval{500};
  // Per request; bounds how long Stop() can wait for a receiver that does not answer.
  std::chrono::seconds timeout{10};
};

class WebhookSender {
 public:
  // `db` must outlive the sender.
  WebhookSender(Database& db, WebhookOptions options);
  ~WebhookSender();  // Stops.
  WebhookSender(const WebhookSender&) = delete;
  WebhookSender& operator=(const WebhookSender&) = delete;

  // Starts the thread. No-op if already started.
  void Start();

  // Wakes the thread, aborts a request in flight and joins. Idempotent.
  void Stop();

  // The id of the last event delivered (or skipped as older than the first start); -1 until the
  // cursor is known.
  int64_t delivered_id() const { return delivered_id_.load(); }

  // Deliveries tried so far, successful or not (for tests and status).
  int64_t attempts() const { return attempts_.load(); }

 private:
  void Run();
  // Loads the cursor, or starts it at the log's last id. False if stopping first.
  bool InitCursor();
  // Gets the key, retrying with backoff. False if stopping first.
  bool InitSecret();
  // POSTs `event` until a 2xx. False if stopping first.
  bool Deliver(const Event& event);
  // One POST; kUnavailable / kInvalidArgument saying why it was not taken.
  Status PostOnce(const std::string& body, const Event& event);
  Status SaveCursor(int64_t id);
  // Sleeps up to `delay`; false if Stop() was called.
  bool SleepUnlessStopped(std::chrono::milliseconds delay);
  bool Stopping();

  Database& db_;
  EventLog log_;
  WebhookOptions options_;
  std::string secret_;  // only touched by the thread
  std::atomic<int64_t> delivered_id_ = -1;
  std::atomic<int64_t> attempts_ = 0;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;                 // guarded by mu_
  httplib::Client* in_flight_ = nullptr;  // guarded by mu_
  std::thread thread_;
};

// "sha256=<lower-case hex HMAC-SHA256 of `body` keyed with `secret`>": the signature header.
std::string WebhookSignature(std::string_view secret, std::string_view body);

// Splits a webhook URL into httplib's "scheme://host:port" and the request path ("/" when
// none). kInvalidArgument when it is not http(s)://host...
struct WebhookTarget {
  std::string origin;
  std::string path;
};
Result<WebhookTarget> SplitWebhookUrl(std::string_view url);

// Reads the cursor file: nullopt when it does not exist; kIo when it cannot be read or does not
// hold one non-negative integer.
Result<std::optional<int64_t>> ReadWebhookCursor(const std::filesystem::path& file);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_WEBHOOK_SENDER_H_
