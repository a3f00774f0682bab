/**
 * Hostile strings for the untrusted-input tests and fuzzers: Markdown links and images, HTML
 * tags, `javascript:` URLs, autolinks, names from Object.prototype, and very long strings. A
 * value carrying any of them must reach the page as text only.
 */
export const LINK_PAYLOAD = '[Sign in again to save progress](https://evil.example/login) ![t](https://evil.example/t.png)';

export const MARKUP_PAYLOADS: readonly string[] = [
  LINK_PAYLOAD,
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[x](javascript:alert(1))',
  '![x](data:image/png;base64,AAAA)',
  '<script>alert(1)</script>',
  '**bold** _it_ `code`',
  'https://evil.example/auto www.evil.example a@evil.example',
  '<https://evil.example/angle>',
  '\n# heading\n\n- item\n\n> quote',
  '[ref][r]\n\n[r]: https://evil.example/ref',
  '&lt;b&gt;entity&lt;/b&gt; &#60;i&#62;',
  '\\[escaped\\](https://evil.example/esc)',
];

/** Object.prototype's members: names that break a plain object used as a map. */
export const PROTO_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** A name long enough to be refused as a name, or to break a layout that does not wrap. */
export const LONG_PAYLOAD = `${'W'.repeat(300)}${LINK_PAYLOAD}`;

/** What in rendered HTML a payload could have made: a link, an image, a script, a handler, a foreign URL. */
export function markupIn(html: string): string[] {
  const found: string[] = [];
  for (const tag of ['<a', '<img', '<script', '<iframe', '<svg', '<style']) if (html.includes(tag)) found.push(tag);
  if (/<[a-z][^>]*\son\w+=/i.test(html)) found.push('event handler');
  if (/(href|src)="[^"]*evil\.example/i.test(html)) found.push('foreign URL');
  return found;
}
