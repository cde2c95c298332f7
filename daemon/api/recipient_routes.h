// The /v1/recipients and /v1/imports endpoints (shared/api/recipients*.json):
//   POST /v1/recipients/import  {format, recipients_file, recipients_text,
//                                activities_file?, activities_text?} -> import summary
//        ... with "async": true -> 202 and the import job (recipients_import_job.json); the
//        file is parsed first, so a bad request still fails at once
//   GET  /v1/imports/{id}                                         -> the import job
//   GET  /v1/recipients?offset=N&limit=N                          -> a page of recipients
//   GET  /v1/recipients/{id or email}                             -> one, with activities
// Handlers are guard clauses over a RecipientService. Thread-safe as the service is.
#ifndef DRAFTBOX_API_RECIPIENT_ROUTES_H_
#define DRAFTBOX_API_RECIPIENT_ROUTES_H_

#include <nlohmann/json.hpp>

#include "api/recipient_service.h"

namespace httplib {
class Server;
}

namespace draftbox {

class RecipientRoutes {
 public:
  // A page holds at most this many recipients: a list answer stays well under a megabyte.
  static constexpr int64_t kMaxPageSize = 1000;
  static constexpr int64_t kDefaultPageSize = 50;

  // `service` must outlive the server the routes are installed on.
  explicit RecipientRoutes(RecipientService& service) : service_(service) {}

  // Adds the handlers to `server` (before it starts listening).
  void Install(httplib::Server& server);

 private:
  RecipientService& service_;
};

// The JSON forms of shared/api/recipient.json, recipients_import_response.json and
// recipients_import_job.json.
nlohmann::json RecipientToJson(const Recipient& recipient, bool with_activities);
nlohmann::json ImportResultToJson(const RecipientImportResult& result);
nlohmann::json ImportJobToJson(const RecipientImportJob& job);

}  // namespace draftbox

#endif  // DRAFTBOX_API_RECIPIENT_ROUTES_H_
