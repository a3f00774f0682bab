/**
 * One AWS CLI v2 command line, run on the simulation: `aws <service> <command> [--flags]`,
 * `aws ecs wait <waiter> …`, and `help` at each level. The same parsing, the same `callApi` and
 * the same printing as the CLI; exit statuses as the CLI v2 gives them (0 done, 252 a usage or
 * parameter error, 254 an error from the service, 255 a waiter that failed).
 *
 * @example
 * const r = runCommand(ctx, 'aws ecs update-service --cluster default --service web --desired-count 4');
 * // r.kind === 'done': r.stdout is the UpdateService response as the CLI prints it
 */
import { callApi, type Backend, type Json } from './api';
import { kebab, operationFor, PRIMITIVES, shapeOf, type AwsModels, type ServiceModel, type ShapeRef } from './model';
import { flagsOf, parseParams } from './params';
import { words } from './argv';
import { format, OUTPUT_FORMATS, printable, query, type OutputFormat } from './output';
import { MAPPINGS } from './operations';
import { accept, WAITERS, type WaiterDef } from './waiters';

export interface CliContext { models: AwsModels; backend: Backend }

export interface Done { kind: 'done'; stdout: string; stderr: string; exitCode: number }

/** A waiter in progress: `poll` once every `def.delay` simulated seconds, up to `def.maxAttempts` times. */
export interface Waiting { kind: 'wait'; def: WaiterDef; attempts: number; poll(ctx: CliContext): Done | null }

export type CliResult = Done | Waiting;

const USAGE = 'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help';

const done = (stdout: string, stderr = '', exitCode = 0): Done => ({ kind: 'done', stdout, stderr, exitCode });
const usage = (message: string): Done => done('', `${USAGE}\n\naws: error: ${message}`, 252);

/** Global options: those that take a value, and switches. The page ignores what concerns a real network. */
const GLOBAL_VALUE = new Set(['--output', '--query', '--region', '--endpoint-url', '--profile', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle', '--cli-binary-format']);
const GLOBAL_SWITCH = new Set(['--no-cli-pager', '--no-paginate', '--debug', '--no-verify-ssl', '--no-sign-request', '--cli-auto-prompt', '--no-cli-auto-prompt']);

interface Globals { output: OutputFormat; query?: string; cliInputJson?: string; rest: string[] }

function globals(args: string[]): Globals | Done {
  const g: Globals = { output: 'json', rest: [] };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const [name, inline] = w.startsWith('--') && w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
    if (GLOBAL_SWITCH.has(name)) continue;
    if (GLOBAL_VALUE.has(name) || name === '--cli-input-json') {
      const v = inline ?? args[++i];
      if (v === undefined) return usage(`argument ${name}: expected one argument`);
      if (name === '--output') {
        if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) return usage(`argument --output: Invalid choice, valid choices are:\n\n${OUTPUT_FORMATS.join(' | ')}${v === 'yaml' || v === 'yaml-stream' ? '\n\n(yaml is not offered here)' : ''}`);
        g.output = v as OutputFormat;
      } else if (name === '--query') g.query = v;
      else if (name === '--cli-input-json') g.cliInputJson = v;
      continue;
    }
    g.rest.push(w);
  }
  return g;
}

/** The CLI commands of a service that the simulation models, as `aws <service> help` lists them. */
export function commandsOf(service: string): string[] {
  return Object.keys(MAPPINGS[service] ?? {}).map(kebab).sort();
}

function typeName(model: ServiceModel, ref: ShapeRef): string {
  if (PRIMITIVES.has(ref)) return ref === 'number' ? 'integer' : ref;
  const s = shapeOf(model, ref);
  if (!s) return ref;
  return s.type === 'list' ? `list of ${typeName(model, s.member)}` : s.type === 'map' ? 'map' : 'structure';
}

function help(ctx: CliContext, service?: string, command?: string): Done {
  if (!service) {
    return done(`aws <service> <command> [parameters]\n\nServices the simulation models:\n${Object.keys(MAPPINGS).map((s) => `  ${s}`).join('\n')}\n\nGlobal options: --output json|text|table, --query <JMESPath>, --cli-input-json <JSON>.\nfile:// and fileb:// read files from your disk, which a web page cannot do: paste the JSON instead.`);
  }
  const model = ctx.models.services[service]!;
  if (!command) {
    const waits = WAITERS[service] ? `\n\nWaiters (aws ${service} wait <name>):\n${Object.keys(WAITERS[service]!).map((w) => `  ${w}`).join('\n')}` : '';
    return done(`aws ${service} <command>\n\nCommands the simulation models:\n${commandsOf(service).map((c) => `  ${c}`).join('\n')}${waits}`);
  }
  const op = operationFor(model, command)!;
  const flags = flagsOf(model, op);
  return done(`aws ${service} ${command}  (${op}, ${model.cli} API ${model.apiVersion})\n\n${flags.map((f) => `  ${f.flag} (${typeName(model, f.ref)})${f.required ? '  [required]' : ''}`).join('\n')}\n  --cli-input-json (string)`);
}

/** A successful response, through --query and --output. */
function print(model: ServiceModel, operation: string, output: Json, g: Globals): Done {
  const q = query(printable(model, operation, output), g.query);
  if (!q.ok) return done('', q.message, 255);
  return done(format(q.value, g.output, operation));
}

function call(ctx: CliContext, service: string, operation: string, input: Json, g: Globals): Done {
  const model = ctx.models.services[service]!;
  const r = callApi(ctx.models, MAPPINGS, ctx.backend, service, operation, input);
  if (!r.ok) return done('', `An error occurred (${r.code}) when calling the ${operation} operation: ${r.message}`.trimEnd(), 254);
  return print(model, operation, r.output, g);
}

function wait(ctx: CliContext, service: string, args: string[], g: Globals): CliResult {
  const table = WAITERS[service];
  const name = args[0];
  if (!table) return usage(`argument subcommand: ${service} has no waiters`);
  if (!name || name === 'help') return done(`aws ${service} wait <waiter>\n\n${Object.keys(table).map((w) => `  ${w}`).join('\n')}`);
  const def = table[name];
  if (!def) return usage(`argument subcommand: Invalid choice, valid choices are:\n\n${Object.keys(table).join(' | ')}`);
  const model = ctx.models.services[service]!;
  const p = parseParams(model, def.operation, args.slice(1), g.cliInputJson);
  if (!p.ok) return p.message.startsWith('aws: error: ') ? usage(p.message.slice(12)) : done('', p.message, 252);
  const w: Waiting = {
    kind: 'wait', def, attempts: 0,
    poll(c) {
      w.attempts++;
      const r = callApi(c.models, MAPPINGS, c.backend, service, def.operation, p.input);
      if (!r.ok) return done('', `Waiter ${def.name} failed: An error occurred (${r.code}): ${r.message}`, 255);
      const a = accept(def, printable(model, def.operation, r.output));
      if (a.state === 'success') return done('');
      if (a.state === 'failure') return done('', a.message, 255);
      return w.attempts >= def.maxAttempts ? done('', `Waiter ${def.name} failed: Max attempts exceeded`, 255) : null;
    },
  };
  return w;
}

export function runCommand(ctx: CliContext, line: string): CliResult {
  const split = words(line.trim());
  if (!split.ok) return usage(split.message);
  let args = split.words;
  if (!args.length) return done('');
  if (args[0] !== 'aws') return done('', `${args[0]}: command not found. This line runs AWS CLI commands: start with aws (try aws help).`, 127);
  const g = globals(args.slice(1));
  if ('kind' in g) return g;
  args = g.rest;
  const [service, command, ...rest] = args;
  if (!service || service === 'help') return help(ctx);
  if (!ctx.models.services[service] || !MAPPINGS[service]) {
    return usage(`argument command: Invalid choice, valid choices are:\n\n${Object.keys(MAPPINGS).join(' | ')}\n\n(the simulation models these services)`);
  }
  if (!command || command === 'help') return help(ctx, service);
  if (command === 'wait') return wait(ctx, service, rest, g);
  const model = ctx.models.services[service]!;
  const op = operationFor(model, command);
  if (!op) return usage(`argument operation: Invalid choice, valid choices are:\n\n${commandsOf(service).join(' | ')}`);
  if (!MAPPINGS[service]![op]) return done('', `The simulation does not model ${op}. Modelled ${service} commands: ${commandsOf(service).join(', ')}.`, 252);
  if (rest[0] === 'help') return help(ctx, service, command);
  const p = parseParams(model, op, rest, g.cliInputJson);
  if (!p.ok) return p.message.startsWith('aws: error: ') ? usage(p.message.slice(12)) : done('', p.message, 252);
  return call(ctx, service, op, p.input, g);
}
