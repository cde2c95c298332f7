// The EventService the API uses, over the daemon's EventLog. Thread-safe: the log serialises on
// the database's lock.
#ifndef DRAFTBOX_APP_STORE_EVENT_SERVICE_H_
#define DRAFTBOX_APP_STORE_EVENT_SERVICE_H_

#include "api/event_service.h"
#include "store/event_log.h"

namespace draftbox {

class StoreEventService : public EventService {
 public:
  // `db` must outlive the service.
  explicit StoreEventService(Database& db) : db_(db), log_(db) {}

  // kInvalidArgument for limit <= 0; kStore from the log.
  Result<EventBatch> Read(int64_t since, const std::string& type, int limit) override;
  // kStore from the log.
  Result<int64_t> LastId() override { return log_.LastId(); }
  // Every event is written through the daemon's one Database, so its write sequence covers
  // them all.
  uint64_t ChangeSequence() override { return db_.WriteSequence(); }
  bool WaitForChange(uint64_t seen, std::chrono::steady_clock::time_point until) override {
    db_.WaitForWrite(seen, until);
    return true;
  }

 private:
  Database& db_;
  EventLog log_;
};

// The API's form of a stored event.
EventRecord ToEventRecord(const Event& event);

}  // namespace draftbox

#endif  // DRAFTBOX_APP_STORE_EVENT_SERVICE_H_
