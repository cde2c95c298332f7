#include "mail/imap_session.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <utility>
#include <vmime/platforms/posix/posixHandler.hpp>
#include <vmime/security/sasl/SASLMechanismFactory.hpp>
#include <vmime/security/sasl/XOAuth2SASLAuthenticator.hpp>
#include <vmime/security/sasl/XOAuth2SASLMechanism.hpp>

#include "mail/draft_message.h"
#include "mail/modified_utf7.h"
#include "mail/poll_socket.h"

namespace draftbox {
namespace {

namespace imap = vmime::net::imap;
using Parser = imap::IMAPParser;

constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";
// UIDs per STORE/EXPUNGE command: keeps command lines well under common server limits.
constexpr size_t kUidsPerCommand = 500;
// RFC 7888: LITERAL- allows non-synchronizing literals of at most this many bytes.
constexpr size_t kLiteralMinusLimit = 4096;
// Bytes of messages written before reading the answers: bounds what a dropped connection leaves
// unanswered and what sits in the socket buffers.
constexpr size_t kMaxBatchBytes = 1 << 20;

void InitVmimeOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    vmime::platform::setHandler<vmime::platforms::posix::posixHandler>();
    // Debian's vmime 0.9.2 ships the XOAUTH2 mechanism but does not register it with the SASL
    // factory, so without this no server's AUTH=XOAUTH2 would ever be used.
    auto factory = vmime::security::sasl::SASLMechanismFactory::getInstance();
    if (!factory->isMechanismSupported("XOAUTH2"))
      factory->registerMechanism<vmime::security::sasl::XOAuth2SASLMechanism>("XOAUTH2");
  });
}

// Credentials live only in these objects, never in vmime's property set, so that no property
// dump or trace can carry them.
class PasswordAuthenticator : public vmime::security::defaultAuthenticator {
 public:
  PasswordAuthenticator(std::string user, std::string password)
      : user_(std::move(user)), password_(std::move(password)) {}
  const vmime::string getUsername() const override { return user_; }
  const vmime::string getPassword() const override { return password_; }

 private:
  std::string user_;
  std::string password_;
};

class BearerAuthenticator : public vmime::security::sasl::XOAuth2SASLAuthenticator {
 public:
  BearerAuthenticator(std::string user, std::string token)
      : XOAuth2SASLAuthenticator(MODE_EXCLUSIVE),
        user_(std::move(user)),
        token_(std::move(token)) {}
  const vmime::string getUsername() const override { return user_; }
  const vmime::string getAccessToken() const override { return token_; }

 private:
  std::string user_;
  std::string token_;
};

// Cancels any single wait on the socket after `limit` (vmime then throws operation_timed_out).
class DeadlineHandler : public vmime::net::timeoutHandler {
 public:
  explicit DeadlineHandler(std::chrono::seconds limit) : limit_(limit) { resetTimeOut(); }
  bool isTimeOut() override { return std::chrono::steady_clock::now() - start_ >= limit_; }
  void resetTimeOut() override { start_ = std::chrono::steady_clock::now(); }
  bool handleTimeOut() override { return false; }

 private:
  std::chrono::seconds limit_;
  std::chrono::steady_clock::time_point start_;
};

class DeadlineHandlerFactory : public vmime::net::timeoutHandlerFactory {
 public:
  explicit DeadlineHandlerFactory(std::chrono::seconds limit) : limit_(limit) {}
  vmime::shared_ptr<vmime::net::timeoutHandler> create() override {
    return vmime::make_shared<DeadlineHandler>(limit_);
  }

 private:
  std::chrono::seconds limit_;
};

using CertList = std::vector<vmime::shared_ptr<vmime::security::cert::X509Certificate>>;

CertList ReadPemCertificates(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  static constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  CertList certs;
  size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const size_t end = text.find(kEnd, pos);
    if (end == std::string::npos) break;
    const std::string pem = text.substr(pos, end + kEnd.size() - pos) + "\n";
    auto cert = vmime::security::cert::X509Certificate::import(
        reinterpret_cast<const vmime::byte_t*>(pem.data()), pem.size());
    if (cert) certs.push_back(cert);
    pos = end + kEnd.size();
  }
  return certs;
}

const CertList& SystemRoots() {
  static const CertList roots = ReadPemCertificates(kSystemCaBundle);
  return roots;
}

vmime::shared_ptr<vmime::security::cert::certificateVerifier> MakeVerifier(
    const std::filesystem::path& ca_file) {
  // defaultCertificateVerifier checks the chain, validity dates and that the leaf matches the
  // host name; a pinned certificate is both a root (for chains it issued) and trusted as is.
  auto verifier = vmime::make_shared<vmime::security::cert::defaultCertificateVerifier>();
  CertList roots = SystemRoots();
  if (!ca_file.empty()) {
    CertList pinned = ReadPemCertificates(ca_file);
    roots.insert(roots.end(), pinned.begin(), pinned.end());
    verifier->setX509TrustedCerts(pinned);
  }
  verifier->setX509RootCAs(roots);
  return verifier;
}

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The command's verb for messages: never the arguments, which may hold message data.
std::string Verb(const std::string& command) {
  const size_t space = command.find(' ');
  std::string verb = command.substr(0, space);
  if ((verb == "UID") && space != std::string::npos) {
    verb += " " + command.substr(space + 1, command.find(' ', space + 1) - space - 1);
  }
  return verb;
}

std::string UidSet(const std::vector<uint32_t>& uids, size_t begin, size_t end) {
  std::string set;
  for (size_t i = begin; i < end; ++i) {
    if (!set.empty()) set += ',';
    set += std::to_string(uids[i]);
  }
  return set;
}

std::string FlagName(const Parser::flag& f) {
  switch (f.type()) {
    case Parser::flag::ANSWERED:
      return "\\Answered";
    case Parser::flag::FLAGGED:
      return "\\Flagged";
    case Parser::flag::DELETED:
      return "\\Deleted";
    case Parser::flag::SEEN:
      return "\\Seen";
    case Parser::flag::DRAFT:
      return "\\Draft";
    case Parser::flag::KEYWORD_OR_EXTENSION:
      return f.flag_keyword() ? f.flag_keyword()->value() : std::string();
    case Parser::flag::STAR:
      return "\\*";
    case Parser::flag::UNKNOWN:
      break;
  }
  // The parser lower-cases other system flags ("\recent"); give them their usual spelling.
  std::string name = f.name();
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return "\\" + name;
}

std::string MailboxFlagName(const Parser::mailbox_flag& f) {
  switch (f.type()) {
    case Parser::mailbox_flag::HASCHILDREN:
      return "\\HasChildren";
    case Parser::mailbox_flag::HASNOCHILDREN:
      return "\\HasNoChildren";
    case Parser::mailbox_flag::SPECIALUSE_ALL:
      return "\\All";
    case Parser::mailbox_flag::SPECIALUSE_ARCHIVE:
      return "\\Archive";
    case Parser::mailbox_flag::SPECIALUSE_DRAFTS:
      return "\\Drafts";
    case Parser::mailbox_flag::SPECIALUSE_FLAGGED:
      return "\\Flagged";
    case Parser::mailbox_flag::SPECIALUSE_JUNK:
      return "\\Junk";
    case Parser::mailbox_flag::SPECIALUSE_SENT:
      return "\\Sent";
    case Parser::mailbox_flag::SPECIALUSE_TRASH:
      return "\\Trash";
    case Parser::mailbox_flag::SPECIALUSE_IMPORTANT:
      return "\\Important";
    case Parser::mailbox_flag::MARKED:
      return "\\Marked";
    case Parser::mailbox_flag::NOINFERIORS:
      return "\\Noinferiors";
    case Parser::mailbox_flag::NOSELECT:
      return "\\Noselect";
    case Parser::mailbox_flag::UNMARKED:
      return "\\Unmarked";
    case Parser::mailbox_flag::UNKNOWN:
      break;
  }
  return f.name();
}

uint32_t FirstUid(const Parser::uid_set* set) {
  if (!set) return 0;
  if (set->uniqueid()) return static_cast<uint32_t>(set->uniqueid()->value());
  if (set->uid_range() && set->uid_range()->uniqueid1())
    return static_cast<uint32_t>(set->uid_range()->uniqueid1()->value());
  return 0;
}

template <typename Visit>
void ForEachData(const ImapSession::Response& resp, Visit visit) {
  for (const Parser::continue_req_or_response_data* item : resp->continue_req_or_response_data()) {
    if (item && item->response_data()) visit(*item->response_data());
  }
}

// What the server sent while a command of ours was open, read off vmime's socket by us (vmime's
// parser would keep what it read ahead in a buffer of its own, where a poll of the socket
// cannot see it). Only whole lines are taken, so vmime's parser picks up the stream exactly
// where these end. Not thread-safe.
class RawLines {
 public:
  explicit RawLines(vmime::net::socket& socket) : socket_(socket) {}

  // Waits up to `wait` for data and takes every whole line that came; false if none did.
  // Throws vmime::exceptions::invalid_response if a line stays incomplete for long.
  bool Read(std::chrono::milliseconds wait) {
    if (!Receive(wait)) return false;
    const auto deadline = std::chrono::steady_clock::now() + kLineWait;
    while (pending_.back() != '\n') {
      if (std::chrono::steady_clock::now() >= deadline) {
        throw vmime::exceptions::invalid_response("IDLE", "an incomplete line: " + pending_);
      }
      Receive(std::chrono::milliseconds(200));
    }
    return true;
  }

  // The lines read so far, without their line ends, and forgets them.
  std::vector<std::string> Take() {
    std::vector<std::string> lines;
    size_t start = 0;
    for (size_t end; (end = pending_.find('\n', start)) != std::string::npos; start = end + 1) {
      std::string line = pending_.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines.push_back(std::move(line));
    }
    pending_.erase(0, start);
    return lines;
  }

 private:
  static constexpr auto kLineWait = std::chrono::seconds(10);

  // Appends whatever is there; with TLS, also records GnuTLS already holds, which a poll of
  // the socket does not see.
  bool Receive(std::chrono::milliseconds wait) {
    if (!socket_.waitForRead(static_cast<int>(wait.count()))) return false;
    bool got = false;
    for (;;) {
      std::string chunk;
      socket_.receive(chunk);
      if (chunk.empty()) return got;
      pending_ += chunk;
      got = true;
    }
  }

  vmime::net::socket& socket_;
  std::string pending_;
};

// The server's answers to commands we wrote ourselves, one response line at a time with any
// literal it carries inlined, read straight off vmime's socket (as RawLines). Not thread-safe.
class ResponseLines {
 public:
  ResponseLines(vmime::net::socket& socket, std::chrono::seconds timeout)
      : socket_(socket), timeout_(timeout) {}

  // The next line without its CRLF. Throws operation_timed_out when the server stays silent
  // for the session's timeout, socket_exception when it closes the connection.
  std::string Next() {
    std::string line;
    for (;;) {
      size_t eol;
      while ((eol = buffer_.find("\r\n", pos_)) == std::string::npos) Fill();
      line.append(buffer_, pos_, eol - pos_);
      pos_ = eol + 2;
      const size_t literal = LiteralSize(line);
      if (literal == std::string::npos) break;
      while (buffer_.size() - pos_ < literal) Fill();
      line.append(buffer_, pos_, literal);
      pos_ += literal;
    }
    if (pos_ > (64u << 10)) {
      buffer_.erase(0, pos_);
      pos_ = 0;
    }
    return line;
  }

 private:
  // N when `line` ends in a literal's announcement "{N}" (or "{N+}"), else npos.
  static size_t LiteralSize(const std::string& line) {
    if (line.empty() || line.back() != '}') return std::string::npos;
    const size_t open = line.rfind('{');
    if (open == std::string::npos) return std::string::npos;
    std::string digits = line.substr(open + 1, line.size() - open - 2);
    if (!digits.empty() && digits.back() == '+') digits.pop_back();
    if (digits.empty() || digits.size() > 9 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::string::npos;
    return std::stoul(digits);
  }

  void Fill() {
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    for (;;) {
      // GnuTLS may hold a record already that a poll of the socket does not see: take first.
      std::string chunk;
      socket_.receive(chunk);
      if (!chunk.empty()) {
        buffer_ += chunk;
        return;
      }
      if (std::chrono::steady_clock::now() >= deadline)
        throw vmime::exceptions::operation_timed_out();
      if (vmime::shared_ptr<vmime::net::timeoutHandler> t = socket_.getTimeoutHandler())
        t->resetTimeOut();
      socket_.waitForRead(200);
    }
  }

  vmime::net::socket& socket_;
  std::chrono::seconds timeout_;
  std::string buffer_;
  size_t pos_ = 0;
};

// A tagged answer: "TAG OK [CODE args] text".
struct TaggedAnswer {
  std::string tag;
  std::string status;  // OK, NO or BAD, upper-case
  std::string code;    // upper-case name of the response code, "" if none
  std::string code_args;
  std::string text;
};

std::optional<TaggedAnswer> ParseTagged(const std::string& line) {
  if (line.empty() || line[0] == '*' || line[0] == '+') return std::nullopt;
  TaggedAnswer answer;
  const size_t tag_end = line.find(' ');
  if (tag_end == std::string::npos) return std::nullopt;
  answer.tag = line.substr(0, tag_end);
  const size_t status_end = line.find(' ', tag_end + 1);
  answer.status = Upper(line.substr(tag_end + 1, status_end - tag_end - 1));
  if (status_end == std::string::npos) return answer;
  size_t rest = status_end + 1;
  if (rest < line.size() && line[rest] == '[') {
    const size_t close = line.find(']', rest);
    if (close != std::string::npos) {
      const std::string code = line.substr(rest + 1, close - rest - 1);
      const size_t space = code.find(' ');
      answer.code = Upper(code.substr(0, space));
      if (space != std::string::npos) answer.code_args = code.substr(space + 1);
      rest = close + 1;
      if (rest < line.size() && line[rest] == ' ') ++rest;
    }
  }
  answer.text = line.substr(std::min(rest, line.size()));
  return answer;
}

// The UIDs of an APPENDUID's "UIDVALIDITY uid-set" in the set's order ("5:7,9" is 5 6 7 9);
// empty if it does not parse or names more than `at_most`.
std::pair<uint32_t, std::vector<uint32_t>> ParseAppendUid(const std::string& args, size_t at_most) {
  std::istringstream in(args);
  uint64_t validity = 0;
  std::string set;
  if (!(in >> validity >> set) || validity == 0 || validity > UINT32_MAX) return {0, {}};
  std::vector<uint32_t> uids;
  std::istringstream parts(set);
  for (std::string part; std::getline(parts, part, ',');) {
    const size_t colon = part.find(':');
    uint64_t first = 0;
    uint64_t last = 0;
    try {
      first = std::stoull(part.substr(0, colon));
      last = colon == std::string::npos ? first : std::stoull(part.substr(colon + 1));
    } catch (const std::exception&) {
      return {0, {}};
    }
    if (first == 0 || last == 0 || first > UINT32_MAX || last > UINT32_MAX) return {0, {}};
    const int step = last >= first ? 1 : -1;
    for (uint64_t uid = first;; uid += step) {
      if (uids.size() >= at_most) return {0, {}};
      uids.push_back(static_cast<uint32_t>(uid));
      if (uid == last) break;
    }
  }
  return {static_cast<uint32_t>(validity), uids};
}

// What a refused APPEND becomes for its caller.
Error AppendRefusal(const TaggedAnswer& answer) {
  std::string what = "APPEND refused by the server (" + answer.status + "): ";
  if (!answer.code.empty()) what += "[" + answer.code + "] ";
  what += answer.text;
  if (answer.code == "THROTTLED" || answer.code == "LIMIT")
    return Error{ErrorCode::kUnavailable, "the server asks to slow down: " + what};
  if (answer.code == "TOOBIG") return Error{ErrorCode::kInvalidArgument, what};
  return Error{ErrorCode::kMailbox, what};
}

// RFC 5530 codes of a refused LOGIN that say the server, not the credentials, is at fault.
// [AUTHENTICATIONFAILED], [AUTHORIZATIONFAILED], [EXPIRED], [PRIVACYREQUIRED], [CONTACTADMIN]
// and a plain NO stay refusals: retrying those every few seconds gets an account locked.
bool IsTemporaryLoginCode(const std::string& code) {
  return code == "UNAVAILABLE" || code == "SERVERBUG" || code == "INUSE" || code == "LIMIT" ||
         code == "THROTTLED";
}

// vmime gives a refused LOGIN's last line, "a001 NO [CODE] text", as the exception's response.
void ThrowIfLoginUnavailable(const vmime::exceptions::authentication_error& refused) {
  std::string line = refused.response();
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  std::optional<TaggedAnswer> answer = ParseTagged(line);
  if (answer && answer->status == "NO" && IsTemporaryLoginCode(answer->code)) {
    throw ImapLoginUnavailable("[" + answer->code + "] " + answer->text);
  }
}

std::string FlagList(unsigned flags) {
  std::string flag_list;
  if (flags & kFlagSeen) flag_list += "\\Seen";
  if (flags & kFlagDraft) flag_list += flag_list.empty() ? "\\Draft" : " \\Draft";
  return "(" + flag_list + ")";
}

}  // namespace

ImapSession::ImapSession(const ImapOptions& options) : timeout_(options.timeout) {
  InitVmimeOnce();
  session_ = vmime::net::session::create();
  vmime::shared_ptr<vmime::security::authenticator> auth;
  if (options.oauth2) {
    auth = vmime::make_shared<BearerAuthenticator>(options.user, options.password);
  } else {
    auth = vmime::make_shared<PasswordAuthenticator>(options.user, options.password);
  }
  const bool implicit_tls = options.security == ImapSecurity::kTls;
  const bool start_tls = options.security == ImapSecurity::kStartTls;
  vmime::utility::url url(implicit_tls ? "imaps" : "imap", options.host, options.port);
  store_ = vmime::dynamicCast<imap::IMAPStore>(session_->getStore(url, auth));
  if (!store_) throw std::runtime_error("vmime has no IMAP store");
  store_->setProperty("connection.tls", start_tls);
  store_->setProperty("connection.tls.required", start_tls);
  // Password logins use plain LOGIN: one attempt, so a wrong password costs one server delay.
  store_->setProperty("options.sasl", options.oauth2);
  store_->setProperty("options.sasl.fallback", false);
  store_->setCertificateVerifier(MakeVerifier(options.ca_file));
  store_->setTimeoutHandlerFactory(vmime::make_shared<DeadlineHandlerFactory>(options.timeout));
  // One poll() per wait instead of vmime's 10 ms slices: an idle watcher stays asleep.
  store_->setSocketFactory(vmime::make_shared<PollSocketFactory>());
  try {
    store_->connect();
  } catch (const vmime::exceptions::authentication_error& refused) {
    ThrowIfLoginUnavailable(refused);
    throw;
  }
  connection_ = store_->getConnection();
  if (!connection_) throw vmime::exceptions::not_connected();
  ReadCapabilities();
}

void ImapSession::ReadCapabilities() {
  // Asked again after login: servers offer more (MULTIAPPEND, LITERAL+, APPENDLIMIT) once the
  // user is known, and a greeting's list may be the pre-login one.
  Response resp = Run("CAPABILITY");
  capabilities_.clear();
  ForEachData(resp, [&](const Parser::response_data& data) {
    const Parser::capability_data* caps = data.capability_data();
    if (!caps) return;
    for (const Parser::capability* cap : caps->capabilities()) {
      if (cap && cap->atom()) capabilities_.push_back(Upper(cap->atom()->value()));
    }
  });
  for (const std::string& cap : capabilities_) {
    // APPENDLIMIT=N is the account's limit; a bare APPENDLIMIT means per-mailbox limits.
    if (!cap.starts_with("APPENDLIMIT=")) continue;
    const std::string digits = cap.substr(12);
    if (!digits.empty() && digits.size() < 19 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      append_limit_ = std::stoull(digits);
    }
  }
}

ImapSession::~ImapSession() {
  try {
    if (store_ && store_->isConnected()) store_->disconnect();
  } catch (...) {
    // Logging out of a broken connection can only fail; the socket is closed either way.
  }
}

bool ImapSession::HasCapability(const std::string& name) const {
  return std::ranges::find(capabilities_, Upper(name)) != capabilities_.end();
}

bool ImapSession::NonSyncLiterals(size_t message_bytes) const {
  return HasCapability("LITERAL+") ||
         (HasCapability("LITERAL-") && message_bytes <= kLiteralMinusLimit);
}

std::string ImapSession::NextTag() { return "DBX" + std::to_string(++next_tag_); }

std::string ImapSession::Quote(const std::string& folder) const {
  auto encoded = EncodeModifiedUtf7(folder);
  if (!encoded) throw std::invalid_argument("folder name \"" + folder + "\" is not valid UTF-8");
  return QuoteAscii(*encoded);
}

std::string ImapSession::QuoteAscii(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\"";
}

ImapSession::Response ImapSession::Run(const std::string& command) {
  connection_->sendCommand(imap::IMAPCommand::createCommand(command));
  Response resp(connection_->readResponse());
  CheckOk(resp, command);
  return resp;
}

void ImapSession::CheckOk(const Response& resp, const std::string& command) const {
  const Parser::response_done* done = resp ? resp->response_done() : nullptr;
  if (!done || done->response_fatal() || !done->response_tagged()) {
    // A BYE instead of a tagged answer: the server is going away (shutdown, idle timeout).
    throw vmime::exceptions::connection_error(Verb(command) + ": server closed the connection");
  }
  const Parser::resp_cond_state* state = done->response_tagged()->resp_cond_state();
  if (state && state->status() == Parser::resp_cond_state::OK) return;
  std::string text;
  bool nonexistent = false;
  bool throttled = false;
  if (state && state->resp_text()) {
    text = state->resp_text()->text();
    const Parser::resp_text_code* code = state->resp_text()->resp_text_code();
    if (code && code->type() == Parser::resp_text_code::OTHER && code->atom()) {
      const std::string atom = Lower(code->atom()->value());
      nonexistent = atom == "nonexistent";
      throttled = atom == "throttled" || atom == "limit";
    }
  }
  const std::string lower = Lower(text);
  for (const char* phrase :
       {"doesn't exist", "does not exist", "no such mailbox", "unknown mailbox"})
    nonexistent = nonexistent || lower.find(phrase) != std::string::npos;
  const char* kind = state && state->status() == Parser::resp_cond_state::NO ? "NO" : "BAD";
  throw ImapRefusal(Verb(command) + " refused by the server (" + kind + "): " + text, nonexistent,
                    throttled);
}

void ImapSession::Unselect(const std::string& quoted) {
  if (HasCapability("UNSELECT")) {
    Run("UNSELECT");
    return;
  }
  // CLOSE expunges a read-write mailbox; after EXAMINE (read-only) it only deselects.
  Run("EXAMINE " + quoted);
  Run("CLOSE");
}

std::vector<FolderInfo> ImapSession::List() {
  const bool special_use = HasCapability("SPECIAL-USE") && HasCapability("LIST-EXTENDED");
  Response resp = Run(special_use ? "LIST \"\" \"*\" RETURN (SPECIAL-USE)" : "LIST \"\" \"*\"");
  std::vector<FolderInfo> folders;
  ForEachData(resp, [&](const Parser::response_data& data) {
    const Parser::mailbox_data* mb = data.mailbox_data();
    if (!mb || mb->type() != Parser::mailbox_data::LIST || !mb->mailbox_list()) return;
    const Parser::mailbox_list* entry = mb->mailbox_list();
    FolderInfo info;
    const Parser::mailbox* name = entry->mailbox();
    if (!name) return;
    if (name->type() == Parser::mailbox::INBOX) {
      info.name = "INBOX";
    } else {
      auto decoded = DecodeModifiedUtf7(name->name());
      // Servers that send raw UTF-8 (or broken UTF-7) get their bytes passed through.
      info.name = decoded ? *decoded : name->name();
    }
    if (entry->mailbox_flag_list()) {
      for (const Parser::mailbox_flag* f : entry->mailbox_flag_list()->flags())
        if (f) info.attributes.push_back(MailboxFlagName(*f));
    }
    folders.push_back(std::move(info));
  });
  return folders;
}

FolderStatus ImapSession::Status(const std::string& folder) {
  const bool condstore = HasCapability("CONDSTORE");
  Response resp = Run("STATUS " + Quote(folder) + " (MESSAGES UIDNEXT UIDVALIDITY" +
                      (condstore ? " HIGHESTMODSEQ)" : ")"));
  FolderStatus status;
  ForEachData(resp, [&](const Parser::response_data& data) {
    const Parser::mailbox_data* mb = data.mailbox_data();
    if (!mb || mb->type() != Parser::mailbox_data::STATUS || !mb->status_att_list()) return;
    for (const Parser::status_att_val* v : mb->status_att_list()->values()) {
      if (!v) continue;
      if (v->type() == Parser::status_att_val::HIGHESTMODSEQ) {
        if (v->value_as_mod_sequence_value())
          status.highest_modseq = v->value_as_mod_sequence_value()->value();
        continue;
      }
      const Parser::number* n = v->value_as_number();
      if (!n) continue;
      const auto value = static_cast<uint32_t>(n->value());
      if (v->type() == Parser::status_att_val::MESSAGES) status.messages = value;
      if (v->type() == Parser::status_att_val::UIDNEXT) status.uid_next = value;
      if (v->type() == Parser::status_att_val::UIDVALIDITY) status.uid_validity = value;
    }
  });
  return status;
}

AppendedMessage ImapSession::Append(const std::string& folder, const std::string& raw,
                                    unsigned flags) {
  const std::string command =
      "APPEND " + Quote(folder) + " " + FlagList(flags) + " {" + std::to_string(raw.size()) + "}";
  connection_->sendCommand(imap::IMAPCommand::createCommand(command));
  Response cont(connection_->readResponse());
  const auto& items = cont->continue_req_or_response_data();
  const bool go_ahead = std::any_of(items.begin(), items.end(),
                                    [](const auto* item) { return item && item->continue_req(); });
  if (!go_ahead) {
    CheckOk(cont, command);
    throw vmime::exceptions::invalid_response("APPEND", "no continuation request");
  }
  // One write for the whole literal: vmime's own APPEND streams it 8 bytes per send().
  connection_->sendRaw(reinterpret_cast<const vmime::byte_t*>(raw.data()), raw.size());
  connection_->sendRaw(reinterpret_cast<const vmime::byte_t*>("\r\n"), 2);
  Response resp(connection_->readResponse());
  CheckOk(resp, command);
  AppendedMessage appended;
  const Parser::resp_text* text =
      resp->response_done()->response_tagged()->resp_cond_state()->resp_text();
  const Parser::resp_text_code* code = text ? text->resp_text_code() : nullptr;
  if (code && code->type() == Parser::resp_text_code::APPENDUID) {
    if (code->nz_number())
      appended.uid_validity = static_cast<uint32_t>(code->nz_number()->value());
    appended.uid = FirstUid(code->uid_set());
    // vmime 0.9.2's resp_text_code never frees its uid_set (its destructor omits it); it is set
    // only for APPENDUID/COPYUID, and nothing else owns it, so free it here.
    delete code->uid_set();
  }
  if (appended.uid_validity == 0) appended.uid_validity = Status(folder).uid_validity;
  return appended;
}

void ImapSession::AppendMany(const std::string& folder, const std::vector<std::string>& raws,
                             unsigned flags,
                             std::vector<std::optional<Result<AppendedMessage>>>& results,
                             AppendRecord& record) {
  const std::string quoted = Quote(folder);
  const std::string flag_list = FlagList(flags);
  std::vector<size_t> one_write;
  std::vector<size_t> one_by_one;
  for (size_t i = 0; i < raws.size(); ++i) {
    if (append_limit_ != 0 && raws[i].size() > append_limit_) {
      results[i] =
          Fail(ErrorCode::kInvalidArgument, "a message of " + std::to_string(raws[i].size()) +
                                                " bytes is over the server's APPENDLIMIT of " +
                                                std::to_string(append_limit_));
      continue;
    }
    (NonSyncLiterals(raws[i].size()) ? one_write : one_by_one).push_back(i);
  }
  const bool multiappend = HasCapability("MULTIAPPEND");
  for (size_t begin = 0; begin < one_write.size();) {
    // A batch: at most kMaxAppendBatch messages and kMaxBatchBytes (but at least one message).
    std::vector<size_t> batch;
    size_t bytes = 0;
    for (size_t k = begin; k < one_write.size() && batch.size() < kMaxAppendBatch; ++k) {
      if (!batch.empty() && bytes + raws[one_write[k]].size() > kMaxBatchBytes) break;
      bytes += raws[one_write[k]].size();
      batch.push_back(one_write[k]);
    }
    begin += batch.size();
    if (multiappend && batch.size() > 1 &&
        MultiAppend(quoted, flag_list, raws, batch, results, record)) {
      continue;
    }
    PipelinedAppend(quoted, flag_list, raws, batch, results, record);
  }
  for (size_t i : one_by_one) {
    ++record.single_appends;
    try {
      results[i] = Append(folder, raws[i], flags);
    } catch (const ImapRefusal& refusal) {
      // A tagged NO leaves the connection usable: the next message still goes out.
      results[i] = std::unexpected(Error{
          refusal.throttled() ? ErrorCode::kUnavailable : ErrorCode::kMailbox, refusal.what()});
    }
  }
  // Without UIDPLUS the answers carry no UIDVALIDITY: ask once for the whole batch.
  std::optional<uint32_t> validity;
  for (std::optional<Result<AppendedMessage>>& r : results) {
    if (!r || !*r || (*r)->uid_validity != 0) continue;
    if (!validity) validity = Status(folder).uid_validity;
    (*r)->uid_validity = *validity;
  }
}

bool ImapSession::MultiAppend(const std::string& quoted, const std::string& flag_list,
                              const std::vector<std::string>& raws,
                              const std::vector<size_t>& batch,
                              std::vector<std::optional<Result<AppendedMessage>>>& results,
                              AppendRecord& record) {
  const std::string tag = NextTag();
  std::string out = tag + " APPEND " + quoted;
  for (size_t i : batch) {
    out += " " + flag_list + " {" + std::to_string(raws[i].size()) + "+}\r\n";
    out += raws[i];
  }
  out += "\r\n";
  connection_->sendRaw(reinterpret_cast<const vmime::byte_t*>(out.data()), out.size());
  ++record.writes;
  ++record.multiappend_commands;
  auto socket = std::const_pointer_cast<vmime::net::socket>(connection_->getSocket());
  ResponseLines lines(*socket, timeout_);
  for (;;) {
    const std::string line = lines.Next();
    if (line.starts_with("* BYE")) {
      throw vmime::exceptions::connection_error("the server closed the connection: " + line);
    }
    std::optional<TaggedAnswer> answer = ParseTagged(line);
    if (!answer || answer->tag != tag) continue;
    if (answer->status != "OK") {
      const Error refused = AppendRefusal(*answer);
      if (refused.code != ErrorCode::kUnavailable) return false;
      for (size_t i : batch) results[i] = std::unexpected(refused);
      return true;
    }
    // RFC 3502 + 4315: one APPENDUID with the new UIDs in the order of the messages.
    std::pair<uint32_t, std::vector<uint32_t>> uids;
    if (answer->code == "APPENDUID") uids = ParseAppendUid(answer->code_args, batch.size());
    const bool one_each = uids.second.size() == batch.size();
    for (size_t k = 0; k < batch.size(); ++k) {
      // A set that does not match leaves the UIDs to a search by Message-ID.
      results[batch[k]] = AppendedMessage{one_each ? uids.second[k] : 0, uids.first};
    }
    return true;
  }
}

void ImapSession::PipelinedAppend(const std::string& quoted, const std::string& flag_list,
                                  const std::vector<std::string>& raws,
                                  const std::vector<size_t>& batch,
                                  std::vector<std::optional<Result<AppendedMessage>>>& results,
                                  AppendRecord& record) {
  // Non-synchronizing literals (RFC 7888): the server asks for no go-ahead, so every APPEND of
  // the batch goes out in one write and the answers come back in one round trip.
  std::map<std::string, size_t> pending;
  std::string out;
  for (size_t i : batch) {
    const std::string tag = NextTag();
    pending[tag] = i;
    out += tag + " APPEND " + quoted + " " + flag_list + " {" + std::to_string(raws[i].size()) +
           "+}\r\n";
    out += raws[i];
    out += "\r\n";
  }
  connection_->sendRaw(reinterpret_cast<const vmime::byte_t*>(out.data()), out.size());
  ++record.writes;
  record.pipelined_appends += static_cast<int64_t>(batch.size());
  auto socket = std::const_pointer_cast<vmime::net::socket>(connection_->getSocket());
  ResponseLines lines(*socket, timeout_);
  while (!pending.empty()) {
    const std::string line = lines.Next();
    if (line.starts_with("* BYE")) {
      throw vmime::exceptions::connection_error("the server closed the connection: " + line);
    }
    std::optional<TaggedAnswer> answer = ParseTagged(line);
    if (!answer) continue;
    auto it = pending.find(answer->tag);
    if (it == pending.end()) continue;
    const size_t i = it->second;
    pending.erase(it);
    if (answer->status != "OK") {
      results[i] = std::unexpected(AppendRefusal(*answer));
      continue;
    }
    AppendedMessage appended;
    if (answer->code == "APPENDUID") {
      std::pair<uint32_t, std::vector<uint32_t>> uids = ParseAppendUid(answer->code_args, 1);
      appended.uid_validity = uids.first;
      if (uids.second.size() == 1) appended.uid = uids.second.front();
    }
    results[i] = appended;
  }
}

std::vector<FetchedMessage> ImapSession::FetchSince(const std::string& folder, uint32_t after_uid,
                                                    int max_count) {
  std::vector<FetchedMessage> messages;
  if (after_uid == UINT32_MAX) return messages;
  const std::string quoted = Quote(folder);
  // Read-only: nothing in here may change flags, and EXAMINE guarantees it server-side.
  Run("EXAMINE " + quoted);
  // "N:*" also matches the highest UID when it is below N (RFC 3501): filter by value.
  Response listing = Run("UID FETCH " + std::to_string(after_uid + 1) + ":* (UID)");
  std::vector<uint32_t> uids;
  ForEachData(listing, [&](const Parser::response_data& data) {
    const Parser::message_data* md = data.message_data();
    if (!md || md->type() != Parser::message_data::FETCH || !md->msg_att()) return;
    for (const Parser::msg_att_item* item : md->msg_att()->items()) {
      if (item && item->type() == Parser::msg_att_item::UID && item->unique_id()) {
        const auto uid = static_cast<uint32_t>(item->unique_id()->value());
        if (uid > after_uid) uids.push_back(uid);
      }
    }
  });
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  if (uids.size() > static_cast<size_t>(max_count)) uids.resize(static_cast<size_t>(max_count));
  if (!uids.empty()) {
    Response bodies = Run("UID FETCH " + UidSet(uids, 0, uids.size()) + " (UID FLAGS BODY.PEEK[])");
    ForEachData(bodies, [&](const Parser::response_data& data) {
      const Parser::message_data* md = data.message_data();
      if (!md || md->type() != Parser::message_data::FETCH || !md->msg_att()) return;
      FetchedMessage msg;
      bool has_body = false;
      for (const Parser::msg_att_item* item : md->msg_att()->items()) {
        if (!item) continue;
        if (item->type() == Parser::msg_att_item::UID && item->unique_id()) {
          msg.uid = static_cast<uint32_t>(item->unique_id()->value());
        } else if (item->type() == Parser::msg_att_item::FLAGS && item->flag_list()) {
          for (const Parser::flag* f : item->flag_list()->flags())
            if (f) msg.flags.push_back(FlagName(*f));
        } else if (item->type() == Parser::msg_att_item::BODY_SECTION && item->nstring()) {
          msg.raw = item->nstring()->value();
          has_body = true;
        }
      }
      if (has_body && msg.uid > after_uid) messages.push_back(std::move(msg));
    });
  }
  Unselect(quoted);
  std::sort(messages.begin(), messages.end(),
            [](const FetchedMessage& a, const FetchedMessage& b) { return a.uid < b.uid; });
  return messages;
}

void ImapSession::Delete(const std::string& folder, const std::vector<uint32_t>& uids) {
  if (uids.empty()) return;
  if (!HasCapability("UIDPLUS")) {
    // Plain EXPUNGE would also remove messages someone else marked \Deleted.
    throw ImapRefusal("the server lacks UIDPLUS, so Draftbox cannot expunge single messages",
                      false);
  }
  const std::string quoted = Quote(folder);
  Run("SELECT " + quoted);
  for (size_t begin = 0; begin < uids.size(); begin += kUidsPerCommand) {
    const std::string set = UidSet(uids, begin, std::min(uids.size(), begin + kUidsPerCommand));
    Run("UID STORE " + set + " +FLAGS.SILENT (\\Deleted)");
    Run("UID EXPUNGE " + set);
  }
  Unselect(quoted);
}

std::vector<uint32_t> ImapSession::FindByMessageId(const std::string& folder,
                                                   const std::string& message_id) {
  const std::string quoted = Quote(folder);
  // Read-only, so that fetching the candidates' headers below cannot set \Seen.
  Run("EXAMINE " + quoted);
  Response found = Run("UID SEARCH HEADER Message-ID " + QuoteAscii(message_id));
  std::vector<uint32_t> candidates;
  ForEachData(found, [&](const Parser::response_data& data) {
    const Parser::mailbox_data* mb = data.mailbox_data();
    if (!mb || mb->type() != Parser::mailbox_data::SEARCH) return;
    for (const Parser::nz_number* n : mb->search_nz_number_list())
      if (n) candidates.push_back(static_cast<uint32_t>(n->value()));
  });
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  // SEARCH HEADER matches case-insensitive substrings (RFC 3501 §6.4.4): "<a@b>" also finds
  // "<A@B>" or a header with more around it. Keep only exact matches.
  std::vector<uint32_t> uids;
  for (size_t begin = 0; begin < candidates.size(); begin += kUidsPerCommand) {
    const size_t end = std::min(candidates.size(), begin + kUidsPerCommand);
    Response headers = Run("UID FETCH " + UidSet(candidates, begin, end) +
                           " (UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])");
    ForEachData(headers, [&](const Parser::response_data& data) {
      const Parser::message_data* md = data.message_data();
      if (!md || md->type() != Parser::message_data::FETCH || !md->msg_att()) return;
      uint32_t uid = 0;
      std::optional<std::string> value;
      for (const Parser::msg_att_item* item : md->msg_att()->items()) {
        if (!item) continue;
        if (item->type() == Parser::msg_att_item::UID && item->unique_id())
          uid = static_cast<uint32_t>(item->unique_id()->value());
        if (item->type() == Parser::msg_att_item::BODY_SECTION && item->nstring())
          value = HeaderValue(item->nstring()->value(), "Message-ID");
      }
      if (uid != 0 && value == message_id) uids.push_back(uid);
    });
  }
  Unselect(quoted);
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  return uids;
}

bool CaFileHasCertificate(const std::filesystem::path& path) {
  InitVmimeOnce();
  return !ReadPemCertificates(path).empty();
}

std::vector<uint32_t> ImapSession::ListUids(const std::string& folder) {
  const std::string quoted = Quote(folder);
  Run("EXAMINE " + quoted);
  Response found = Run("UID SEARCH ALL");
  std::vector<uint32_t> uids;
  ForEachData(found, [&](const Parser::response_data& data) {
    const Parser::mailbox_data* mb = data.mailbox_data();
    if (!mb || mb->type() != Parser::mailbox_data::SEARCH) return;
    for (const Parser::nz_number* n : mb->search_nz_number_list())
      if (n) uids.push_back(static_cast<uint32_t>(n->value()));
  });
  Unselect(quoted);
  std::sort(uids.begin(), uids.end());
  return uids;
}

bool ImapSession::Idle(const std::string& folder, uint32_t after_uid,
                       std::chrono::milliseconds timeout, const std::atomic<bool>* stop) {
  const std::string quoted = Quote(folder);
  Run("EXAMINE " + quoted);  // read-only: nothing the watcher sees is marked read
  // A message that arrived after the caller's last read but before this EXAMINE is in the
  // folder already and will not be announced while idling: look for it first.
  Response newer = Run("UID SEARCH UID " + std::to_string(after_uid + 1) + ":*");
  bool waiting = false;
  ForEachData(newer, [&](const Parser::response_data& data) {
    const Parser::mailbox_data* mb = data.mailbox_data();
    if (!mb) return;
    // A message that landed between the EXAMINE and the SEARCH is not in the result, but the
    // server reports it with the SEARCH answer (* n EXISTS) and will not announce it again in
    // IDLE.
    if (mb->type() == Parser::mailbox_data::EXISTS) waiting = true;
    if (mb->type() != Parser::mailbox_data::SEARCH) return;
    for (const Parser::nz_number* n : mb->search_nz_number_list())
      if (n && n->value() > after_uid) waiting = true;
  });
  if (waiting) {
    Unselect(quoted);
    return true;
  }
  // vmime has no IDLE: send it, then read the server's lines off the socket ourselves, in
  // slices so `stop` is seen promptly.
  auto socket = std::const_pointer_cast<vmime::net::socket>(connection_->getSocket());
  // A quiet IDLE is not a dead server: keep vmime's read timeout from firing while we wait.
  vmime::shared_ptr<vmime::net::timeoutHandler> timeouts = socket->getTimeoutHandler();
  connection_->sendCommand(imap::IMAPCommand::createCommand("IDLE"));
  RawLines lines(*socket);
  bool idling = false;
  bool arrived = false;
  constexpr auto kSlice = std::chrono::milliseconds(200);
  constexpr auto kGoAheadWait = std::chrono::seconds(30);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!arrived && (stop == nullptr || !stop->load())) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (idling && left.count() <= 0) break;
    if (!idling && std::chrono::steady_clock::now() - (deadline - timeout) > kGoAheadWait) {
      throw vmime::exceptions::invalid_response("IDLE", "no continuation request");
    }
    if (timeouts) timeouts->resetTimeOut();
    if (!lines.Read(idling ? std::min(left, kSlice) : kSlice)) continue;
    for (const std::string& line : lines.Take()) {
      if (line.starts_with("+")) {
        idling = true;
      } else if (line.starts_with("* BYE")) {
        throw vmime::exceptions::connection_error("the server closed the connection: " + line);
      } else if (line.starts_with("* ")) {
        // "* OK Still here" keeps the connection alive; EXISTS, EXPUNGE, FETCH... are changes,
        // also when they come with the continuation (made between the SEARCH and the IDLE).
        if (!line.starts_with("* OK")) arrived = true;
      } else if (!idling) {
        throw vmime::exceptions::invalid_response("IDLE", line);  // tagged NO or BAD
      }
    }
  }
  if (!idling) {
    // Stopped before the server agreed: it still owes the continuation; take it first.
    while (!idling) {
      if (!lines.Read(std::chrono::seconds(10))) {
        throw vmime::exceptions::invalid_response("IDLE", "no continuation request");
      }
      for (const std::string& line : lines.Take()) {
        if (line.starts_with("+")) idling = true;
        if (!line.starts_with("+") && !line.starts_with("* ")) {
          throw vmime::exceptions::invalid_response("IDLE", line);
        }
      }
    }
  }
  if (timeouts) timeouts->resetTimeOut();
  connection_->sendRaw(reinterpret_cast<const vmime::byte_t*>("DONE\r\n"), 6);
  Response done(connection_->readResponse());
  CheckOk(done, "IDLE");
  // What the server said while idling comes back as untagged data with the tagged OK (also
  // when it was already buffered and the socket looked quiet).
  for (const auto* item : done->continue_req_or_response_data()) {
    if (item != nullptr && item->response_data() != nullptr) arrived = true;
  }
  Unselect(quoted);
  return arrived;
}

}  // namespace draftbox
