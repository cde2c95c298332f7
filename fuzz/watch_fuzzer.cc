// libFuzzer target for the whole INBOX and Sent handling: any bytes, read as a message in INBOX
// and as one in Sent, must be classified, linked, stored in a real SQLite file and turned into
// events without a crash, a sanitizer report, an escaping exception or an invalid event. Each
// input starts from the same database (a copy of one made at start with the sent drafts of
// tests/support/sent_drafts.h), so a finding reproduces from its input alone. Built only by
// scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/text.h"
#include "store/event_log.h"
#include "store/message_error_store.h"
#include "support/sent_drafts.h"
#include "watch/inbox_handler.h"
#include "watch/message_fence.h"
#include "watch/sent_linker.h"

namespace fs = std::filesystem;
using namespace draftbox;

namespace {

// The template database and the file each input works on, in a temp dir of the process's own.
struct Files {
  fs::path dir;
  fs::path seed;
  fs::path work;
};

void Check(bool ok, const char* what) {
  if (!ok) {
    fprintf(stderr, "watch_fuzzer: %s\n", what);
    abort();
  }
}

const Files& Prepare() {
  static const Files files = [] {
    char pattern[] = "/tmp/draftbox-watch-fuzz-XXXXXX";
    Check(mkdtemp(pattern) != nullptr, "cannot make a temp dir");
    Files f{pattern, fs::path(pattern) / "seed.db", fs::path(pattern) / "work.db"};
    {
      Result<std::unique_ptr<Database>> db = Database::Open(f.seed);
      Check(db.has_value(), "cannot create the seed database");
      Check(test::AddSentDrafts(**db).has_value(), "cannot add the sent drafts");
    }  // closed: the WAL is checkpointed into the file
    std::atexit([] {
      std::error_code ec;
      fs::remove_all(Prepare().dir, ec);
    });
    return f;
  }();
  return files;
}

std::unique_ptr<Database> FreshDatabase() {
  const Files& f = Prepare();
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(f.work.string() + suffix, ec);
  fs::copy_file(f.seed, f.work, fs::copy_options::overwrite_existing, ec);
  Check(!ec, "cannot copy the seed database");
  Result<std::unique_ptr<Database>> db = Database::Open(f.work);
  Check(db.has_value(), "cannot open the work database");
  return std::move(*db);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  std::unique_ptr<Database> db = FreshDatabase();

  // Store errors are allowed (kStore, kConflict, ...); exceptions and invalid events are not.
  (void)InboxHandler(*db).Handle(raw, "INBOX");
  (void)SentLinker(*db).HandleSent(raw, "Sent");

  // What the fence keeps of a message that failed, with its text as the error.
  WatchedMessage message{"inbox", "INBOX", 1, 1, raw};
  std::string message_id;
  const std::string key = FailedMessageKey(message, &message_id);
  Check(IsValidUtf8(key) || !IsValidUtf8(raw), "a key with invalid UTF-8 from valid input");
  MessageError error{0, "inbox", "INBOX", 1, 1, message_id, std::string(raw.substr(0, 4096))};
  Check(MessageErrorStore(*db).Record(key, error).has_value(), "cannot record a message error");

  Result<std::vector<Event>> events = EventLog(*db).ReadSince(0, 1000);
  Check(events.has_value(), "cannot read the events back");
  for (const Event& event : *events) {
    Check(IsValidUtf8(event.payload_json), "an event payload is not valid UTF-8");
    nlohmann::json payload = nlohmann::json::parse(event.payload_json, nullptr, false);
    Check(payload.is_object(), "an event payload is not a JSON object");
  }
  return 0;
}
