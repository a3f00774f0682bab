/**
 * Markdown that carries values from outside the course: names and IDs from a scenario, a share
 * link, an imported file or saved progress, and messages from the engine. Only the text written
 * in `lessons/` is Markdown; every value put into it is escaped here, so a service or instance
 * named `[Sign in](https://evil.example)` reads as those characters, never as a link or an image.
 *
 * `md` is a tagged template: its literal parts are authored Markdown, each `${value}` is escaped,
 * except a value that is itself `SafeMarkdown` (a fragment built with `md`). A lesson's reveal
 * must return `SafeMarkdown`, so the type checker refuses one assembled by plain concatenation.
 *
 * @example
 * md`batch landed on **${instanceName}**:\n\n${mdJoin(rows, '\n')}`
 */

/** Markdown whose values have been escaped: authored text plus data. */
export class SafeMarkdown {
  constructor(readonly text: string) {}
  toString(): string { return this.text; }
}

/**
 * A value as Markdown text that renders as exactly its characters: every ASCII punctuation mark
 * is backslash-escaped (CommonMark allows that for all of them), which also stops bare-URL and
 * e-mail autolinks, and line breaks become spaces so a value cannot start a heading, a list or a
 * code block of its own.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value)
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

function piece(v: unknown): string {
  if (v instanceof SafeMarkdown) return v.text;
  return escapeMarkdown(v);
}

/** Authored Markdown with escaped values (see the module's comment). */
export function md(strings: TemplateStringsArray, ...values: unknown[]): SafeMarkdown {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + (strings[i + 1] ?? '');
  return new SafeMarkdown(out);
}

/** Joins fragments (SafeMarkdown kept, anything else escaped) with an authored separator. */
export function mdJoin(parts: readonly unknown[], separator: string): SafeMarkdown {
  return new SafeMarkdown(parts.map(piece).join(separator));
}

/** Nothing to show. */
export const NO_MARKDOWN = new SafeMarkdown('');
