#include "api/opt_out_routes.h"

#include <httplib.h>

#include <functional>
#include <optional>
#include <string>

#include "api/json_response.h"
#include "api/request_params.h"
#include "core/suppression.h"

namespace draftbox {
namespace {

using nlohmann::json;

json OptionalId(const std::optional<int64_t>& id) { return id ? json(*id) : json(nullptr); }

void HandleList(OptOutService& service, const httplib::Request& req, httplib::Response& res) {
  std::optional<OptOutReviewState> state;
  if (req.has_param("state")) {
    Result<OptOutReviewState> parsed = ParseOptOutReviewState(req.get_param_value("state"));
    if (!parsed) return SendError(res, parsed.error());
    state = *parsed;
  }
  Result<std::vector<OptOutReview>> reviews = service.List(state);
  if (!reviews) return SendError(res, reviews.error());
  json list = json::array();
  for (const OptOutReview& r : *reviews) list.push_back(OptOutReviewToJson(r));
  SendJson(res, 200, {{"optouts", list}, {"count", reviews->size()}});
}

// Runs `act` on the path's id and answers with the review it returns.
void Act(const httplib::Request& req, httplib::Response& res,
         const std::function<Result<OptOutReview>(int64_t)>& act, bool wrap) {
  std::optional<int64_t> id = ParseId(req.matches[1].str());
  if (!id) return SendBadRequest(res, "the id in the path must be a non-negative integer");
  Result<OptOutReview> review = act(*id);
  if (!review) return SendError(res, review.error());
  json body = OptOutReviewToJson(*review);
  SendJson(res, 200, wrap ? json{{"optout", body}} : body);
}

}  // namespace

void OptOutRoutes::Install(httplib::Server& server) {
  server.Get("/v1/optouts", [this](const httplib::Request& req, httplib::Response& res) {
    HandleList(service_, req, res);
  });
  server.Get("/v1/optouts/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    Act(
        req, res, [this](int64_t id) { return service_.Get(id); }, false);
  });
  server.Post("/v1/optouts/([^/]+)/confirm",
              [this](const httplib::Request& req, httplib::Response& res) {
                Act(
                    req, res, [this](int64_t id) { return service_.Confirm(id); }, true);
              });
  server.Post("/v1/optouts/([^/]+)/dismiss",
              [this](const httplib::Request& req, httplib::Response& res) {
                Act(
                    req, res, [this](int64_t id) { return service_.Dismiss(id); }, true);
              });
}

json OptOutReviewToJson(const OptOutReview& r) {
  return {{"id", r.id},
          {"state", OptOutReviewStateName(r.state)},
          {"email", r.email},
          {"recipient_id", OptionalId(r.recipient_id)},
          {"draft_id", OptionalId(r.draft_id)},
          {"message_id", r.message_id},
          {"folder", r.folder},
          {"uid", r.uid},
          {"excerpt", r.excerpt},
          {"phrase", r.phrase},
          {"created_at", r.created_at},
          {"date", FormatSuppressionDate(r.created_at)},
          {"decided_at", r.decided_at > 0 ? json(r.decided_at) : json(nullptr)},
          {"suppression_id", OptionalId(r.suppression_id)},
          {"second_opinion", r.model_opinion.empty()
                                 ? json(nullptr)
                                 : json{{"opt_out", r.model_opinion}, {"reason", r.model_reason}}}};
}

}  // namespace draftbox
