/**
 * What lets the page draw under its Content Security Policy (index.html), which allows no eval
 * and no inline script. src/main.ts imports this module first, before any other part of the page
 * is evaluated: `pixi.js/unsafe-eval` swaps Pixi's generated shader and uniform code
 * (`new Function`) for static functions, so WebGL works without eval. The engine's side (zod
 * without code generation) is ./jitless, which src/main.ts loads before the app.
 */
import 'pixi.js/unsafe-eval';
