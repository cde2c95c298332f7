// The new text of a reply without the quoted message beneath (or above) it, and whether that text
// asks to stop receiving mail. Handles the quote styles of common clients: "> " lines, "On ...
// wrote:" (and the German, French and Spanish forms), Outlook's "-----Original Message-----" and
// "From: ... Sent: ..." blocks, and the "____" separator. Pure functions, thread-safe.
#ifndef DRAFTBOX_CLASSIFY_REPLY_TEXT_H_
#define DRAFTBOX_CLASSIFY_REPLY_TEXT_H_

#include <string>
#include <string_view>

namespace draftbox {

// `body` (plain text, UTF-8) without the quoted part, trimmed. Never fails; a body that is all
// quote gives an empty string.
std::string ExtractReplyText(std::string_view body);

// True if `reply_text` asks to be removed or not contacted again ("unsubscribe", "remove me",
// "please stop", "bitte austragen", "désabonner", "darme de baja", ...). Give it the reply text
// only: a quoted newsletter footer must not count.
bool IsOptOutRequest(std::string_view reply_text);

// Plain text from HTML: tags dropped, <br>/<p>/<div> as line breaks, common entities decoded;
// <blockquote> content is kept as "> " lines so the quote can be removed.
std::string HtmlToText(std::string_view html);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_REPLY_TEXT_H_
