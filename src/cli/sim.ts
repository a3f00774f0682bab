/**
 * The headless CLI (contract v1): `npm run sim -- <scenario.json> [--json] [--metrics-interval <s>]
 * [--until <s>] [--seed <n>]`. Bad input exits with status 2 and one message on stderr, nothing on
 * stdout, no stack trace.
 */
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../sim/scenario/parse';
import { runScenario } from './run';
import { loadCoreModule } from '../core/load-node';

const USAGE = 'usage: npm run sim -- <scenario.json> [--json] [--metrics-interval <seconds>] [--until <seconds>] [--seed <n>]';

function bad(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function numberFlag(args: string[], name: string, min: number): number | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const raw = args[i + 1];
  const v = Number(raw);
  if (raw === undefined || !Number.isFinite(v) || v < min) bad(`Invalid option ${name}: got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}; expected a number of at least ${min}.`);
  args.splice(i, 2);
  return v;
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice();
  const json = args.includes('--json');
  if (json) args.splice(args.indexOf('--json'), 1);
  const metricsInterval = numberFlag(args, '--metrics-interval', 1);
  const until = numberFlag(args, '--until', 0);
  const seed = numberFlag(args, '--seed', 0);
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) bad(`Unknown option ${unknown}. ${USAGE}`);
  if (args.length !== 1) bad(USAGE);
  let text: string;
  try {
    text = readFileSync(args[0]!, 'utf8');
  } catch {
    bad(`Cannot read scenario file ${JSON.stringify(args[0])}: expected a readable JSON file.`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) bad(parsed.error.message);
  const scenario = parsed.scenario;
  if (seed !== undefined) scenario.seed = Math.floor(seed);
  const out: string[] = [];
  const flush = () => { if (out.length) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; } };
  const r = runScenario(await loadCoreModule(), scenario, { json, metricsInterval, until }, (line) => {
    out.push(line);
    if (out.length >= 2000) flush();
  });
  if (!r.ok) bad(r.error.message);
  flush();
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`Simulation failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
