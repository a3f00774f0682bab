/**
 * The first view's part of the scenario catalogue: the scenario a fresh page opens, bundled with
 * the page, and `loadCatalog()` for the rest (every scenario under lessons/scenarios/, in
 * src/app/scenarios.ts), loaded once the first cluster is on the screen.
 */
import firstCluster from '../../lessons/scenarios/first-cluster.json';

/** A bundled scenario: its file name (without .json), its name and description, and the document. */
export interface CatalogEntry { id: string; name: string; description: string; doc: unknown }

/** The scenario a fresh page opens. */
export const DEFAULT_SCENARIO = 'first-cluster';

/** Its document (lessons/scenarios/first-cluster.json). */
export const DEFAULT_SCENARIO_DOC: unknown = firstCluster;

/** Every bundled scenario, the default first (loads the catalogue's own chunk on first call). */
export async function loadCatalog(): Promise<readonly CatalogEntry[]> {
  return (await import('./scenarios')).CATALOG;
}
