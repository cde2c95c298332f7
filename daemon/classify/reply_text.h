// The new text of a reply without the quoted message beneath (or above) it, and without its
// signature. Handles the quote styles of common clients: "> " lines, "On ...
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

// `reply_text` without its signature: cut at a "-- " line or a client's "Sent from my
// iPhone" line (and its German, French and Spanish forms), trimmed. A corporate footer that
// talks of unsubscribing from a newsletter is no request of the writer's. Never fails.
std::string_view StripSignature(std::string_view reply_text);

// Plain text from HTML: tags dropped, <br>/<p>/<div> as line breaks, common entities decoded;
// <blockquote> content is kept as "> " lines so the quote can be removed.
std::string HtmlToText(std::string_view html);

}  // namespace draftbox

#endif  // DRAFTBOX_CLASSIFY_REPLY_TEXT_H_
