#include "mail/imap_mailbox.h"

#include <algorithm>
#include <optional>
#include <system_error>
#include <thread>

#include "core/loopback.h"
#include "mail/imap_session.h"

namespace draftbox {
namespace {

// A typical draft's size for asking whether LITERAL- would carry it (RFC 7888 allows 4096).
constexpr size_t kLiteralMinusBytes = 4096;

std::string Replace(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos))
    text.replace(pos, secret.size(), "***");
  return text;
}

}  // namespace

Result<std::unique_ptr<ImapMailbox>> ImapMailbox::Create(ImapOptions options) {
  if (options.host.empty())
    return Fail(ErrorCode::kInvalidArgument, "mailbox.host: must not be empty");
  if (options.user.empty())
    return Fail(ErrorCode::kInvalidArgument, "mailbox.user: must not be empty");
  if (options.port == 0) return Fail(ErrorCode::kInvalidArgument, "mailbox.port: must be 1..65535");
  if (options.security == ImapSecurity::kNone && !IsLoopbackHost(options.host)) {
    return Fail(ErrorCode::kInvalidArgument,
                "mailbox.security: \"none\" sends the password in clear text and is only allowed "
                "to a loopback host, not \"" +
                    options.host + "\"");
  }
  if (options.timeout.count() <= 0)
    return Fail(ErrorCode::kInvalidArgument, "mailbox timeout: must be positive");
  if (!options.ca_file.empty() && !CaFileHasCertificate(options.ca_file)) {
    return Fail(ErrorCode::kInvalidArgument,
                "CA file " + options.ca_file.string() + ": unreadable or holds no PEM certificate");
  }
  return std::unique_ptr<ImapMailbox>(new ImapMailbox(std::move(options)));
}

ImapMailbox::ImapMailbox(ImapOptions options) : options_(std::move(options)) {}

ImapMailbox::~ImapMailbox() = default;

Error ImapMailbox::MapCurrentException(const char* what, const std::string& folder) const {
  const std::string where = std::string(what) + " on " + options_.host + ":" +
                            std::to_string(options_.port) + " as " + options_.user;
  auto make = [&](ErrorCode code, const std::string& detail) {
    return Error{code, Replace(where + ": " + detail, options_.password)};
  };
  try {
    throw;
  } catch (const ImapRefusal& e) {
    if (e.throttled())
      return make(ErrorCode::kUnavailable,
                  std::string("the server asks to slow down: ") + e.what());
    if (e.nonexistent() && !folder.empty())
      return make(ErrorCode::kNotFound,
                  "folder \"" + folder + "\" does not exist (" + e.what() + ")");
    return make(ErrorCode::kMailbox, e.what());
  } catch (const ImapLoginUnavailable& e) {
    return make(ErrorCode::kUnavailable,
                std::string("login refused for now, not for the credentials (server said: ") +
                    e.what() + ")");
  } catch (const vmime::exceptions::authentication_error& e) {
    if (options_.oauth2) {
      // vmime needs the server to offer XOAUTH2 next to a mechanism GNU SASL knows (as Gmail
      // and Microsoft 365 do); a token the server refuses ends here too.
      return make(ErrorCode::kAuth,
                  "SASL XOAUTH2 login failed: the server does not offer it or "
                  "refused the token (server said: " +
                      e.response() + ")");
    }
    return make(
        ErrorCode::kAuth,
        "login rejected, check the user name and credentials (server said: " + e.response() + ")");
  } catch (const vmime::exceptions::no_such_mechanism&) {
    return make(ErrorCode::kAuth, "the server offers no SASL XOAUTH2 login");
  } catch (const vmime::exceptions::sasl_exception&) {
    return make(ErrorCode::kAuth, "SASL login failed");
  } catch (const vmime::exceptions::authentication_exception&) {
    return make(ErrorCode::kAuth, "login failed");
  } catch (const vmime::security::cert::certificateException& e) {
    return make(ErrorCode::kTls, std::string("server certificate rejected: ") + e.what());
  } catch (const vmime::exceptions::tls_exception& e) {
    return make(ErrorCode::kTls, std::string("TLS failed: ") + e.what());
  } catch (const vmime::exceptions::operation_timed_out&) {
    return make(ErrorCode::kUnavailable,
                "timed out after " + std::to_string(options_.timeout.count()) + " s");
  } catch (const vmime::exceptions::folder_not_found& e) {
    return make(ErrorCode::kNotFound, "folder \"" + folder + "\" does not exist");
  } catch (const vmime::exceptions::command_error& e) {
    return make(ErrorCode::kMailbox,
                std::string("server refused ") + e.command() + ": " + e.response());
  } catch (const vmime::exceptions::invalid_response& e) {
    return make(ErrorCode::kMailbox, std::string("unexpected server response: ") + e.what());
  } catch (const vmime::exceptions::unsupported_option& e) {
    return make(ErrorCode::kTls, std::string("the server does not offer STARTTLS: ") + e.what());
  } catch (const vmime::exceptions::connection_greeting_error& e) {
    return make(ErrorCode::kUnavailable, std::string("bad greeting: ") + e.what());
  } catch (const vmime::exceptions::net_exception& e) {
    // socket errors, refused connections, dropped connections, "not connected"
    return make(ErrorCode::kUnavailable, e.what());
  } catch (const std::invalid_argument& e) {
    return make(ErrorCode::kInvalidArgument, e.what());
  } catch (const vmime::exception& e) {
    return make(ErrorCode::kMailbox, e.what());
  } catch (const std::exception& e) {
    return make(ErrorCode::kInternal, e.what());
  } catch (...) {
    return make(ErrorCode::kInternal, "unknown exception");
  }
}

Status ImapMailbox::EnsureSession() {
  if (session_) return {};
  for (bool refreshed = false;; refreshed = true) {
    try {
      session_ = std::make_unique<ImapSession>(options_);
      return {};
    } catch (const vmime::exceptions::authentication_error&) {
      // The server refused the credentials. An OAuth2 access token expires on its own, so one
      // refusal earns one fresh token; a second refusal is final (the caller's login gate then
      // keeps the account from being locked).
      session_.reset();
      Error refused = MapCurrentException("IMAP connect", "");
      if (refreshed) {
        return Fail(ErrorCode::kAuth, refused.message + "; that was a fresh token, refused too");
      }
      if (!options_.oauth2 || !options_.refresh_token) return std::unexpected(std::move(refused));
      Result<std::string> fresh = options_.refresh_token();
      if (!fresh) {
        return Fail(ErrorCode::kAuth, refused.message + "; no fresh token to retry with: " +
                                          Replace(fresh.error().message, options_.password));
      }
      if (*fresh == options_.password) {
        return Fail(ErrorCode::kAuth,
                    refused.message + "; the token command gave the same token again");
      }
      options_.password = std::move(*fresh);
    } catch (...) {
      session_.reset();
      return std::unexpected(MapCurrentException("IMAP connect", ""));
    }
  }
}

template <typename T, typename Op>
Result<T> ImapMailbox::WithSession(const char* what, const std::string& folder, bool retry, Op op) {
  for (int attempt = 0;; ++attempt) {
    const bool reused = session_ != nullptr;
    if (auto connected = EnsureSession(); !connected) return std::unexpected(connected.error());
    try {
      return op(*session_);
    } catch (...) {
      // vmime's objects are not safe to use after an exception (a timeout can leave freed
      // state behind): drop the whole session; the next call starts from scratch.
      Error error = MapCurrentException(what, folder);
      session_.reset();
      if (retry && reused && attempt == 0 && error.code == ErrorCode::kUnavailable) continue;
      return std::unexpected(std::move(error));
    }
  }
}

Status ImapMailbox::Connect() { return EnsureSession(); }

void ImapMailbox::Disconnect() { session_.reset(); }

Result<std::vector<FolderInfo>> ImapMailbox::ListFolderInfo() {
  return WithSession<std::vector<FolderInfo>>("LIST", "", true,
                                              [](ImapSession& s) { return s.List(); });
}

Result<std::vector<std::string>> ImapMailbox::ListFolders() {
  auto infos = ListFolderInfo();
  if (!infos) return std::unexpected(infos.error());
  std::vector<std::string> names;
  for (FolderInfo& info : *infos) names.push_back(std::move(info.name));
  return names;
}

Result<MailboxFolders> ImapMailbox::FindFolders() {
  auto infos = ListFolderInfo();
  if (!infos) return std::unexpected(infos.error());
  return ChooseFolders(*infos, FolderOverrides{options_.drafts_folder, options_.sent_folder});
}

Result<FolderStatus> ImapMailbox::GetStatus(const std::string& folder) {
  return WithSession<FolderStatus>("STATUS", folder, true,
                                   [&](ImapSession& s) { return s.Status(folder); });
}

Result<AppendedMessage> ImapMailbox::Append(const std::string& folder, const std::string& raw,
                                            unsigned flags) {
  // Never retried: the server may have stored the message before the connection dropped.
  return WithSession<AppendedMessage>("APPEND", folder, false,
                                      [&](ImapSession& s) { return s.Append(folder, raw, flags); });
}

std::vector<Result<AppendedMessage>> ImapMailbox::AppendMany(const std::string& folder,
                                                             const std::vector<std::string>& raws,
                                                             unsigned flags) {
  std::vector<std::optional<Result<AppendedMessage>>> answered(raws.size());
  // Never retried, as Append: what was sent but not answered may be stored already.
  Result<bool> done = WithSession<bool>("APPEND", folder, false, [&](ImapSession& s) {
    s.AppendMany(folder, raws, flags, answered, append_record_);
    return true;
  });
  std::vector<Result<AppendedMessage>> results;
  results.reserve(raws.size());
  for (std::optional<Result<AppendedMessage>>& r : answered) {
    if (r) {
      results.push_back(std::move(*r));
    } else if (!done) {
      results.push_back(std::unexpected(done.error()));
    } else {
      results.push_back(Fail(ErrorCode::kInternal, "APPEND: the server's answer went missing"));
    }
  }
  return results;
}

Result<bool> ImapMailbox::BatchesAppends() {
  return WithSession<bool>("CAPABILITY", "", true,
                           [](ImapSession& s) { return s.NonSyncLiterals(kLiteralMinusBytes); });
}

Result<std::vector<FetchedMessage>> ImapMailbox::FetchSince(const std::string& folder,
                                                            uint32_t after_uid, int max_count) {
  if (max_count <= 0) return Fail(ErrorCode::kInvalidArgument, "FetchSince: max_count must be > 0");
  return WithSession<std::vector<FetchedMessage>>("FETCH", folder, true, [&](ImapSession& s) {
    return s.FetchSince(folder, after_uid, max_count);
  });
}

Status ImapMailbox::Delete(const std::string& folder, const std::vector<uint32_t>& uids) {
  if (uids.empty()) return {};
  auto done = WithSession<bool>("DELETE", folder, true, [&](ImapSession& s) {
    s.Delete(folder, uids);
    return true;
  });
  if (!done) return std::unexpected(done.error());
  return {};
}

Result<std::vector<uint32_t>> ImapMailbox::FindByMessageId(const std::string& folder,
                                                           const std::string& message_id) {
  // Goes into a quoted string on the command line: CR, LF or 8-bit bytes would break it.
  const bool printable = std::all_of(message_id.begin(), message_id.end(),
                                     [](char c) { return c > 0x20 && c < 0x7F; });
  if (message_id.empty() || !printable) {
    return Fail(ErrorCode::kInvalidArgument,
                "FindByMessageId: message_id must be non-empty printable ASCII without spaces");
  }
  // Searching changes nothing, so a dropped connection may retry.
  return WithSession<std::vector<uint32_t>>("SEARCH", folder, true, [&](ImapSession& s) {
    return s.FindByMessageId(folder, message_id);
  });
}

Result<std::vector<uint32_t>> ImapMailbox::ListUids(const std::string& folder) {
  return WithSession<std::vector<uint32_t>>("SEARCH", folder, true,
                                            [&](ImapSession& s) { return s.ListUids(folder); });
}

Result<bool> ImapMailbox::WaitForChange(const std::string& folder, uint32_t after_uid,
                                        std::chrono::milliseconds timeout,
                                        const std::atomic<bool>* stop,
                                        std::chrono::milliseconds poll_interval) {
  Result<bool> has_idle = WithSession<bool>("CAPABILITY", "", true,
                                            [](ImapSession& s) { return s.HasCapability("IDLE"); });
  if (!has_idle) return has_idle;
  if (*has_idle) {
    // Not retried: a dropped IDLE is reported, and the caller re-reads the folder anyway.
    return WithSession<bool>("IDLE", folder, false, [&](ImapSession& s) {
      return s.Idle(folder, after_uid, timeout, stop);
    });
  }
  Result<FolderStatus> before = GetStatus(folder);
  if (!before) return std::unexpected(before.error());
  if (before->uid_next > after_uid + 1) return true;
  constexpr auto kSlice = std::chrono::milliseconds(200);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto next_poll = std::chrono::steady_clock::now() + poll_interval;
  while (stop == nullptr || !stop->load()) {
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    if (now < next_poll) {
      std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
          kSlice, std::min(next_poll, deadline) - now));
      continue;
    }
    next_poll = now + poll_interval;
    Result<FolderStatus> after = GetStatus(folder);
    if (!after) return std::unexpected(after.error());
    if (after->uid_next != before->uid_next || after->messages != before->messages ||
        after->uid_validity != before->uid_validity) {
      return true;
    }
  }
  return false;
}

}  // namespace draftbox
