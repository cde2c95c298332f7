#include "app/store_event_service.h"

#include <algorithm>

namespace draftbox {

Result<EventBatch> StoreEventService::Read(int64_t since, const std::string& type, int limit) {
  // The last id is read first: every event up to it that the filter keeps is then in a batch
  // that is not full, so the cursor may jump past the events of other types.
  Result<int64_t> last = log_.LastId();
  if (!last) return std::unexpected(last.error());
  Result<std::vector<Event>> events = log_.ReadSince(since, limit, type);
  if (!events) return std::unexpected(events.error());
  EventBatch batch;
  batch.next_since = since;
  for (const Event& event : *events) batch.events.push_back(ToEventRecord(event));
  if (!batch.events.empty()) batch.next_since = batch.events.back().id;
  const bool full = static_cast<int>(batch.events.size()) >= limit;
  if (!full) batch.next_since = std::max(batch.next_since, *last);
  return batch;
}

EventRecord ToEventRecord(const Event& event) {
  return EventRecord{.id = event.id,
                     .time_unix = event.time_unix,
                     .type = event.type,
                     .draft_id = event.draft_id,
                     .recipient_id = event.recipient_id,
                     .campaign_id = event.campaign_id,
                     .payload_json = event.payload_json,
                     .recipient_email = event.recipient_email};
}

}  // namespace draftbox
