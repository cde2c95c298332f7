// An RFC 4180 CSV reader over text already in memory: quoted fields with embedded commas,
// quotes ("") and line breaks, CRLF or LF line ends, an optional UTF-8 byte order mark.
// Lenient where files in the wild differ and nothing is lost (a quote inside an unquoted field
// is kept as text); strict where data would be silently mangled (a quoted field never closed).
// Each record knows the physical line it starts on, so errors can name it.
// Not thread-safe: one reader per thread; the text must outlive the reader.
#ifndef DRAFTBOX_IMPORT_CSV_READER_H_
#define DRAFTBOX_IMPORT_CSV_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace draftbox {

struct CsvRecord {
  int64_t line = 0;  // 1-based physical line the record starts on
  std::vector<std::string> fields;
};

class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Reads the next record into `record`. Returns true if one was read, false at the end, and
  // kInvalidArgument "line N: quoted field is never closed" when a quote opened at line N runs to
  // the end of the text (the reader is then at the end: nothing after it can be trusted).
  Result<bool> Next(CsvRecord& record);

 private:
  std::string_view text_;
  size_t pos_ = 0;
  int64_t line_ = 1;
};

}  // namespace draftbox

#endif  // DRAFTBOX_IMPORT_CSV_READER_H_
