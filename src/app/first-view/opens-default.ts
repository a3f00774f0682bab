/** Which pages open on the default scenario's prerendered first frame (./first-view.ts). */

/**
 * Whether the page opens the default scenario: no share link in the fragment (`#s=…`) and no
 * lesson in the query (`?lesson=<id>` may open a scenario of its own).
 */
export function opensDefault(search: string, hash: string): boolean {
  return !/^#?s=/.test(hash) && !/[?&]lesson=/.test(search);
}
