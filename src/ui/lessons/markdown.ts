/**
 * Lesson Markdown to safe HTML, in two stages:
 *
 * 1. `markdownToHtml` (marked, no DOM needed): raw HTML in the source is shown as text, links and
 *    images keep only http(s) or relative targets (anything else becomes plain text), absolute
 *    links open in a new tab without an opener, and citations such as "§3.3" become
 *    `<abbr class="cite" title="Reference §3.3: Deployment circuit breaker">`.
 * 2. `renderMarkdown` (DOMPurify, in the browser): every result is sanitized before it reaches the
 *    page, so nothing from a lesson or a progress file can run script or load from elsewhere.
 *
 * @example
 * el.innerHTML = renderMarkdown('Set **maximumPercent** to 200 (§3.1).');
 */
import { Marked, type Tokens } from 'marked';
import DOMPurify from 'dompurify';
import { SECTIONS } from '../../../lessons/sections';

const SAFE_URL = /^(?:https?:\/\/|\.{0,2}\/|#|[a-z0-9._-]+(?:[/?#]|$))/i;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** True for http(s) URLs and relative references; false for javascript:, data:, mailto: and the rest. */
export function isSafeUrl(href: string): boolean {
  const h = href.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) && !/^https?:\/\//i.test(h)) return false;
  return SAFE_URL.test(h);
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  extensions: [{
    name: 'citation',
    level: 'inline',
    start: (src: string) => src.indexOf('§'),
    tokenizer(src: string) {
      const m = /^§(\d+(?:\.\d+)?)/.exec(src);
      return m ? { type: 'citation', raw: m[0], section: m[1]! } : undefined;
    },
    renderer(token) {
      const id = (token as unknown as { section: string }).section;
      const title = SECTIONS[id];
      return title
        ? `<abbr class="cite" title="Reference §${id}: ${escapeHtml(title)}">§${id}</abbr>`
        : `<span class="cite">§${escapeHtml(id)}</span>`;
    },
  }],
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text);
    },
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!isSafeUrl(token.href)) return text;
      const external = /^https?:\/\//i.test(token.href);
      const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
      return `<a href="${escapeHtml(token.href)}"${title}${external ? ' target="_blank" rel="noopener noreferrer"' : ''}>${text}</a>`;
    },
    image(token: Tokens.Image) {
      if (!isSafeUrl(token.href)) return escapeHtml(token.text);
      return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}">`;
    },
  },
});

/** Markdown to HTML (stage 1; not yet sanitized). */
export function markdownToHtml(md: string, inline = false): string {
  const src = md.trim();
  return (inline ? marked.parseInline(src, { async: false }) : marked.parse(src, { async: false })) as string;
}

let purifier: ReturnType<typeof DOMPurify> | null = null;

function purify(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const p = DOMPurify(window);
  p.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!isSafeUrl(href)) node.removeAttribute('href');
      if (/^https?:\/\//i.test(href)) { node.setAttribute('target', '_blank'); node.setAttribute('rel', 'noopener noreferrer'); }
    }
  });
  purifier = p;
  return p;
}

/** Markdown to sanitized HTML, ready for innerHTML. */
export function renderMarkdown(md: string, inline = false): string {
  return purify().sanitize(markdownToHtml(md, inline), {
    ALLOWED_URI_REGEXP: /^(?:https?:\/\/|[^a-z]|[a-z0-9._-]+(?:[/?#]|$))/i,
    FORBID_TAGS: ['style', 'script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select'],
    FORBID_ATTR: ['style'],
    ADD_ATTR: ['target'],
  }) as string;
}

/** Sets an element's content from Markdown (sanitized). */
export function setMarkdown(el: HTMLElement, md: string, inline = false): void {
  el.innerHTML = renderMarkdown(md, inline);
}
