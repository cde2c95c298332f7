// bench/classify: classifies every message of the bounce corpus (tests/data/bounces/, 419
// real bounces, feedback reports and auto-replies) with ClassifyMessage, the entry point of
// `draftbox classify` and of the INBOX watcher, and parses the very same files with Sisimai 4.25
// (bench/sisimai_baseline.pl, Debian libsisimai-perl) as the baseline, in the same run. Both
// sides read every file into memory first, do one untimed warm-up round and then the same
// number of timed rounds. Prints messages/s of each, the ratio, how many files each recognised
// as bounces, and peak RSS. See bench/README.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "bench_support.h"
#include "bench_table.h"
#include "classify/message_classifier.h"

namespace draftbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr size_t kKinds = 5;  // MessageKind's values, kReply .. kOther

struct ClassifyOptions {
  std::string corpus = DRAFTBOX_BENCH_DIR "/../tests/data/bounces";
  int rounds = 10;
  std::string baseline_script = DRAFTBOX_BENCH_DIR "/sisimai_baseline.pl";
  double min_ratio = 1.0;
};

struct Corpus {
  std::vector<std::string> files;  // paths, sorted
  std::vector<std::string> texts;  // the files' bytes, same order
  int64_t bytes = 0;
};

struct ClassifyFigures {
  double seconds = 0;                   // all timed rounds
  double cpu_seconds = 0;               // this process's user + system time during them
  std::array<int64_t, kKinds> kinds{};  // files per MessageKind, from the warm-up round
  double peak_rss_mb = 0;
  double baseline_seconds = 0;
  int64_t baseline_bounce_files = 0;    // files with a record other than vacation
  int64_t baseline_vacation_files = 0;  // files whose only records are vacation
  int64_t baseline_records = 0;
  nlohmann::json baseline_reasons = nlohmann::json::object();
  double baseline_peak_rss_mb = 0;
  std::string sisimai_version;
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

int64_t Kind(const ClassifyFigures& f, MessageKind kind) {
  return f.kinds[static_cast<size_t>(kind)];
}

Result<std::string> ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Fail(ErrorCode::kIo, "cannot read " + file.string());
  return text.str();
}

// Every *.eml file directly in `dir`, sorted, with its bytes. kInvalidArgument naming the
// directory when it is missing or holds no .eml file; kIo if a file cannot be read.
Result<Corpus> LoadCorpus(const fs::path& dir) {
  std::error_code ec;
  Corpus corpus;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && entry.path().extension() == ".eml") {
      corpus.files.push_back(entry.path().string());
    }
  }
  if (ec)
    return Fail(ErrorCode::kInvalidArgument, "cannot list " + dir.string() + ": " + ec.message());
  if (corpus.files.empty()) {
    return Fail(ErrorCode::kInvalidArgument, dir.string() + " holds no .eml file");
  }
  std::sort(corpus.files.begin(), corpus.files.end());
  for (const std::string& file : corpus.files) {
    Result<std::string> text = ReadFile(file);
    if (!text) return std::unexpected(text.error());
    corpus.bytes += static_cast<int64_t>(text->size());
    corpus.texts.push_back(std::move(*text));
  }
  return corpus;
}

// Classifies every text once; returns the files per MessageKind.
std::array<int64_t, kKinds> ClassifyAll(const Corpus& corpus) {
  std::array<int64_t, kKinds> kinds{};
  for (const std::string& text : corpus.texts) {
    kinds[static_cast<size_t>(ClassifyMessage(text).kind)]++;
  }
  return kinds;
}

// One untimed warm-up round, then `rounds` timed ones, each checked against the warm-up (which
// also keeps the work from being optimised away).
Status RunDraftbox(const ClassifyOptions& options, const Corpus& corpus, ClassifyFigures& f) {
  f.kinds = ClassifyAll(corpus);
  const double cpu_start = CpuSeconds();
  const Clock::time_point start = Clock::now();
  for (int round = 0; round < options.rounds; ++round) {
    if (ClassifyAll(corpus) != f.kinds) {
      return Fail(ErrorCode::kInternal, "round " + std::to_string(round + 1) +
                                            " classified the corpus differently from the warm-up");
    }
  }
  f.seconds = Seconds(Clock::now() - start);
  f.cpu_seconds = CpuSeconds() - cpu_start;
  f.peak_rss_mb = PeakRssMegabytes();
  return {};
}

// The baseline gets the same file list and rounds; it must report the same files and bytes.
Status RunBaseline(const ClassifyOptions& options, const Corpus& corpus, ClassifyFigures& f) {
  std::vector<std::string> argv = {"perl", options.baseline_script, "--rounds",
                                   std::to_string(options.rounds)};
  argv.insert(argv.end(), corpus.files.begin(), corpus.files.end());
  Result<nlohmann::json> answer = RunJsonScript(argv);
  if (!answer) {
    return Fail(answer.error().code, answer.error().message +
                                         " (the baseline needs perl and Sisimai: libsisimai-perl, "
                                         "which scripts/setup installs)");
  }
  const auto files = answer->value("files", int64_t{0});
  const auto bytes = answer->value("bytes", int64_t{0});
  f.baseline_seconds = answer->value("seconds", 0.0);
  if (files != static_cast<int64_t>(corpus.files.size()) || bytes != corpus.bytes ||
      f.baseline_seconds <= 0) {
    return Fail(ErrorCode::kInternal, "the baseline read " + std::to_string(files) + " files, " +
                                          std::to_string(bytes) + " bytes; expected " +
                                          std::to_string(corpus.files.size()) + " files, " +
                                          std::to_string(corpus.bytes) + " bytes");
  }
  f.baseline_bounce_files = answer->value("bounce_files", int64_t{0});
  f.baseline_vacation_files = answer->value("vacation_files", int64_t{0});
  f.baseline_records = answer->value("records", int64_t{0});
  f.baseline_reasons = answer->value("reasons", nlohmann::json::object());
  f.baseline_peak_rss_mb = answer->value("peak_rss_mb", 0.0);
  f.sisimai_version = answer->value("sisimai", std::string("?"));
  return {};
}

void PrintTable(const ClassifyOptions& options, const Corpus& corpus, const ClassifyFigures& f,
                BenchTable& table) {
  const double messages = static_cast<double>(corpus.files.size()) * options.rounds;
  const double rate = messages / f.seconds;
  const double baseline_rate = messages / f.baseline_seconds;
  const double ratio = rate / baseline_rate;
  const int64_t bounces = Kind(f, MessageKind::kBounce) + Kind(f, MessageKind::kFeedback);
  table.Add("files in corpus", std::to_string(corpus.files.size()),
            Fixed(static_cast<double>(corpus.bytes) / 1e6, 2) + " MB, all in memory");
  table.Add("rounds", std::to_string(options.rounds), "each side, after one untimed warm-up");
  table.Add("draftbox seconds", Fixed(f.seconds, 3), "ClassifyMessage, all rounds");
  table.Add("draftbox msgs/s", Fixed(rate, 0),
            Fixed(f.seconds / messages * 1e6, 1) + " µs per message, CPU " +
                Fixed(f.cpu_seconds / messages * 1e6, 1) + " µs");
  table.Add("sisimai seconds", Fixed(f.baseline_seconds, 3),
            "Sisimai->make(\\$text) " + f.sisimai_version + ", all rounds");
  table.Add("sisimai msgs/s", Fixed(baseline_rate, 0));
  table.AddTarget("ratio", Fixed(ratio, 2), "≥ " + Fixed(options.min_ratio, 2),
                  ratio >= options.min_ratio);
  table.Add("draftbox bounces", std::to_string(bounces),
            "files: bounce " + std::to_string(Kind(f, MessageKind::kBounce)) + " + feedback " +
                std::to_string(Kind(f, MessageKind::kFeedback)) + "; auto_reply " +
                std::to_string(Kind(f, MessageKind::kAutoReply)) + ", reply " +
                std::to_string(Kind(f, MessageKind::kReply)) + ", other " +
                std::to_string(Kind(f, MessageKind::kOther)));
  table.Add("sisimai bounces", std::to_string(f.baseline_bounce_files),
            "files with a record other than vacation; vacation only " +
                std::to_string(f.baseline_vacation_files) + "; " +
                std::to_string(f.baseline_records) + " records, feedback " +
                std::to_string(f.baseline_reasons.value("feedback", 0)));
  table.Add("draftbox peak RSS MB", Fixed(f.peak_rss_mb, 1), "bench process, corpus in memory");
  table.Add("sisimai peak RSS MB", Fixed(f.baseline_peak_rss_mb, 1), "perl process, VmHWM");
  table.Print(std::cout);
}

int Main(int argc, char** argv) {
  ClassifyOptions options;
  CLI::App app{
      "Classifies the bounce corpus with ClassifyMessage and compares with Sisimai (perl) "
      "parsing the same files in memory.",
      "classify"};
  app.add_option("--corpus", options.corpus, "Directory of .eml files")->capture_default_str();
  app.add_option("--rounds", options.rounds, "Timed rounds over the corpus, each side")
      ->check(CLI::Range(1, 10000));
  app.add_option("--baseline", options.baseline_script, "The Sisimai baseline script");
  app.add_option("--min-ratio", options.min_ratio, "Target: Draftbox msgs/s over Sisimai msgs/s");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitAllMet : kExitUsage;
  }

  const fs::path dir = fs::weakly_canonical(options.corpus);
  Result<Corpus> corpus = LoadCorpus(dir);
  if (!corpus) {
    std::cerr << "classify: " << corpus.error().ToString() << "\n";
    return kExitCouldNotRun;
  }
  ClassifyFigures figures;
  Status ran = RunDraftbox(options, *corpus, figures);
  if (ran) ran = RunBaseline(options, *corpus, figures);
  if (!ran) {
    std::cerr << "classify: " << ran.error().ToString() << "\n";
    return kExitCouldNotRun;
  }
  BenchTable table("bench/classify: " + dir.string() +
                   " through ClassifyMessage vs Sisimai (perl), in memory");
  PrintTable(options, *corpus, figures, table);
  return table.ExitCode();
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
