/**
 * zod validates without generating code (`jitless`), as the page's Content Security Policy
 * allows no eval. Its object schemas read whether eval is allowed when they are created, at
 * module load, so this must run before any schema module: src/main.ts loads it, and only then the
 * app (src/app/boot.ts). Otherwise the probe, `new Function("")`, caught, would be reported as a
 * policy violation on every page load.
 */
import { config } from 'zod';

config({ jitless: true });
