// Recipients and their activities in the database (tables `recipients` and `activities`,
// store/README.md). Import is an upsert by email: fields are updated, activities only ever
// added (the table's unique key drops ones already known), so re-importing keeps history.
// Thread-safe: every call goes through Database::WithConnection.
#ifndef DRAFTBOX_STORE_RECIPIENT_STORE_H_
#define DRAFTBOX_STORE_RECIPIENT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/campaign.h"
#include "core/error.h"
#include "core/recipient.h"
#include "store/database.h"

namespace draftbox {

struct UpsertCounts {
  int64_t inserted = 0;          // recipients new to the store
  int64_t updated = 0;           // recipients already known by email
  int64_t activities_added = 0;  // activities not known before
};

// Which recipients List and Count return; empty members do not filter.
struct RecipientFilter {
  std::string account_state;  // exact, e.g. "prospect"
  std::string tag;            // the recipient has this tag
};

class RecipientStore {
 public:
  // Rows per transaction: big enough that 100k rows take seconds, small enough that the write
  // lock is released often for the API's readers and the campaign runner.
  static constexpr size_t kBatchRows = 5000;

  // `now` gives unix seconds for created_at / updated_at / imported_at (tests fix it).
  explicit RecipientStore(Database& db, std::function<int64_t()> now = {});

  // Inserts or updates each recipient by email (already normalised, unique in the span) with
  // its activities. On update, non-empty fields replace stored ones, empty ones keep them (an
  // empty cell means "not in this file", never "erase"); tags are replaced when given; consent
  // and custom merge key by key. `progress(done)` is called after each committed batch.
  // Returns kStore on a database error; batches committed before it stay committed.
  Result<UpsertCounts> Upsert(std::span<const Recipient> recipients,
                              const std::function<void(int64_t done)>& progress = {});

  // The recipient with its activities (newest date first). kNotFound if there is none.
  Result<Recipient> Get(int64_t id);
  // As Get, by email (normalised with NormaliseEmail first). kNotFound if there is none.
  Result<Recipient> GetByEmail(std::string_view email);

  // Recipients without activities, ordered by id. kStore on a database error.
  Result<std::vector<Recipient>> List(int64_t offset, int64_t limit,
                                      const RecipientFilter& filter = {});
  // How many recipients match. kStore on a database error.
  Result<int64_t> Count(const RecipientFilter& filter = {});

  // Ids of the recipients a campaign's [target] chooses, ascending: any of `target.tags`
  // (case-insensitive), any of `target.account_states`, and an activity of any of
  // `target.activity_types` dated within `activity_within_days` before `today` ("YYYY-MM-DD";
  // a later date has not happened yet and does not count).
  // Empty filters match everyone. kStore on a database error.
  Result<std::vector<int64_t>> MatchingIds(const CampaignTarget& target, std::string_view today);

  // For each recipient with an activity of any of `types` (case-insensitive) dated from
  // `since_day` to `until_day` ("YYYY-MM-DD", both included): the id of the newest such
  // activity. kStore on a database error.
  Result<std::map<int64_t, int64_t>> NewestActivityOfTypes(const std::vector<std::string>& types,
                                                           std::string_view since_day,
                                                           std::string_view until_day);

  // The activities of one recipient, newest date first (undated last). Empty if none.
  Result<std::vector<Activity>> Activities(int64_t recipient_id);

 private:
  Result<Recipient> GetWhere(std::string_view where, int64_t id, std::string_view email);

  Database& db_;
  std::function<int64_t()> now_;
};

}  // namespace draftbox

#endif  // DRAFTBOX_STORE_RECIPIENT_STORE_H_
