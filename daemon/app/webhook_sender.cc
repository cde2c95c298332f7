#include "app/webhook_sender.h"

#include <fcntl.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "api/event_routes.h"
#include "app/store_event_service.h"
#include "core/text.h"
#include "core/version.h"
#include "fs/private_files.h"

namespace draftbox {
namespace {

namespace fs = std::filesystem;

// Events read per look at the log; each is still delivered on its own.
constexpr int kBatch = 100;

std::string Hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0x0f];
  }
  return out;
}

std::string ErrnoText() { return std::strerror(errno); }

// Writes next to the cursor and renames, so a crash leaves the old cursor or the new one.
Status WriteAtomically(const fs::path& file, const std::string& text) {
  fs::path temp = file;
  temp += ".tmp";
  // Not following a link: O_TRUNC on one planted here would empty the file it points to.
  Result<UniqueFd> fd = OpenPrivateFile(temp, O_WRONLY | O_CREAT | O_TRUNC);
  if (!fd) return std::unexpected(fd.error());
  bool ok = ::write(fd->get(), text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ::fsync(fd->get()) == 0 && ok;
  fd->Close();
  if (!ok || ::rename(temp.c_str(), file.c_str()) != 0) {
    std::string reason = ErrnoText();
    ::unlink(temp.c_str());
    return Fail(ErrorCode::kIo, file.string() + ": cannot write: " + reason);
  }
  return {};
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view body) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), mac, &length);
  return "sha256=" + Hex(mac, length);
}

Result<WebhookTarget> SplitWebhookUrl(std::string_view url) {
  size_t scheme_end = url.find("://");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme_end == std::string_view::npos || (scheme != "http" && scheme != "https")) {
    return Fail(ErrorCode::kInvalidArgument, "webhook url must start with https:// or http://");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  if (authority.empty()) return Fail(ErrorCode::kInvalidArgument, "webhook url has no host");
  std::string path =
      path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  path = path.substr(0, path.find('#'));
  if (path.empty() || path.front() != '/') path.insert(0, "/");
  return WebhookTarget{std::string(scheme) + "://" + std::string(authority), path};
}

Result<std::optional<int64_t>> ReadWebhookCursor(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::optional<int64_t>();
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return Fail(ErrorCode::kIo, file.string() + ": cannot read: " + ErrnoText());
  std::string value = text.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == ' ')) value.pop_back();
  int64_t id = -1;
  auto [ptr, parse_error] = std::from_chars(value.data(), value.data() + value.size(), id);
  if (value.empty() || parse_error != std::errc() || ptr != value.data() + value.size() || id < 0) {
    return Fail(ErrorCode::kIo, file.string() + ": expected one event id, found \"" +
                                    TruncateUtf8WithEllipsis(ToValidUtf8(value), 40) + "\"");
  }
  return std::optional<int64_t>(id);
}

WebhookSender::WebhookSender(Database& db, WebhookOptions options)
    : db_(db), log_(db), options_(std::move(options)) {}

WebhookSender::~WebhookSender() { Stop(); }

void WebhookSender::Start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Run(); });
}

void WebhookSender::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    if (in_flight_ != nullptr) in_flight_->stop();
  }
  wake_.notify_all();
  db_.Nudge();  // ends a wait for the next write
  thread_.join();
}

bool WebhookSender::Stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

bool WebhookSender::SleepUnlessStopped(std::chrono::milliseconds delay) {
  std::unique_lock lock(mu_);
  return !wake_.wait_for(lock, delay, [this] { return stopping_; });
}

void WebhookSender::Run() {
  spdlog::info("webhook: delivering events to {}", options_.url);
  if (!InitSecret() || !InitCursor()) return;
  std::chrono::milliseconds backoff = options_.min_backoff;
  while (!Stopping()) {
    // Read before the log, so that a write in between still ends the wait below.
    const uint64_t seen = db_.WriteSequence();
    Result<std::vector<Event>> events = log_.ReadSince(delivered_id_.load(), kBatch);
    if (!events) {
      spdlog::error("webhook: cannot read the event log: {}", events.error().message);
      if (!SleepUnlessStopped(backoff)) return;
      backoff = std::min(backoff * 2, options_.max_backoff);
      continue;
    }
    backoff = options_.min_backoff;
    if (events->empty()) {
      if (Stopping()) return;
      db_.WaitForWrite(seen, std::chrono::steady_clock::now() + options_.poll_interval);
      continue;
    }
    for (const Event& event : *events) {
      if (!Deliver(event)) return;
      delivered_id_ = event.id;
      if (Status saved = SaveCursor(event.id); !saved) {
        spdlog::error("webhook: {} (event {} may be delivered again after a restart)",
                      saved.error().message, event.id);
      }
    }
  }
}

bool WebhookSender::InitSecret() {
  std::chrono::milliseconds backoff = options_.min_backoff;
  while (!Stopping()) {
    Result<std::string> secret =
        options_.secret ? options_.secret() : Fail(ErrorCode::kConfig, "no secret source");
    if (secret && !secret->empty()) {
      secret_ = std::move(*secret);
      return true;
    }
    spdlog::error("webhook.secret_command: {}; retrying in {} ms",
                  secret ? "printed an empty key" : secret.error().message, backoff.count());
    if (!SleepUnlessStopped(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return false;
}

bool WebhookSender::InitCursor() {
  std::chrono::milliseconds backoff = options_.min_backoff;
  while (!Stopping()) {
    Result<std::optional<int64_t>> saved = ReadWebhookCursor(options_.cursor_file);
    if (saved && *saved) {
      delivered_id_ = **saved;
      spdlog::info("webhook: continuing after event {}", **saved);
      return true;
    }
    if (!saved)
      spdlog::error("webhook: {}; starting after the newest event", saved.error().message);
    Result<int64_t> last = log_.LastId();
    if (last) {
      delivered_id_ = *last;
      if (Status written = SaveCursor(*last); !written) {
        spdlog::error("webhook: {}", written.error().message);
      }
      spdlog::info("webhook: starting after event {}", *last);
      return true;
    }
    spdlog::error("webhook: cannot read the event log: {}", last.error().message);
    if (!SleepUnlessStopped(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return false;
}

bool WebhookSender::Deliver(const Event& event) {
  const std::string body = EventToJson(ToEventRecord(event))
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::chrono::milliseconds backoff = options_.min_backoff;
  for (int attempt = 1; !Stopping(); ++attempt) {
    ++attempts_;
    Status posted = PostOnce(body, event);
    if (posted) return true;
    spdlog::warn("webhook: event {} not delivered (attempt {}): {}; retrying in {} ms", event.id,
                 attempt, posted.error().message, backoff.count());
    if (!SleepUnlessStopped(backoff)) return false;
    backoff = std::min(backoff * 2, options_.max_backoff);
  }
  return false;
}

Status WebhookSender::PostOnce(const std::string& body, const Event& event) {
  Result<WebhookTarget> target = SplitWebhookUrl(options_.url);
  if (!target) return std::unexpected(target.error());
  httplib::Client client(target->origin);
  client.set_connection_timeout(options_.timeout);
  client.set_read_timeout(options_.timeout);
  client.set_write_timeout(options_.timeout);
  // A redirect would re-send the signed body somewhere the config never named.
  client.set_follow_location(false);
  {
    std::lock_guard lock(mu_);
    if (stopping_) return Fail(ErrorCode::kUnavailable, "stopping");
    in_flight_ = &client;
  }
  httplib::Headers headers = {{"X-Draftbox-Event-Id", std::to_string(event.id)},
                              {"X-Draftbox-Event-Type", event.type},
                              {"X-Draftbox-Signature", WebhookSignature(secret_, body)},
                              {"User-Agent", std::string("draftbox/") + kVersion}};
  httplib::Result result = client.Post(target->path, headers, body, "application/json");
  {
    std::lock_guard lock(mu_);
    in_flight_ = nullptr;
  }
  if (!result) {
    return Fail(ErrorCode::kUnavailable,
                "no answer from " + target->origin + ": " + httplib::to_string(result.error()));
  }
  if (result->status < 200 || result->status > 299) {
    return Fail(ErrorCode::kUnavailable,
                "the receiver answered HTTP " + std::to_string(result->status));
  }
  return {};
}

Status WebhookSender::SaveCursor(int64_t id) {
  return WriteAtomically(options_.cursor_file, std::to_string(id) + "\n");
}

}  // namespace draftbox
