/**
 * The AWS CLI command line in the Console tab: type `aws ecs …` as in a terminal. Commands run
 * through the same API layer as the local endpoint (src/awscli) and change the cluster through
 * the page's recorded action path, so rewind, share and export keep them. ↑/↓ walk the history,
 * Tab completes. Output is text only (text nodes, never HTML).
 *
 * The models, JMESPath and the runner load on first focus (src/awscli/page.ts).
 */
import type { Simulation } from '../../sim/engine';
import type { CommandResult } from '../../sim/commands';
import type { SessionLog } from '../../app/log';
import type { AwsModels } from '../../awscli/model';
import type { Done, Waiting } from '../../awscli/run';
import './cli-line.css';

export interface CliLineContext {
  sim(): Simulation | null;
  log(): SessionLog | null;
  act(action: string, request: Record<string, unknown>): CommandResult;
}

type PageModule = typeof import('../../awscli/page');

/** Entries kept in the output (oldest dropped first). */
const MAX_ENTRIES = 40;
const HISTORY_KEY = 'ecs-lab.cli.history.v1';
const MAX_HISTORY = 100;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}): HTMLElementTagNameMap[K] {
  return Object.assign(document.createElement(tag), props);
}

export class CliLine {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly output: HTMLElement;
  private readonly hint: HTMLElement;
  private loaded: Promise<{ mod: PageModule; models: AwsModels }> | null = null;
  private history: string[] = [];
  private cursor = 0;
  private draft = '';
  private waiting: { w: Waiting; nextAt: number; status: HTMLElement; entry: HTMLElement } | null = null;

  constructor(private readonly ctx: CliLineContext) {
    this.element = el('section', { className: 'cli' });
    this.element.setAttribute('aria-labelledby', 'cli-title');
    const form = el('form', { className: 'cli-form' });
    this.input = el('input', { id: 'cli-input', type: 'text', autocomplete: 'off', spellcheck: false, placeholder: 'aws ecs describe-services --services web' });
    this.input.setAttribute('autocapitalize', 'off');
    this.input.setAttribute('aria-describedby', 'cli-help');
    const label = el('label', { htmlFor: 'cli-input', className: 'visually-hidden', textContent: 'AWS CLI command' });
    const prompt = el('span', { className: 'cli-prompt', textContent: '$' });
    prompt.setAttribute('aria-hidden', 'true');
    form.append(label, prompt, this.input, el('button', { type: 'submit', textContent: 'Run' }));
    this.hint = el('p', { className: 'cli-hint muted' });
    this.hint.setAttribute('aria-live', 'polite');
    this.output = el('div', { className: 'cli-output' });
    this.output.setAttribute('role', 'log');
    this.output.setAttribute('aria-label', 'AWS CLI output');
    this.element.append(
      el('h3', { id: 'cli-title', textContent: 'AWS CLI' }),
      el('p', { id: 'cli-help', className: 'muted', textContent: 'AWS CLI v2 commands on this cluster (try aws help). ↑/↓ history, Tab completes. Changes are recorded like any other action.' }),
      form, this.hint, this.output,
    );
    try { this.history = (JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown[]).filter((x): x is string => typeof x === 'string').slice(-MAX_HISTORY); } catch { this.history = []; }
    this.cursor = this.history.length;
    form.addEventListener('submit', (e) => { e.preventDefault(); void this.submit(); });
    this.input.addEventListener('focus', () => { void this.load().catch(() => {}); });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('input', () => { this.hint.textContent = ''; });
  }

  private load(): Promise<{ mod: PageModule; models: AwsModels }> {
    this.loaded ??= import('../../awscli/page').then(async (mod) => ({ mod, models: await mod.loadModels() }));
    this.loaded.catch(() => { this.loaded = null; });
    return this.loaded;
  }

  private backend() {
    const ctx = this.ctx;
    return {
      get sim() { return ctx.sim()!; },
      get log() { return ctx.log() ?? undefined; },
      act: (action: string, request: Record<string, unknown>) => ctx.act(action, request),
    };
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (!this.history.length) return;
      e.preventDefault();
      if (this.cursor === this.history.length) this.draft = this.input.value;
      this.cursor = Math.max(0, Math.min(this.history.length, this.cursor + (e.key === 'ArrowUp' ? -1 : 1)));
      this.input.value = this.cursor === this.history.length ? this.draft : this.history[this.cursor]!;
      this.input.setSelectionRange(this.input.value.length, this.input.value.length);
    } else if (e.key === 'Tab' && !e.shiftKey && this.input.value.trim()) {
      e.preventDefault();
      void this.completeLine();
    }
  }

  private async completeLine(): Promise<void> {
    const { mod, models } = await this.load();
    const line = this.input.value.slice(0, this.input.selectionStart ?? this.input.value.length);
    const c = mod.complete(models, this.ctx.sim(), line);
    if (!c.candidates.length) { this.hint.textContent = 'No completions.'; return; }
    const common = c.candidates.reduce((p, x) => { let i = 0; while (i < p.length && p[i] === x[i]) i++; return p.slice(0, i); });
    const word = c.candidates.length === 1 ? `${common} ` : common;
    this.input.value = line.slice(0, c.from) + word + this.input.value.slice(line.length);
    const end = c.from + word.length;
    this.input.setSelectionRange(end, end);
    this.hint.textContent = c.candidates.length === 1 ? '' : c.candidates.slice(0, 24).join('  ') + (c.candidates.length > 24 ? `  … ${c.candidates.length - 24} more` : '');
  }

  private remember(line: string): void {
    if (this.history[this.history.length - 1] !== line) this.history.push(line);
    this.history = this.history.slice(-MAX_HISTORY);
    this.cursor = this.history.length;
    this.draft = '';
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(this.history)); } catch { /* private mode: history lasts the page */ }
  }

  /** Runs a command line as if typed (lessons' hints call this too). */
  async run(line: string): Promise<void> {
    this.input.value = line;
    await this.submit();
  }

  private async submit(): Promise<void> {
    const line = this.input.value.trim();
    if (!line) return;
    this.remember(line);
    this.input.value = '';
    this.hint.textContent = '';
    const entry = el('div', { className: 'cli-entry' });
    entry.append(el('pre', { className: 'cli-command', textContent: `$ ${line}` }));
    this.output.prepend(entry);
    while (this.output.childElementCount > MAX_ENTRIES) this.output.lastElementChild!.remove();
    if (!this.ctx.sim()) { this.finish(entry, { kind: 'done', stdout: '', stderr: 'No scenario is open.', exitCode: 255 }); return; }
    let loaded: { mod: PageModule; models: AwsModels };
    try {
      loaded = await this.load();
    } catch (e) {
      this.finish(entry, { kind: 'done', stdout: '', stderr: `The AWS CLI could not be loaded (${(e as Error).message}). Try again.`, exitCode: 255 });
      return;
    }
    if (this.waiting) this.cancelWait('Cancelled: another command was run.');
    const r = loaded.mod.runCommand({ models: loaded.models, backend: this.backend() }, line);
    if (r.kind === 'done') { this.finish(entry, r); return; }
    const status = el('p', { className: 'cli-status muted' });
    entry.append(status);
    this.waiting = { w: r, nextAt: this.ctx.sim()!.t, status, entry };
    this.refresh();
  }

  private cancelWait(why: string): void {
    const w = this.waiting!;
    this.waiting = null;
    this.finish(w.entry, { kind: 'done', stdout: '', stderr: why, exitCode: 130 }, w.status);
  }

  private finish(entry: HTMLElement, r: Done, status?: HTMLElement): void {
    status?.remove();
    if (r.stdout) entry.append(el('pre', { className: 'cli-stdout', textContent: r.stdout }));
    if (r.stderr) entry.append(el('pre', { className: 'cli-stderr', textContent: r.stderr }));
    entry.append(el('p', { className: `cli-exit ${r.exitCode ? 'bad' : 'ok'}`, textContent: `exit status ${r.exitCode}` }));
  }

  /** Polls a waiter once every `delay` simulated seconds, as the CLI polls every `delay` seconds. */
  refresh(): void {
    const w = this.waiting;
    const sim = this.ctx.sim();
    if (!w || !sim) return;
    if (sim.t < w.nextAt) { this.say(w, sim.t); return; }
    this.load().then(({ models }) => {
      if (this.waiting !== w) return;
      const r = w.w.poll({ models, backend: this.backend() });
      if (r) { this.waiting = null; this.finish(w.entry, r, w.status); return; }
      w.nextAt = sim.t + w.w.def.delay;
      this.say(w, sim.t);
    }, () => {});
  }

  private say(w: NonNullable<CliLine['waiting']>, t: number): void {
    w.status.textContent = `Waiting (${w.w.def.name}): ${w.w.attempts} of ${w.w.def.maxAttempts} checks, one every ${w.w.def.delay} simulated seconds; next in ${Math.max(0, w.nextAt - t)} s. The clock must run: press Play.`;
  }
}
