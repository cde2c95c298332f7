// Byte- and code-point-level scanning of untrusted text shared by FactScreen, the composers and
// GroundingCheck: links, e-mail addresses, markup, control characters, phrases on word
// boundaries, words with their capitalisation, and numbers. UTF-8 in, no locale used (so results
// do not depend on the machine). Stateless; thread-safe.
#ifndef DRAFTBOX_COMPOSE_TEXT_SCAN_H_
#define DRAFTBOX_COMPOSE_TEXT_SCAN_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace draftbox {

class TextScan {
 public:
  struct Word {
    std::string text;     // letters, digits and inner apostrophes; a trailing "'s" is cut off
    bool sentence_start;  // first word of a line or after . ! ? : or an opening quote
    bool capitalised;     // first code point is an upper-case letter
  };

  // ASCII letters lower-cased; other bytes kept (enough for the ASCII/Latin phrase lists here).
  static std::string LowerAscii(std::string_view text);
  // Without leading and trailing spaces, tabs, CR and LF.
  static std::string_view Trim(std::string_view text);
  // Number of code points (invalid bytes count one each).
  static size_t Utf8Length(std::string_view text);

  // C0 controls (CR, LF, TAB included), DEL, C1 controls, Unicode line/paragraph separators and
  // bidi overrides/isolates: none of them belongs in a one-line fact or a header.
  static bool HasControlChar(std::string_view text);
  // A tag opener like "<b", "</facts", "<!--", or its entity-encoded form "&lt;b".
  static bool HasMarkup(std::string_view text);
  // URLs (scheme://...), "www." hosts and bare domains with an optional path ("evil.com/x"),
  // as written in the text. "Inc. 5000", "3.8" and "e.g." are not domains.
  static std::vector<std::string> FindLinks(std::string_view text);
  // Addresses shaped local@domain.tld, lower-cased.
  static std::vector<std::string> FindEmails(std::string_view text);
  // True if `lower_phrase` occurs in `text` (compared ASCII-case-insensitively) starting and
  // ending on a word boundary (a phrase ending in ':' or ' ' needs no boundary after it).
  static bool ContainsPhrase(std::string_view text, std::string_view lower_phrase);

  static std::vector<Word> Words(std::string_view text);
  // Runs of ASCII digits with leading zeros removed ("03" -> "3"), so "2027-03-14" and
  // "14 March 2027" share the numbers 2027, 3 and 14.
  static std::vector<std::string> Numbers(std::string_view text);
  // Trimmed, with every run of spaces, tabs, CR and LF made one space: text on one line.
  static std::string OneLine(std::string_view text);
  // Upper-cases the first code point when it is an ASCII letter.
  static std::string CapitaliseFirst(std::string_view text);
  // Lower-cases the first ASCII letter only when the second character is lower-case too, so
  // "Weekly active seats" -> "weekly active seats" but "API usage" stays.
  static std::string LowerFirstWord(std::string_view text);
};

}  // namespace draftbox

#endif  // DRAFTBOX_COMPOSE_TEXT_SCAN_H_
