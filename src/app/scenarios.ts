/**
 * The scenario picker's catalogue: every scenario under lessons/scenarios/, bundled with the site
 * (the files are small; lessons and tests share them), and two clusters at scale. The page loads this module after the first
 * cluster is drawn (src/app/catalog.ts `loadCatalog`).
 */
import { DEFAULT_SCENARIO, type CatalogEntry } from './catalog';
import { atScaleScenario, atScaleShape } from './at-scale';

const FILES = import.meta.glob('../../lessons/scenarios/*.json', { eager: true, import: 'default' }) as Record<string, unknown>;

export { DEFAULT_SCENARIO, type CatalogEntry };

function text(doc: unknown, key: string): string | null {
  if (doc === null || typeof doc !== 'object') return null;
  const v = (doc as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : null;
}

/**
 * Clusters at scale, generated rather than stored (lessons and tests share the files under
 * lessons/scenarios/, and these are too large to run in every test that walks them).
 */
function atScale(tasks: number): CatalogEntry {
  const { services, instances } = atScaleShape(tasks);
  const n = (x: number) => x.toLocaleString('en-US');
  const name = `At scale: ${n(tasks)} tasks`;
  const description = `${n(services)} worker services of ${n(tasks / services)} tasks each (5,000 is the most one service can run) `
    + `on ${n(instances)} m5.4xlarge container instances in three Availability Zones. The wasm scheduler core places every task `
    + `(with no strategy, the fewest tasks of the service per zone, then per instance); the canvas draws them as dots, then as per-zone totals when zoomed out. `
    + `The tables list the first 200 rows. Rewinding replays from the start, which takes a few seconds at this size.`;
  return { id: `at-scale-${tasks}`, name, description, doc: atScaleScenario(tasks, { name, description }) };
}

export const CATALOG: readonly CatalogEntry[] = Object.entries(FILES)
  .map(([path, doc]) => {
    const id = path.split('/').pop()!.replace(/\.json$/, '');
    return { id, name: text(doc, 'name') ?? id, description: text(doc, 'description') ?? '', doc };
  })
  .concat([atScale(10_000), atScale(100_000)])
  .sort((a, b) => (a.id === DEFAULT_SCENARIO ? -1 : b.id === DEFAULT_SCENARIO ? 1 : a.name.localeCompare(b.name, 'en', { numeric: true })));

export function catalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.id === id);
}
