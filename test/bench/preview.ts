/**
 * For the browser benchmarks (load, render, app at scale): a built site served by `vite preview`
 * on 127.0.0.1, and headless Chromium with the launch arguments of playwright.config.ts (software
 * GL through SwiftShader).
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export interface Preview {
  /** `http://127.0.0.1:<port>/` */
  base: string;
  stop(): void;
}

/**
 * Serves `dist` on `port` and resolves once `page` (relative to the root) answers; rejects with the
 * server's output when it does not within `seconds`.
 */
export async function servePreview(dist: string, port: number, page = '', seconds = 90): Promise<Preview> {
  const base = `http://127.0.0.1:${port}/`;
  // vite's own script, run by this node (through npx, a kill would reach npm and leave vite running).
  const vite = join(resolve('node_modules'), 'vite', 'bin', 'vite.js');
  const server = spawn(process.execPath, [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', resolve(dist)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d: Buffer) => { log += d.toString(); });
  server.stderr.on('data', (d: Buffer) => { log += d.toString(); });
  const stop = () => { if (server.exitCode === null && !server.killed) server.kill('SIGTERM'); };
  process.on('exit', stop);
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    try { if ((await fetch(base + page)).ok) return { base, stop }; } catch { /* not up yet */ }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`vite preview did not answer at ${base}${page}: ${log}`);
}

/** Headless Chromium as the end-to-end tests launch it (CHROMIUM_PATH, default /usr/bin/chromium). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--disable-quic', '--no-first-run', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
}
