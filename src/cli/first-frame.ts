/**
 * Prints the first frame of the default scenario as an ES module (`export default "<text>"`,
 * the text as src/app/first-view/codec.ts writes it). The build serves it to the page as
 * `virtual:first-frame` (vite.config.ts); `npx tsx src/cli/first-frame.ts` shows what it holds.
 */
import { loadCoreModule } from '../core/load-node';
import { prerenderFirstFrame } from '../app/first-view/prerender';
import { encodeFirstFrame } from '../app/first-view/codec';

const frame = prerenderFirstFrame(await loadCoreModule());
process.stdout.write(`export default ${JSON.stringify(encodeFirstFrame(frame))};\n`);
