// bench/model: the daemon's own cost per draft through the `openai` composer. An in-process
// HTTP server on loopback answers every chat-completions request at once with a grounded
// draft, so what is measured is Draftbox's side: building the prompt and the request, one
// HTTP round trip over a new loopback connection, strict parsing, the grounding check. The
// baseline, in the same run, is the bare round trip: the same request body POSTed to the same
// server with cpp-httplib and nothing else. Target (issue 11): < 5 ms per draft.
// See bench/README.md.
#include <httplib.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench_support.h"
#include "bench_table.h"
#include "compose/template_composer.h"
#include "model/http_chat_transport.h"
#include "model/model_prompt.h"
#include "model/openai_composer.h"
#include "unit/model/model_fixtures.h"

namespace draftbox::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Timing {
  double mean_ms = 0;
  double p50_ms = 0;
  double p95_ms = 0;
};

Timing Summarise(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  Timing t;
  for (double m : ms) t.mean_ms += m;
  t.mean_ms /= static_cast<double>(ms.size());
  t.p50_ms = ms[ms.size() / 2];
  t.p95_ms = ms[std::min(ms.size() - 1, ms.size() * 95 / 100)];
  return t;
}

int Main(int argc, char** argv) {
  int drafts = 500;
  double max_ms = 5.0;
  CLI::App app{"The openai composer's own cost per draft against an instant loopback server.",
               "model"};
  app.add_option("--drafts", drafts, "Timed drafts, each side")->check(CLI::Range(10, 100000));
  app.add_option("--max-ms", max_ms, "Target: mean ms per draft through the composer");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitAllMet : kExitUsage;
  }

  // The grounded answer the composer tests use (tests/unit/model/model_fixtures.h).
  const std::string completion = testing::Completion(testing::Answer().dump());
  httplib::Server server;
  server.Post(R"(/v1/chat/completions)", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(completion, "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(port) + "/v1";

  Result<HttpChatTransport> transport =
      HttpChatTransport::Create(endpoint, "", std::chrono::seconds(10));
  if (!transport) {
    std::cerr << "model: " << transport.error().ToString() << "\n";
    server.stop();
    serving.join();
    return kExitCouldNotRun;
  }
  OpenAiComposerOptions options;
  options.model = "bench";
  OpenAiComposer composer(std::make_unique<HttpChatTransport>(std::move(*transport)),
                          std::make_unique<TemplateComposer>(), options);
  const Recipient recipient = testing::FundedRecipient();
  const ComposeRequest request = testing::FundedRequest(recipient);

  std::vector<double> composed_ms;
  std::string prompt;
  for (int i = 0; i < drafts + 20; ++i) {  // the first 20 warm up
    const auto start = Clock::now();
    ComposeResult draft = composer.Compose(request);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!draft) {
      std::cerr << "model: the composer refused the bench's draft: " << draft.error().reason
                << "\n";
      server.stop();
      serving.join();
      return kExitCouldNotRun;
    }
    prompt = draft->prompt;
    if (i >= 20) composed_ms.push_back(ms);
  }

  std::vector<double> raw_ms;
  for (int i = 0; i < drafts + 20; ++i) {
    const auto start = Clock::now();
    httplib::Client client("http://127.0.0.1:" + std::to_string(port));
    httplib::Result res = client.Post("/v1/chat/completions", prompt, "application/json");
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!res || res->status != 200) {
      std::cerr << "model: the baseline POST failed\n";
      server.stop();
      serving.join();
      return kExitCouldNotRun;
    }
    if (i >= 20) raw_ms.push_back(ms);
  }
  server.stop();
  serving.join();

  const Timing composed = Summarise(composed_ms);
  const Timing raw = Summarise(raw_ms);
  BenchTable table("bench/model: " + std::to_string(drafts) +
                   " drafts through OpenAiComposer against an instant loopback server");
  table.AddTarget("ms per draft, mean", Fixed(composed.mean_ms, 3), "< " + Fixed(max_ms, 1),
                  composed.mean_ms < max_ms);
  table.Add("ms per draft, p50 / p95",
            Fixed(composed.p50_ms, 3) + " / " + Fixed(composed.p95_ms, 3));
  table.Add("baseline: bare POST, mean", Fixed(raw.mean_ms, 3),
            "same body, same server, a new connection each");
  table.Add("Draftbox's own share, mean", Fixed(composed.mean_ms - raw.mean_ms, 3),
            "prompt, request, parsing, grounding check");
  table.Add("request body bytes", std::to_string(prompt.size()));
  table.Add("peak RSS MB", Fixed(PeakRssMegabytes(), 1));
  table.Print(std::cout);
  return table.ExitCode();
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
