/**
 * Staff rich text (the body of a publication, an agency's guide): an allow-list of structural tags,
 * links to http(s), mailto and site paths only, no attributes beyond href (and the rel it is given),
 * no styles, no scripts.
 * Applied before the text is stored and again when it is rendered.
 */
import sanitizeHtml from 'sanitize-html';

const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 'h2', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'a'],
  // rel is always the transform's (a user's own rel is overwritten).
  allowedAttributes: { a: ['href', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text inside dropped <script>/<style> goes with them; other dropped tags keep their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'svg', 'math', 'template'],
  transformTags: { a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }) },
};

export const sanitiseRichText = (html: string): string => sanitizeHtml(html, options).trim();

/** The text alone, for summaries, feeds and search. */
export const plainText = (html: string): string =>
  sanitizeHtml(html, { allowedTags: [], allowedAttributes: {}, nonTextTags: options.nonTextTags }).replace(/\s+/g, ' ').trim();
