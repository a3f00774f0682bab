/**
 * The scenario picker's catalogue: every scenario under lessons/scenarios/, bundled with the site
 * (the files are small; lessons and tests share them). The page loads this module after the first
 * cluster is drawn (src/app/catalog.ts `loadCatalog`).
 */
import { DEFAULT_SCENARIO, type CatalogEntry } from './catalog';

const FILES = import.meta.glob('../../lessons/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export { DEFAULT_SCENARIO, type CatalogEntry };

function text(doc: unknown, key: string): string | null {
  if (doc === null || typeof doc !== 'object') return null;
  const v = (doc as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : null;
}

export const CATALOG: readonly CatalogEntry[] = Object.entries(FILES)
  .map(([path, doc]) => {
    const id = path.split('/').pop()!.replace(/\.json$/, '');
    return { id, name: text(doc, 'name') ?? id, description: text(doc, 'description') ?? '', doc };
  })
  .sort((a, b) => (a.id === DEFAULT_SCENARIO ? -1 : b.id === DEFAULT_SCENARIO ? 1 : a.name.localeCompare(b.name)));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}
