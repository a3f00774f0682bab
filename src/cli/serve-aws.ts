/**
 * `npm run serve:aws -- [scenario.json] [--port 4566] [--speed N] [--log events.jsonl]`: a local
 * AWS endpoint on 127.0.0.1 that the AWS CLI and SDKs drive (src/endpoint). Bad options exit with
 * status 2 and one message.
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { parseScenarioText } from '../sim/scenario/parse';
import { loadCoreModule } from '../core/load-node';
import { Session } from '../app/session';
import type { AwsModels } from '../awscli/model';
import { createEndpoint } from '../endpoint/server';
import { DEFAULT_SCENARIO } from '../endpoint/default-scenario';

const USAGE = 'usage: npm run serve:aws -- [scenario.json] [--port 4566] [--speed N] [--log events.jsonl]';

function bad(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined) bad(`Option ${name} needs a value. ${USAGE}`);
  args.splice(i, 2);
  return v;
}

function numberOption(args: string[], name: string, min: number, max: number, fallback: number, whole: boolean): number {
  const raw = option(args, name);
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max || (whole && !Number.isInteger(v))) bad(`Invalid option ${name}: got ${JSON.stringify(raw)}; expected ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}.`);
  return v;
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice();
  const port = numberOption(args, '--port', 1, 65535, 4566, true);
  const speed = numberOption(args, '--speed', 0.01, 10_000, 1, false);
  const logPath = option(args, '--log');
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) bad(`Unknown option ${unknown}. ${USAGE}`);
  if (args.length > 1) bad(USAGE);
  let text = JSON.stringify(DEFAULT_SCENARIO);
  if (args[0] !== undefined) {
    try { text = readFileSync(args[0], 'utf8'); } catch { bad(`Cannot read scenario file ${JSON.stringify(args[0])}: expected a readable JSON file.`); }
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) bad(parsed.error.message);
  let models: AwsModels;
  try {
    models = JSON.parse(readFileSync(new URL('../../build/aws-models.json', import.meta.url), 'utf8')) as AwsModels;
  } catch {
    bad('build/aws-models.json is missing: run `npm run build:models` first (npm run serve:aws does).');
  }
  const opened = Session.open(parsed.scenario, JSON.parse(text) as Record<string, unknown>, await loadCoreModule());
  if (!opened.ok) bad(opened.error.message);
  const session = opened.session;
  if (logPath) {
    const out = createWriteStream(logPath);
    const record = session.sim.onEvent;
    session.sim.onEvent = (e) => { record?.(e); out.write(`${JSON.stringify(e)}\n`); };
  }
  const endpoint = createEndpoint({ session, models, speed, log: (line) => process.stdout.write(`${line}\n`) });
  endpoint.server.on('error', (e) => bad(`Cannot listen on 127.0.0.1:${port}: ${e.message}`));
  endpoint.server.listen(port, '127.0.0.1', () => {
    process.stdout.write(`AWS endpoint for ${parsed.scenario.name ?? 'the scenario'} (cluster ${session.sim.clusterName}) on http://127.0.0.1:${port}, simulated time at ${speed}x\n`);
    process.stdout.write(`try: aws --endpoint-url http://127.0.0.1:${port} ecs list-services --cluster ${session.sim.clusterName}\n`);
  });
  const shutdown = () => { void endpoint.stop().then(() => process.exit(0)); };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`The endpoint failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
