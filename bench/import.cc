// bench/import: imports N recipients (default 100,000) from a generated CSV file the way
// `draftbox recipients import` does (RecipientImport parses and validates, RecipientStore::Upsert
// writes in batches) into a fresh database, then inserts the same rows into another fresh
// database of the same schema with python3's sqlite3 executemany in one transaction
// (bench/sqlite_insert_baseline.py) as the baseline, and prints rows/s and the ratio.
// No target: the figure is for watching trends. See bench/README.md.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "bench_recipients.h"
#include "bench_support.h"
#include "bench_table.h"
#include "import/recipient_import.h"
#include "store/database.h"
#include "store/recipient_store.h"

namespace draftbox::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct ImportOptions {
  int64_t rows = 100000;
  std::string baseline_script = DRAFTBOX_BENCH_DIR "/sqlite_insert_baseline.py";
  bool keep = false;
};

struct ImportFigures {
  double parse_seconds = 0;   // read the file, RecipientImport
  double upsert_seconds = 0;  // RecipientStore::Upsert
  int64_t inserted = 0;
  double baseline_seconds = 0;
  int64_t baseline_rows = 0;
  double peak_rss_mb = 0;
};

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

Status WriteFile(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) return Fail(ErrorCode::kIo, "cannot write " + file.string());
  return {};
}

Result<std::string> ReadFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Fail(ErrorCode::kIo, "cannot read " + file.string());
  return text.str();
}

// Reads, parses and upserts `csv` into the database at `db_file`, timing each half.
Status ImportCsv(const ImportOptions& options, const fs::path& csv, const fs::path& db_file,
                 ImportFigures& figures) {
  Result<std::unique_ptr<Database>> db = Database::Open(db_file);
  if (!db) return std::unexpected(db.error());
  const Clock::time_point start = Clock::now();
  Result<std::string> text = ReadFile(csv);
  if (!text) return std::unexpected(text.error());
  RecipientImport import;
  import.AddRecipientsCsv(csv.filename().string(), *text);
  ImportBatch batch = import.Take();
  const Clock::time_point parsed = Clock::now();
  Result<UpsertCounts> counts = RecipientStore(**db).Upsert(batch.recipients);
  const Clock::time_point stored = Clock::now();
  if (!counts) return std::unexpected(counts.error());
  figures.parse_seconds = Seconds(parsed - start);
  figures.upsert_seconds = Seconds(stored - parsed);
  figures.inserted = counts->inserted;
  figures.peak_rss_mb = PeakRssMegabytes();
  if (!batch.errors.empty() || figures.inserted != options.rows) {
    return Fail(ErrorCode::kInternal, "imported " + std::to_string(figures.inserted) + " of " +
                                          std::to_string(options.rows) + " rows, " +
                                          std::to_string(batch.errors.size()) + " row errors");
  }
  return {};
}

// The baseline gets an empty database of the same schema (and WAL mode), made by Database::Open.
Status RunBaseline(const ImportOptions& options, const fs::path& csv, const fs::path& db_file,
                   ImportFigures& figures) {
  if (Result<std::unique_ptr<Database>> db = Database::Open(db_file); !db) {
    return std::unexpected(db.error());
  }
  Result<nlohmann::json> answer = RunJsonScript(
      {"python3", options.baseline_script, "--db", db_file.string(), "--csv", csv.string()});
  if (!answer) return std::unexpected(answer.error());
  figures.baseline_rows = answer->value("rows", int64_t{0});
  figures.baseline_seconds = answer->value("seconds", 0.0);
  if (figures.baseline_rows != options.rows || figures.baseline_seconds <= 0) {
    return Fail(ErrorCode::kInternal, "the baseline inserted " +
                                          std::to_string(figures.baseline_rows) + " of " +
                                          std::to_string(options.rows) + " rows");
  }
  return {};
}

void PrintTable(const ImportFigures& f, BenchTable& table) {
  const double seconds = f.parse_seconds + f.upsert_seconds;
  const double rate = static_cast<double>(f.inserted) / seconds;
  const double baseline_rate = static_cast<double>(f.baseline_rows) / f.baseline_seconds;
  table.Add("rows", std::to_string(f.inserted));
  table.Add("seconds", Fixed(seconds, 3), "read + parse + validate + upsert");
  table.Add("  parse", Fixed(f.parse_seconds, 3), "read file, RecipientImport");
  table.Add("  upsert", Fixed(f.upsert_seconds, 3),
            "RecipientStore::Upsert, " + std::to_string(RecipientStore::kBatchRows) +
                " rows per transaction");
  table.Add("rows/s", Fixed(rate, 0));
  table.Add("baseline seconds", Fixed(f.baseline_seconds, 3), "read + csv + executemany + commit");
  table.Add("baseline rows/s", Fixed(baseline_rate, 0), "python3 sqlite3, one transaction");
  table.Add("ratio", Fixed(rate / baseline_rate, 2), "no target");
  table.Add("peak RSS MB", Fixed(f.peak_rss_mb, 1), "whole file and batch in memory");
  table.Print(std::cout);
}

int Main(int argc, char** argv) {
  ImportOptions options;
  CLI::App app{
      "Imports generated recipients through RecipientImport and RecipientStore::Upsert "
      "and compares with python3 sqlite3 executemany in one transaction.",
      "import"};
  app.add_option("--rows", options.rows, "Recipient rows")->check(CLI::Range(1, 10000000));
  app.add_option("--baseline", options.baseline_script, "The insert baseline script");
  app.add_flag("--keep", options.keep, "Keep the work dir (CSV, both databases)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitAllMet : kExitUsage;
  }

  Result<fs::path> work = MakeWorkDir("draftbox-bench-import");
  if (!work) {
    std::cerr << "import: " << work.error().message << "\n";
    return kExitCouldNotRun;
  }
  const fs::path csv = *work / "recipients.csv";
  ImportFigures figures;
  Status ran = WriteFile(csv, RecipientsCsv(options.rows));
  if (ran) ran = ImportCsv(options, csv, *work / "draftbox.db", figures);
  if (ran) ran = RunBaseline(options, csv, *work / "baseline.db", figures);
  if (!options.keep) fs::remove_all(*work);
  if (!ran) {
    std::cerr << "import: " << ran.error().ToString() << "\n";
    return kExitCouldNotRun;
  }
  BenchTable table("bench/import: " + std::to_string(options.rows) +
                   " recipients from CSV through RecipientImport + RecipientStore::Upsert vs "
                   "python3 sqlite3 executemany" +
                   (options.keep ? " [kept " + work->string() + "]" : ""));
  PrintTable(figures, table);
  return table.ExitCode();
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
