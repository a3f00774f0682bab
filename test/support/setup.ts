/**
 * Property tests explore new random cases on every local run; in CI they replay a fixed seed so
 * that a run is reproducible (set FC_SEED to replay a local failure).
 */
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261130 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
