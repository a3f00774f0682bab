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
  for (const tag of ['a', 'img', 'script', 'iframe', 'svg', 'style']) if (new RegExp(`<${tag}[\\s>/]`, 'i').test(html)) found.push(`<${tag}>`);
  if (/<[a-z][^>]*\son\w+=/i.test(html)) found.push('event handler');
  if (/(href|src)="[^"]*evil\.example/i.test(html)) found.push('foreign URL');
  return found;
}

/**
 * A scenario with `p` (plus a suffix per field, so each field's text can be told apart) in every
 * string field a learner reads: its name and description, the cluster, task definition family,
 * container, load balancer, target group and service names (and every reference to them), and
 * each container instance's custom `name` attribute. Built from lessons/scenarios/first-cluster.json.
 */
export function hostileScenario(base: Record<string, unknown>, p: string): Record<string, unknown> {
  const rename = new Map<string, string>([['lab', `${p} cluster`], ['web-tg', `${p} tg`], ['web-alb', `${p} alb`]]);
  const text = JSON.stringify(base);
  const doc = JSON.parse(text) as Record<string, unknown>;
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') {
      if (['clusterName', 'serviceName', 'service', 'target', 'targetGroupName', 'name'].includes(key)) {
        const [head, rev] = v.split(':');
        const to = ['serviceName', 'service', 'target'].includes(key) && head === 'web' ? `${p} svc` : rename.get(head!);
        if (to) return rev === undefined ? to : `${to}:${rev}`;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  const out = walk(doc, '') as Record<string, unknown>;
  out.name = `${p} scenario`;
  out.description = `${p} description ${'D'.repeat(3000)}`;
  const cluster = out.cluster as { containerInstances: { attributes?: Record<string, string> }[] };
  cluster.containerInstances.forEach((c, i) => { c.attributes = { ...c.attributes, name: `${p} instance ${i}` }; });
  return out;
}
