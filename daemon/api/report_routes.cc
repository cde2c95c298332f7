#include "api/report_routes.h"

#include <httplib.h>

#include <optional>
#include <string>

#include "api/json_response.h"

namespace draftbox {
namespace {

using nlohmann::json;

// Persona names are config keys; a longer value is not one of them.
constexpr size_t kMaxPersonaBytes = 200;

void HandleEdits(EditReportService& service, const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> persona;
  if (req.has_param("persona")) {
    persona = req.get_param_value("persona");
    if (persona->empty() || persona->size() > kMaxPersonaBytes) {
      return SendBadRequest(res, "persona must be a persona name of 1 to 200 bytes");
    }
  }
  Result<EditReport> report = service.Edits(persona);
  if (!report) return SendError(res, report.error());
  SendJson(res, 200, EditReportToJson(*report));
}

json PhrasesJson(const std::vector<PhraseEdit>& phrases) {
  json out = json::array();
  for (const PhraseEdit& p : phrases) out.push_back({{"text", p.text}, {"sends", p.sends}});
  return out;
}

}  // namespace

void ReportRoutes::Install(httplib::Server& server) {
  server.Get("/v1/reports/edits", [this](const httplib::Request& req, httplib::Response& res) {
    HandleEdits(service_, req, res);
  });
}

json EditReportToJson(const EditReport& report) {
  json rewrites = json::array();
  for (const SubjectRewrite& r : report.subject_rewrites) {
    rewrites.push_back({{"from", r.from}, {"to", r.to}, {"sends", r.sends}});
  }
  json weeks = json::array();
  for (const EditWeek& w : report.weeks) {
    weeks.push_back({{"week", w.week}, {"sends", w.sends}, {"median_ratio", w.median_ratio}});
  }
  return {{"persona", report.persona.empty() ? json(nullptr) : json(report.persona)},
          {"sends", report.sends},
          {"median_ratio", report.median_ratio},
          {"removed", PhrasesJson(report.removed)},
          {"added", PhrasesJson(report.added)},
          {"subject_rewrites", rewrites},
          {"weeks", weeks}};
}

}  // namespace draftbox
