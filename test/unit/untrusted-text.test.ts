/**
 * Values from outside the course (names from a scenario, a link or a progress file, engine
 * messages) put into lesson Markdown read as text: no link, image or tag comes out of them.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeMarkdown, md, mdJoin } from '../../src/text/markdown-safe';
import { markdownToHtml } from '../../src/ui/lessons/markdown';
import { loadCoreModule } from '../../src/core/load-node';
import { replay } from '../../lessons/replay';
import { placement } from '../../lessons/03-placement';
import { LINK_PAYLOAD, MARKUP_PAYLOADS, markupIn } from '../support/payloads';

const module = await loadCoreModule();

/** The text of rendered HTML, entities decoded (enough for the tags marked writes). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&').trim();

describe('md: authored Markdown with escaped values', () => {
  it.each(MARKUP_PAYLOADS)('renders %j as its own characters', (p) => {
    const html = markdownToHtml(md`Instance ${p} was chosen.`.text);
    expect(markupIn(html)).toEqual([]);
    expect(textOf(html).replace(/\s+/g, ' ')).toBe(`Instance ${p} was chosen.`.replace(/\s+/g, ' '));
  });

  it('keeps authored Markdown and nested fragments', () => {
    const rows = ['a', '[b](https://evil.example)'].map((x) => md`- **${x}**`);
    const html = markdownToHtml(md`Read [the guide](https://docs.aws.amazon.com/):\n\n${mdJoin(rows, '\n')}`.text);
    expect(html.match(/<a /g)?.length).toBe(1);
    expect(html).toContain('<li><strong>[b](https://evil.example)</strong></li>');
  });

  it('any string escaped reads back as itself (property)', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...MARKUP_PAYLOADS), fc.string({ unit: 'binary' })), { maxLength: 4 }).map((xs) => xs.join('')), (s) => {
      const html = markdownToHtml(`x ${escapeMarkdown(s)} y`, true);
      expect(markupIn(html)).toEqual([]);
    }), { numRuns: 300 });
  });
});

describe('the probe: a hostile instance name in lesson 3', () => {
  it('the placement reveal shows the name as text, with no link and no image', () => {
    const scenario = structuredClone(placement.scenario) as { cluster: { containerInstances: { attributes: { name: string } }[] } };
    for (const c of scenario.cluster.containerInstances) c.attributes.name = LINK_PAYLOAD;
    const r = replay({ ...placement, scenario }, module);
    const reveal = r.steps[0]!.reveal;
    expect(reveal).toBeTruthy();
    const html = markdownToHtml(reveal!);
    expect(markupIn(html)).toEqual([]);
    expect(textOf(html)).toContain(LINK_PAYLOAD);
  });
});
