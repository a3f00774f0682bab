/**
 * What lets the page run under its Content Security Policy (index.html), which allows no eval and
 * no inline script. src/main.ts imports this module first, before any other part of the page is
 * evaluated:
 *
 * - `pixi.js/unsafe-eval` swaps Pixi's generated shader and uniform code (`new Function`) for
 *   static functions, so WebGL works without eval.
 * - zod validates without generating code (`jitless`). Its object schemas read whether eval is
 *   allowed when they are created, at module load, so this must run before any schema module: the
 *   probe (`new Function("")`, caught) would otherwise be reported as a policy violation on every
 *   page load.
 */
import 'pixi.js/unsafe-eval';
import { config } from 'zod';

config({ jitless: true });
