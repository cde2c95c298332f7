#include "api/campaign_routes.h"

#include <httplib.h>

#include <chrono>
#include <optional>
#include <string>

#include "api/json_response.h"
#include "api/request_params.h"
#include "core/text.h"

namespace draftbox {
namespace {

using nlohmann::json;
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

// The request body as a JSON object; an empty body counts as {} (every member is optional).
std::optional<json> BodyObject(const httplib::Request& req) {
  if (req.body.empty()) return json::object();
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return std::nullopt;
  return body;
}

// Answers `status` with the service's result, or its error.
void Answer(httplib::Response& res, int status, const Result<json>& result) {
  if (!result) return SendError(res, result.error());
  SendJson(res, status, *result);
}

// Wraps a handler that needs the path's id (`req.matches[1]`).
Handler WithId(std::function<void(int64_t, const httplib::Request&, httplib::Response&)> fn) {
  return [fn = std::move(fn)](const httplib::Request& req, httplib::Response& res) {
    std::optional<int64_t> id = ParseId(req.matches[1].str());
    if (!id) return SendBadRequest(res, "the id in the path must be a non-negative integer");
    fn(*id, req, res);
  };
}

void HandleCreate(CampaignService& service, const httplib::Request& req, httplib::Response& res) {
  if (req.body.size() > CampaignRoutes::kMaxTomlBytes) {
    return SendBadRequest(res, "campaign file is larger than " +
                                   std::to_string(CampaignRoutes::kMaxTomlBytes / 1024) + " KiB");
  }
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> file = StringMember(*body, "file");
  std::optional<std::string> toml = StringMember(*body, "toml");
  if (!file || !toml) return SendBadRequest(res, "file and toml must be strings");
  if (toml->empty()) return SendBadRequest(res, "toml (the campaign file's text) is required");
  Answer(res, 201, service.CreateCampaign(file->empty() ? "campaign.toml" : *file, *toml));
}

void HandleStartRun(CampaignService& service, int64_t id, const httplib::Request& req,
                    httplib::Response& res) {
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  if (body->contains("dry_run") && !(*body)["dry_run"].is_boolean()) {
    return SendBadRequest(res, "dry_run must be true or false");
  }
  std::optional<int64_t> limit;
  if (body->contains("limit") && !(*body)["limit"].is_null()) {
    const json& value = (*body)["limit"];
    if (!value.is_number_integer() || value.get<int64_t>() < 1) {
      return SendBadRequest(res, "limit must be a positive integer");
    }
    limit = value.get<int64_t>();
  }
  Answer(res, 202, service.StartRun(id, body->value("dry_run", false), limit));
}

void HandleListDrafts(CampaignService& service, const httplib::Request& req,
                      httplib::Response& res) {
  DraftListQuery query;
  if (req.has_param("campaign")) {
    query.campaign_id = ParseId(req.get_param_value("campaign"));
    if (!query.campaign_id) return SendBadRequest(res, "campaign must be a campaign id");
  }
  if (req.has_param("state")) {
    query.state = ParseDraftState(req.get_param_value("state"));
    if (!query.state) {
      return SendBadRequest(res, "state '" + req.get_param_value("state") +
                                     "' is not a draft state (placed, sent, skipped, ...)");
    }
  }
  std::optional<int64_t> offset = QueryInt(req, "offset", 0);
  if (!offset) return SendBadRequest(res, "offset must be a non-negative integer");
  std::optional<int64_t> limit = QueryInt(req, "limit", CampaignRoutes::kDefaultPageSize);
  if (!limit || *limit < 1 || *limit > CampaignRoutes::kMaxPageSize) {
    return SendBadRequest(
        res, "limit must be an integer from 1 to " + std::to_string(CampaignRoutes::kMaxPageSize));
  }
  query.offset = *offset;
  query.limit = *limit;
  Answer(res, 200, service.ListDrafts(query));
}

void HandleRegenerate(CampaignService& service, int64_t id, const httplib::Request& req,
                      httplib::Response& res) {
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> instruction = StringMember(*body, "instruction");
  if (!instruction) return SendBadRequest(res, "instruction must be a string");
  if (body->contains("place") && !(*body)["place"].is_boolean()) {
    return SendBadRequest(res, "place must be true or false");
  }
  Answer(res, 202, service.Regenerate(id, *instruction, body->value("place", true)));
}

void HandleReject(CampaignService& service, int64_t id, const httplib::Request& req,
                  httplib::Response& res) {
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> reason = StringMember(*body, "reason");
  if (!reason) return SendBadRequest(res, "reason must be a string");
  if (body->contains("suppress") && !(*body)["suppress"].is_boolean()) {
    return SendBadRequest(res, "suppress must be true or false");
  }
  Answer(res, 202, service.Reject(id, *reason, body->value("suppress", false)));
}

// Restore in a compose window: the text the rep puts back becomes the stored one. Both members
// are required; the subject is one line, and both are UTF-8 within the caps of a sent report.
void HandleRestoreText(CampaignService& service, int64_t id, const httplib::Request& req,
                       httplib::Response& res) {
  // Checked before parsing, so a bad byte is named as such, not as bad JSON.
  if (!IsValidUtf8(req.body)) return SendBadRequest(res, "request body is not UTF-8 text");
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  if (!body->contains("subject") || !body->contains("body")) {
    return SendBadRequest(res, "subject and body are required");
  }
  std::optional<std::string> subject = StringMember(*body, "subject");
  std::optional<std::string> text = StringMember(*body, "body");
  if (!subject || !text) return SendBadRequest(res, "subject and body must be strings");
  if (subject->size() > CampaignRoutes::kMaxSubjectBytes) {
    return SendBadRequest(res, "subject is longer than " +
                                   std::to_string(CampaignRoutes::kMaxSubjectBytes) + " bytes");
  }
  if (HasControlCodePoint(*subject)) {
    return SendBadRequest(res, "subject must be one line without control characters");
  }
  if (text->empty()) return SendBadRequest(res, "body must not be empty");
  if (text->size() > CampaignRoutes::kMaxSentTextBytes) {
    return SendBadRequest(
        res, "body is longer than " + std::to_string(CampaignRoutes::kMaxSentTextBytes) + " bytes");
  }
  Answer(res, 200, service.RestoreText(id, *subject, *text));
}

void HandleGetOperation(CampaignService& service, int64_t id, const httplib::Request& req,
                        httplib::Response& res) {
  std::optional<int64_t> wait = QueryInt(req, "wait", 0);
  if (!wait || *wait > CampaignRoutes::kMaxOperationWaitSeconds) {
    return SendBadRequest(res, "wait must be an integer from 0 to " +
                                   std::to_string(CampaignRoutes::kMaxOperationWaitSeconds) +
                                   " (seconds)");
  }
  Answer(res, 200, service.GetOperation(id, std::chrono::seconds(*wait)));
}

void HandleSent(CampaignService& service, int64_t id, const httplib::Request& req,
                httplib::Response& res) {
  std::optional<json> body = BodyObject(req);
  if (!body) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> message_id = StringMember(*body, "message_id");
  std::optional<std::string> final_text = StringMember(*body, "final_text");
  std::optional<std::string> subject = StringMember(*body, "subject");
  if (!message_id || !final_text || !subject) {
    return SendBadRequest(res, "message_id, final_text and subject must be strings");
  }
  if (message_id->empty()) return SendBadRequest(res, "message_id is required");
  if (final_text->size() > CampaignRoutes::kMaxSentTextBytes) {
    return SendBadRequest(res, "final_text is longer than " +
                                   std::to_string(CampaignRoutes::kMaxSentTextBytes) + " bytes");
  }
  Answer(res, 200,
         service.ReportSent(
             id, *message_id, *final_text,
             body->contains("subject") ? std::optional<std::string>(*subject) : std::nullopt));
}

}  // namespace

void CampaignRoutes::Install(httplib::Server& server) {
  CampaignService& s = service_;
  server.Post("/v1/campaigns", [&s](const httplib::Request& req, httplib::Response& res) {
    HandleCreate(s, req, res);
  });
  server.Get("/v1/campaigns", [&s](const httplib::Request&, httplib::Response& res) {
    Answer(res, 200, s.ListCampaigns());
  });
  server.Get("/v1/campaigns/([^/]+)",
             WithId([&s](int64_t id, const httplib::Request&, httplib::Response& res) {
               Answer(res, 200, s.GetCampaign(id));
             }));
  server.Post("/v1/campaigns/([^/]+)/runs",
              WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
                HandleStartRun(s, id, req, res);
              }));
  server.Get("/v1/runs/([^/]+)",
             WithId([&s](int64_t id, const httplib::Request&, httplib::Response& res) {
               Answer(res, 200, s.GetRun(id));
             }));
  server.Get("/v1/drafts", [&s](const httplib::Request& req, httplib::Response& res) {
    HandleListDrafts(s, req, res);
  });
  server.Get("/v1/drafts/([^/]+)",
             WithId([&s](int64_t id, const httplib::Request&, httplib::Response& res) {
               Answer(res, 200, s.GetDraft(id));
             }));
  server.Post("/v1/drafts/([^/]+)/regenerate",
              WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
                HandleRegenerate(s, id, req, res);
              }));
  server.Post("/v1/drafts/([^/]+)/sent",
              WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
                HandleSent(s, id, req, res);
              }));
  server.Post("/v1/drafts/([^/]+)/reject",
              WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
                HandleReject(s, id, req, res);
              }));
  server.Post("/v1/drafts/([^/]+)/text",
              WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
                HandleRestoreText(s, id, req, res);
              }));
  server.Get("/v1/operations/([^/]+)",
             WithId([&s](int64_t id, const httplib::Request& req, httplib::Response& res) {
               HandleGetOperation(s, id, req, res);
             }));
}

}  // namespace draftbox
