/**
 * The session tools: the scenario picker (with its seed), share links, export and import of
 * scenario JSON, and the polite notice line that confirms what happened. The picker starts with
 * the default scenario and lists the whole catalogue once it has loaded (`setCatalog`).
 */
import type { UiStore } from '../state/stores';
import { DEFAULT_SCENARIO, DEFAULT_SCENARIO_DOC, type CatalogEntry } from '../app/catalog';
import { checkTextSize } from '../app/share/limits';

type PickerEntry = Pick<CatalogEntry, 'id' | 'name' | 'description'>;

function defaultEntry(): PickerEntry {
  const doc = DEFAULT_SCENARIO_DOC as { name?: unknown; description?: unknown };
  return { id: DEFAULT_SCENARIO, name: typeof doc.name === 'string' ? doc.name : DEFAULT_SCENARIO, description: typeof doc.description === 'string' ? doc.description : '' };
}

export interface ToolbarHandlers {
  /** Opens a catalogue scenario, optionally with another seed. */
  openCatalog(id: string, seed: number | null): void;
  /** The share-link fragment for the session now. */
  shareHash(): string;
  /** Why a fragment would not open (too late in the session, too long), or null when it opens. */
  shareRefusal?(hash: string): string | null;
  /** The session as scenario JSON text, and a file name (throws when it cannot be written). */
  exportJson(): { text: string; fileName: string };
  /** Opens imported scenario JSON text. */
  importText(text: string, fileName: string): void;
}

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export interface Toolbar {
  /** Shows the scenario on screen in the picker (null: imported or shared) and its seed. */
  setScenario(id: string | null, seed: number): void;
  /** Lists the catalogue in the picker, keeping the current choice. */
  setCatalog(entries: readonly PickerEntry[]): void;
}

export function bindToolbar(ui: UiStore, h: ToolbarHandlers): Toolbar {
  const picker = byId<HTMLFormElement>('picker');
  const select = byId<HTMLSelectElement>('scenario-select');
  const seed = byId<HTMLInputElement>('seed-input');
  const custom = Object.assign(document.createElement('option'), { value: '', textContent: '(imported or shared scenario)', disabled: true });
  const list = (entries: readonly PickerEntry[]) => {
    const current = select.value;
    select.replaceChildren(...entries.map((c) => Object.assign(document.createElement('option'), { value: c.id, textContent: c.name, title: c.description })), custom);
    select.value = current;
  };
  list([defaultEntry()]);
  picker.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = seed.value.trim();
    const n = raw === '' ? null : Number(raw);
    if (n !== null && !Number.isInteger(n)) {
      seed.setAttribute('aria-invalid', 'true');
      ui.getState().say(`Seed must be a whole number; got ${JSON.stringify(raw)}.`);
      seed.focus();
      return;
    }
    seed.removeAttribute('aria-invalid');
    // A lesson's cluster opens as the lesson, with its narration and goals, not as a silent scenario.
    const lesson = /^Lesson (\d+)\b/.exec(select.selectedOptions[0]?.textContent ?? '')?.[1];
    if (lesson) { location.assign(`?lesson=${lesson}`); return; }
    if (select.value) h.openCatalog(select.value, n);
  });

  const shareButton = byId<HTMLButtonElement>('share');
  const panel = byId<HTMLElement>('share-panel');
  const url = byId<HTMLInputElement>('share-url');
  const copy = byId<HTMLButtonElement>('copy-link');
  const row = url.closest<HTMLElement>('.inline-row') ?? url;
  // Shown instead of the link when the link would not open: why, and Export.
  const refused = document.createElement('div');
  refused.id = 'share-refused';
  refused.hidden = true;
  const refusedText = Object.assign(document.createElement('p'), { className: 'share-refused-text' });
  const exportInstead = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Export instead' });
  exportInstead.addEventListener('click', () => exportSession());
  refused.append(refusedText, exportInstead);
  panel.append(refused);
  /** The link for now, or null (and the reason shown) when it would not open. */
  const makeLink = (): string | null => {
    let hash: string;
    let why: string | null;
    try {
      hash = h.shareHash();
      why = h.shareRefusal?.(hash) ?? null;
    } catch (e) {
      hash = '';
      why = `A link could not be made for this session (${e instanceof Error ? e.message : String(e)}). Export it as a file instead.`;
    }
    row.hidden = why !== null;
    refused.hidden = why === null;
    if (why !== null) {
      refusedText.textContent = why;
      url.value = '';
      return null;
    }
    const u = new URL(location.href);
    u.hash = hash;
    url.value = u.toString();
    history.replaceState(null, '', u.toString());
    return u.toString();
  };
  shareButton.addEventListener('click', () => {
    const show = panel.hidden;
    panel.hidden = !show;
    shareButton.setAttribute('aria-expanded', String(show));
    if (show) {
      if (makeLink() === null) {
        exportInstead.focus();
        ui.getState().say('No share link for this session: the panel says why. Export it instead.');
        return;
      }
      url.focus();
      url.select();
      ui.getState().say('Share link ready: it opens this scenario at this second.');
    }
  });
  copy.addEventListener('click', async () => {
    const link = makeLink();
    if (link === null) return;
    try {
      await navigator.clipboard.writeText(link);
      ui.getState().say('Link copied.');
    } catch {
      url.focus();
      url.select();
      ui.getState().say('Copying is not allowed here: the link is selected, copy it with the keyboard.');
    }
  });

  function exportSession(): void {
    let file: { text: string; fileName: string };
    try {
      file = h.exportJson();
    } catch (e) {
      ui.getState().say(`This session could not be exported: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const { text, fileName } = file;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    ui.getState().say(`Exported ${fileName}.`);
  }
  byId<HTMLButtonElement>('export').addEventListener('click', () => exportSession());
  const file = byId<HTMLInputElement>('import-file');
  byId<HTMLButtonElement>('import').addEventListener('click', () => file.click());
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    file.value = '';
    if (!f) return;
    // Refused before reading a byte of it when it is past the size limit.
    const size = checkTextSize(f.size, 'scenario file');
    if (size) { ui.getState().setProblem({ title: `${f.name} cannot be opened`, message: size.message, field: size.field, value: String(size.value), accepted: size.accepted }); return; }
    h.importText(await f.text(), f.name);
  });

  const notice = byId<HTMLElement>('notice');
  let timer = 0;
  ui.subscribe((s, prev) => {
    if (s.notice === prev.notice) return;
    // The first view may have said it already (src/app/first-view/): the same words are not announced twice.
    if (notice.textContent !== s.notice) notice.textContent = s.notice;
    clearTimeout(timer);
    if (s.notice) timer = window.setTimeout(() => ui.getState().say(''), 6000);
  });

  return {
    setScenario(id, n) {
      select.value = id ?? '';
      seed.value = String(n);
    },
    setCatalog: list,
  };
}
