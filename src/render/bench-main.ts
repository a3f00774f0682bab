/**
 * The canvas harness's entry (bench.html), under the same Content Security Policy as the lab:
 * Pixi without generated code first, then zod's jitless setting, then the harness itself (its
 * scenario schemas read that setting as they load).
 */
import '../app/csp';
import './bench.css';

await import('../app/jitless');
await import('./bench-page');
