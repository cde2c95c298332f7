// bench/import: imports N recipients (default 100,000) from a generated CSV file the way
// `draftbox recipients import` does (RecipientImport parses and validates, RecipientStore::Upsert
// writes in batches) into a fresh database, then inserts the same rows into another fresh
// database of the same schema with python3's sqlite3 executemany in one transaction
// (bench/sqlite_insert_baseline.py) as the baseline, and prints rows/s and the ratio.
// Then the wide-header case: a CSV whose header has 100,000 and 200,000 columns (one row)
// through RecipientImport against python3's csv module and a set (bench/csv_header_baseline.py),
// which shows whether the header check grows faster than the header.
// No target: the figures are for watching trends. See bench/README.md.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

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
  std::vector<int64_t> header_columns = {100000, 200000};
  std::string header_baseline_script = DRAFTBOX_BENCH_DIR "/csv_header_baseline.py";
  bool keep = false;
};

// One size of the wide-header case.
struct WideHeaderFigures {
  int64_t columns = 0;
  double seconds = 0;  // RecipientImport::AddRecipientsCsv on the text in memory
  double baseline_seconds = 0;
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

// "email,custom_1,...,custom_{N-1}" and one row: every column name is distinct, so the whole
// header is checked, and the row gives each column a value.
std::string WideHeaderCsv(int64_t columns) {
  std::string header = "email";
  std::string row = "wide@example.com";
  for (int64_t i = 1; i < columns; ++i) {
    header += ",custom_" + std::to_string(i);
    row += ",v";
  }
  return header + "\n" + row + "\n";
}

Status RunWideHeader(const ImportOptions& options, const fs::path& dir,
                     std::vector<WideHeaderFigures>& out) {
  for (int64_t columns : options.header_columns) {
    const fs::path csv = dir / ("wide-" + std::to_string(columns) + ".csv");
    const std::string text = WideHeaderCsv(columns);
    if (Status written = WriteFile(csv, text); !written) return written;
    WideHeaderFigures f;
    f.columns = columns;
    const Clock::time_point start = Clock::now();
    RecipientImport import;
    import.AddRecipientsCsv(csv.filename().string(), text);
    ImportBatch batch = import.Take();
    f.seconds = Seconds(Clock::now() - start);
    if (!batch.errors.empty() || batch.recipients.size() != 1) {
      return Fail(ErrorCode::kInternal, "the " + std::to_string(columns) +
                                            "-column file did not import as one recipient");
    }
    Result<nlohmann::json> answer =
        RunJsonScript({"python3", options.header_baseline_script, "--csv", csv.string()});
    if (!answer) return std::unexpected(answer.error());
    f.baseline_seconds = answer->value("seconds", 0.0);
    if (answer->value("columns", int64_t{0}) != columns || f.baseline_seconds <= 0) {
      return Fail(ErrorCode::kInternal,
                  "the header baseline did not read " + std::to_string(columns) + " columns");
    }
    out.push_back(f);
  }
  return {};
}

void PrintWideHeaderTable(const std::vector<WideHeaderFigures>& figures, BenchTable& table) {
  for (const WideHeaderFigures& f : figures) {
    const std::string n = std::to_string(f.columns);
    table.Add(n + " columns: seconds", Fixed(f.seconds, 3), "RecipientImport, header + 1 row");
    table.Add(n + " columns: baseline seconds", Fixed(f.baseline_seconds, 3),
              "python3 csv + set, header only");
    table.Add(n + " columns: ratio", Fixed(f.seconds / f.baseline_seconds, 2),
              "Draftbox / baseline time; no target");
  }
  table.Print(std::cout);
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
  app.add_option("--header-columns", options.header_columns,
                 "Sizes of the wide-header case (0 alone skips it)")
      ->check(CLI::Range(int64_t{0}, int64_t{10000000}));
  app.add_option("--header-baseline", options.header_baseline_script,
                 "The wide-header baseline script");
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
  std::erase(options.header_columns, 0);
  std::vector<WideHeaderFigures> wide;
  if (ran) ran = RunWideHeader(options, *work, wide);
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
  if (wide.empty()) return table.ExitCode();
  BenchTable wide_table(
      "bench/import, wide header: a CSV header of N columns and one row through RecipientImport "
      "vs python3 csv + a set");
  PrintWideHeaderTable(wide, wide_table);
  return std::max(table.ExitCode(), wide_table.ExitCode());
}

}  // namespace
}  // namespace draftbox::bench

int main(int argc, char** argv) { return draftbox::bench::Main(argc, argv); }
