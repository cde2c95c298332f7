#include "api/suppression_routes.h"

#include <httplib.h>

#include <optional>
#include <string>

#include "api/http_errors.h"
#include "api/json_response.h"
#include "api/request_params.h"

namespace draftbox {
namespace {

using nlohmann::json;

json IssuesToJson(const std::vector<SuppressionCsvIssue>& issues) {
  json out = json::array();
  for (const SuppressionCsvIssue& i : issues) {
    out.push_back(
        {{"line", i.line}, {"field", i.field}, {"reason", i.reason}, {"imported", i.imported}});
  }
  return out;
}

void HandleList(SuppressionService& service, const httplib::Request& req, httplib::Response& res) {
  std::optional<SuppressionKind> kind;
  if (req.has_param("kind")) {
    Result<SuppressionKind> parsed = ParseSuppressionKind(req.get_param_value("kind"));
    if (!parsed) return SendError(res, parsed.error());
    kind = *parsed;
  }
  Result<std::vector<SuppressionEntry>> entries = service.List(kind);
  if (!entries) return SendError(res, entries.error());
  json list = json::array();
  for (const SuppressionEntry& e : *entries) list.push_back(SuppressionEntryToJson(e));
  SendJson(res, 200, {{"suppressions", list}, {"count", entries->size()}});
}

void HandleAdd(SuppressionService& service, const httplib::Request& req, httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> target = StringMember(body, "target");
  std::optional<std::string> reason = StringMember(body, "reason");
  std::optional<std::string> source = StringMember(body, "source");
  if (!target || !reason || !source) {
    return SendBadRequest(res, "target, reason and source must be strings");
  }
  // A suppression without a reason cannot be judged later (may it ever be lifted?).
  if (reason->find_first_not_of(" \t\r\n") == std::string::npos) {
    return SendBadRequest(res, "reason is required");
  }
  Result<SuppressionTarget> parsed = ParseSuppressionTarget(*target);
  if (!parsed) return SendBadRequest(res, "target: " + parsed.error().message);
  Result<SuppressionAddResult> added = service.Add(*parsed, *reason, *source);
  if (!added) return SendError(res, added.error());
  SendJson(res, added->added ? 201 : 200,
           {{"added", added->added}, {"entry", SuppressionEntryToJson(added->entry)}});
}

void HandleImport(SuppressionService& service, const httplib::Request& req,
                  httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return SendBadRequest(res, "request body is not a JSON object");
  if (!body.contains("text") || !body["text"].is_string()) {
    return SendBadRequest(res, "text (the CSV file's contents) must be a string");
  }
  Result<SuppressionImportResult> result = service.Import(body["text"].get<std::string>());
  if (!result) return SendError(res, result.error());
  SendJson(res, 200,
           {{"added", result->added},
            {"already_present", result->already_present},
            {"issues", IssuesToJson(result->issues)}});
}

void Remove(SuppressionService& service, const std::string& raw_target, bool force,
            httplib::Response& res) {
  Result<SuppressionTarget> target = ParseSuppressionTarget(raw_target);
  if (!target) return SendBadRequest(res, "target: " + target.error().message);
  Result<SuppressionEntry> removed = service.Remove(*target, force);
  if (!removed) return SendError(res, removed.error());
  SendJson(res, 200, {{"removed", SuppressionEntryToJson(*removed)}});
}

void HandleDelete(SuppressionService& service, const httplib::Request& req,
                  httplib::Response& res) {
  const std::string force = req.has_param("force") ? req.get_param_value("force") : "false";
  if (force != "true" && force != "false") {
    return SendBadRequest(res, "force must be true or false");
  }
  // httplib has already decoded %40 in the path.
  Remove(service, req.matches[1], force == "true", res);
}

void HandleRemovePost(SuppressionService& service, const httplib::Request& req,
                      httplib::Response& res) {
  json body = json::parse(req.body, nullptr, false);
  if (!body.is_object()) return SendBadRequest(res, "request body is not a JSON object");
  std::optional<std::string> target = StringMember(body, "target");
  if (!target) return SendBadRequest(res, "target must be a string");
  if (body.contains("force") && !body["force"].is_boolean()) {
    return SendBadRequest(res, "force must be true or false");
  }
  Remove(service, *target, body.value("force", false), res);
}

}  // namespace

void SuppressionRoutes::Install(httplib::Server& server) {
  server.Get("/v1/suppressions", [this](const httplib::Request& req, httplib::Response& res) {
    HandleList(service_, req, res);
  });
  server.Post("/v1/suppressions", [this](const httplib::Request& req, httplib::Response& res) {
    HandleAdd(service_, req, res);
  });
  server.Post("/v1/suppressions/import",
              [this](const httplib::Request& req, httplib::Response& res) {
                HandleImport(service_, req, res);
              });
  server.Post("/v1/suppressions/remove",
              [this](const httplib::Request& req, httplib::Response& res) {
                HandleRemovePost(service_, req, res);
              });
  server.Delete("/v1/suppressions/([^/]+)",
                [this](const httplib::Request& req, httplib::Response& res) {
                  HandleDelete(service_, req, res);
                });
}

json SuppressionEntryToJson(const SuppressionEntry& e) {
  return {{"id", e.id},
          {"kind", SuppressionKindName(e.kind)},
          {"value", e.value},
          {"target", SuppressionTarget{e.kind, e.value}.ToString()},
          {"reason", e.reason},
          {"source", e.source},
          {"created_at", e.created_at},
          {"date", FormatSuppressionDate(e.created_at)}};
}

}  // namespace draftbox
