/** Which pages open on the default scenario's prerendered first frame (./first-view.ts). */

/**
 * Whether the page opens the default scenario first: no share link in the fragment (`#s=…`). A
 * lesson (`?lesson=<id>`) opens its own scenario once the page is live, over the default one
 * (src/main.ts), so its page starts on the default frame too.
 */
export function opensDefault(hash: string): boolean {
  return !/^#?s=/.test(hash);
}
