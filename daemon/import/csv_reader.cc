#include "import/csv_reader.h"

namespace draftbox {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

}  // namespace

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

Result<bool> CsvReader::Next(CsvRecord& record) {
  record.fields.clear();
  record.line = line_;
  if (pos_ >= text_.size()) return false;
  std::string field;
  bool quoted = false;     // inside a quoted section
  int64_t quote_line = 0;  // where the open quote started, for the error
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (quoted) {
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field += '"';
          ++pos_;
        } else {
          quoted = false;
        }
        continue;
      }
      if (c == '\n') ++line_;
      field += c;
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line_;
      continue;
    }
    if (c == ',') {
      record.fields.push_back(std::move(field));
      field.clear();
      continue;
    }
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') continue;  // CRLF: LF ends it
    if (c == '\n') {
      ++line_;
      record.fields.push_back(std::move(field));
      return true;
    }
    field += c;
  }
  if (quoted) {
    return Fail(ErrorCode::kInvalidArgument,
                "line " + std::to_string(quote_line) + ": quoted field is never closed");
  }
  record.fields.push_back(std::move(field));
  return true;
}

}  // namespace draftbox
