#include "api/recipient_routes.h"

#include <httplib.h>

#include <charconv>
#include <expected>
#include <optional>
#include <string>

#include "api/http_errors.h"
#include "api/json_response.h"
#include "api/request_params.h"

namespace draftbox {
namespace {

using nlohmann::json;

json ProblemsToJson(const std::vector<ImportProblem>& problems) {
  json out = json::array();
  for (const ImportProblem& p : problems) {
    out.push_back({{"file", p.file}, {"line", p.line}, {"field", p.field}, {"reason", p.reason}});
  }
  return out;
}

// The import request in `body`, or the reason it is malformed.
std::expected<RecipientImportRequest, std::string> ImportRequestFrom(const json& body) {
  RecipientImportRequest request;
  const std::pair<const char*, std::string*> members[] = {
      {"format", &request.format},
      {"recipients_file", &request.recipients_file},
      {"recipients_text", &request.recipients_text},
      {"activities_file", &request.activities_file},
      {"activities_text", &request.activities_text}};
  for (auto [key, out] : members) {
    std::optional<std::string> value = StringMember(body, key);
    if (!value) return std::unexpected(std::string(key) + " must be a string");
    *out = std::move(*value);
  }
  if (!body.contains("recipients_text")) return std::unexpected("recipients_text is missing");
  if (request.format != "csv" && request.format != "jsonl") {
    return std::unexpected("format must be \"csv\" or \"jsonl\"");
  }
  return request;
}

void HandleImport(RecipientService& service, const httplib::Request& req, httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return SendBadRequest(res, "request body is not a JSON object");
  std::expected<RecipientImportRequest, std::string> request = ImportRequestFrom(body);
  if (!request) return SendBadRequest(res, request.error());
  if (body.contains("async") && !body["async"].is_boolean()) {
    return SendBadRequest(res, "async must be true or false");
  }
  // A large file stores for seconds: the async form answers at once and reports progress.
  if (body.value("async", false)) {
    Result<RecipientImportJob> job = service.StartImport(*request);
    if (!job) return SendError(res, job.error());
    return SendJson(res, 202, ImportJobToJson(*job));
  }
  Result<RecipientImportResult> result = service.Import(*request);
  if (!result) return SendError(res, result.error());
  SendJson(res, 200, ImportResultToJson(*result));
}

void HandleList(RecipientService& service, const httplib::Request& req, httplib::Response& res) {
  std::optional<int64_t> offset = QueryInt(req, "offset", 0);
  if (!offset) return SendBadRequest(res, "offset must be a non-negative integer");
  std::optional<int64_t> limit = QueryInt(req, "limit", RecipientRoutes::kDefaultPageSize);
  if (!limit || *limit < 1 || *limit > RecipientRoutes::kMaxPageSize) {
    return SendBadRequest(
        res, "limit must be an integer from 1 to " + std::to_string(RecipientRoutes::kMaxPageSize));
  }
  Result<RecipientPage> page = service.List(*offset, *limit);
  if (!page) return SendError(res, page.error());
  json recipients = json::array();
  for (const Recipient& r : page->recipients) recipients.push_back(RecipientToJson(r, false));
  SendJson(res, 200,
           {{"recipients", recipients},
            {"total", page->total},
            {"offset", page->offset},
            {"limit", page->limit}});
}

void HandleShow(RecipientService& service, const httplib::Request& req, httplib::Response& res) {
  const std::string key = req.matches[1];
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(key.data(), key.data() + key.size(), id);
  const bool is_id = ec == std::errc() && ptr == key.data() + key.size();
  Result<Recipient> recipient = is_id ? service.Get(id) : service.GetByEmail(key);
  if (!recipient) return SendError(res, recipient.error());
  SendJson(res, 200, RecipientToJson(*recipient, true));
}

void HandleGetImport(RecipientService& service, const httplib::Request& req,
                     httplib::Response& res) {
  std::optional<int64_t> id = ParseId(req.matches[1].str());
  if (!id) return SendBadRequest(res, "the import id in the path must be a non-negative integer");
  Result<RecipientImportJob> job = service.GetImport(*id);
  if (!job) return SendError(res, job.error());
  SendJson(res, 200, ImportJobToJson(*job));
}

}  // namespace

void RecipientRoutes::Install(httplib::Server& server) {
  server.Post("/v1/recipients/import", [this](const httplib::Request& req, httplib::Response& res) {
    HandleImport(service_, req, res);
  });
  server.Get("/v1/imports/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    HandleGetImport(service_, req, res);
  });
  server.Get("/v1/recipients", [this](const httplib::Request& req, httplib::Response& res) {
    HandleList(service_, req, res);
  });
  server.Get("/v1/recipients/([^/]+)", [this](const httplib::Request& req, httplib::Response& res) {
    HandleShow(service_, req, res);
  });
}

json RecipientToJson(const Recipient& r, bool with_activities) {
  json out = {{"id", r.id},
              {"email", r.email},
              {"name", r.name},
              {"first_name", r.first_name},
              {"last_name", r.last_name},
              {"role", r.role},
              {"company", r.company},
              {"company_domain", r.company_domain},
              {"country", r.country},
              {"language", r.language},
              {"timezone", r.timezone},
              {"tags", r.tags},
              {"account_state", r.account_state},
              {"plan", r.plan},
              {"renewal_date", r.renewal_date},
              {"health", r.health},
              {"owner", r.owner},
              {"consent", json(r.consent)},
              {"custom", json(r.custom)}};
  if (!with_activities) return out;
  json activities = json::array();
  for (const Activity& a : r.activities) {
    activities.push_back({{"id", a.id},
                          {"type", a.type},
                          {"date", a.date},
                          {"summary", a.summary},
                          {"source", a.source}});
  }
  out["activities"] = activities;
  return out;
}

json ImportResultToJson(const RecipientImportResult& result) {
  return {{"imported", result.imported},
          {"updated", result.updated},
          {"activities_added", result.activities_added},
          {"merged", result.merged},
          {"refused_rows", result.refused_rows},
          {"errors", ProblemsToJson(result.errors)},
          {"notices", ProblemsToJson(result.notices)}};
}

json ImportJobToJson(const RecipientImportJob& job) {
  return {{"import_id", job.id},
          {"state", job.state},
          {"done", job.done},
          {"total", job.total},
          {"error", job.error},
          {"result", job.result ? ImportResultToJson(*job.result) : json(nullptr)}};
}

}  // namespace draftbox
