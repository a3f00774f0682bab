/**
 * RegisterTaskDefinition in the console: a form for the common fields and a JSON editor for the
 * whole request, which can start from any registered revision.
 */
import type { TaskDefinition } from '../../sim/taskdef';
import { ConsoleForm, type FormValues } from './form';
import { activeTaskDefinitions, type ConsoleContext } from './options';

/** The RegisterTaskDefinition request that would register `td` again (as the next revision). */
export function requestFromTaskDefinition(td: TaskDefinition): Record<string, unknown> {
  const req: Record<string, unknown> = { family: td.family };
  if (td.cpu !== null) req.cpu = String(td.cpu);
  if (td.memory !== null) req.memory = String(td.memory);
  req.networkMode = td.networkMode;
  if (td.requiresCompatibilities.length) req.requiresCompatibilities = [...td.requiresCompatibilities];
  if (td.runtimePlatform) req.runtimePlatform = { ...td.runtimePlatform };
  req.containerDefinitions = td.containerDefinitions.map((c) => {
    const out: Record<string, unknown> = { name: c.name, image: c.image, essential: c.essential };
    if (c.cpu) out.cpu = c.cpu;
    if (c.memory !== null) out.memory = c.memory;
    if (c.memoryReservation !== null) out.memoryReservation = c.memoryReservation;
    if (c.portMappings.length) {
      out.portMappings = c.portMappings.map((p) => ({ containerPort: p.containerPort, hostPort: p.hostPort, protocol: p.protocol, ...(p.name ? { name: p.name } : {}) }));
    }
    if (c.healthCheck) out.healthCheck = { ...c.healthCheck, command: [...c.healthCheck.command] };
    if (c.stopTimeout !== 30) out.stopTimeout = c.stopTimeout;
    return out;
  });
  if (td.placementConstraints.length) req.placementConstraints = td.placementConstraints.map((p) => ({ ...p }));
  req.sim = { ...td.sim };
  return req;
}

const registered = (r: { ok: boolean; value?: unknown }) =>
  r.ok ? `Registered ${(r.value as { taskDefinition?: string } | undefined)?.taskDefinition ?? 'a new revision'}.` : undefined;

export function taskDefinitionForm(ctx: ConsoleContext): ConsoleForm {
  return new ConsoleForm({
    id: 'register-td',
    title: 'Register a task definition revision',
    action: 'RegisterTaskDefinition',
    intro: 'Registering a family again makes its next revision. The last three fields describe what the image does in the simulation.',
    submitLabel: 'Register revision',
    fields: [
      { name: 'family', label: 'Family', kind: 'text', value: 'web' },
      { name: 'requiresCompatibilities', label: 'Launch types', kind: 'checks', options: [{ value: 'EC2', label: 'EC2' }, { value: 'FARGATE', label: 'Fargate' }], value: 'EC2' },
      { name: 'networkMode', label: 'Network mode', kind: 'select', options: ['bridge', 'awsvpc', 'host', 'none'].map((v) => ({ value: v, label: v })), value: 'bridge' },
      { name: 'cpu', label: 'Task CPU (units or vCPU)', kind: 'text', value: '256', hint: '1024 units = 1 vCPU. Fargate takes fixed pairs (§7.1).' },
      { name: 'memory', label: 'Task memory (MiB or GB)', kind: 'text', value: '512' },
      { name: 'containerDefinitions[0].name', label: 'Container name', kind: 'text', value: 'web' },
      { name: 'containerDefinitions[0].image', label: 'Image', kind: 'text', value: '123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2.0' },
      { name: 'containerDefinitions[0].essential', label: 'Essential container', kind: 'checkbox', value: 'true' },
      { name: 'containerDefinitions[0].portMappings[0].containerPort', label: 'Container port', kind: 'number', value: '8080' },
      { name: 'containerDefinitions[0].portMappings[0].hostPort', label: 'Host port', kind: 'number', placeholder: '0 (dynamic, bridge mode)', when: (v: FormValues) => String(v['containerDefinitions[0].portMappings[0].containerPort']).trim() !== '' },
      { name: 'sim.imageSizeMiB', label: 'Image size (MiB)', kind: 'number', value: '200' },
      { name: 'sim.appStartSeconds', label: 'App start time (s)', kind: 'number', value: '5' },
      { name: 'sim.healthy', label: 'The app passes its health checks (clear it for a release that never gets healthy)', kind: 'checkbox', value: 'true' },
    ],
    build: (req, v) => {
      // A checkbox left clear is meaningful for these two: send false, not nothing.
      setFlag(req, 'containerDefinitions', 0, 'essential', v['containerDefinitions[0].essential'] === true);
      const sim = (req.sim ?? {}) as Record<string, unknown>;
      sim.healthy = v['sim.healthy'] === true;
      req.sim = sim;
      return { request: req };
    },
    submit: (req) => {
      const result = ctx.act('RegisterTaskDefinition', req);
      return { result, success: registered(result) };
    },
  });
}

function setFlag(req: Record<string, unknown>, list: string, i: number, key: string, value: boolean): void {
  const arr = req[list] as Record<string, unknown>[] | undefined;
  if (arr?.[i]) arr[i]![key] = value;
}

/** The JSON editor, with a picker that loads any registered revision as the starting request. */
export function taskDefinitionJsonEditor(ctx: ConsoleContext): { element: HTMLElement; refresh(): void } {
  const wrap = document.createElement('div');
  wrap.className = 'json-editor';
  const form = new ConsoleForm({
    id: 'register-td-json',
    title: 'Task definition JSON',
    action: 'RegisterTaskDefinition',
    intro: 'The whole request as JSON, as `aws ecs register-task-definition --cli-input-json` takes it.',
    submitLabel: 'Register from JSON',
    fields: [{ name: 'request', label: 'Request JSON', kind: 'json', rows: 14 }],
    fallbackField: 'request',
    build: (req) => {
      const body = req.request;
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return { error: { code: 'ClientException', field: 'request', value: body, accepted: 'a JSON object with family and containerDefinitions', message: 'ClientException: The request must be a JSON object.' } };
      }
      return { request: body as Record<string, unknown> };
    },
    submit: (req) => {
      const result = ctx.act('RegisterTaskDefinition', req);
      return { result, success: registered(result) };
    },
  });
  const row = document.createElement('div');
  row.className = 'inline-row';
  const select = document.createElement('select');
  select.id = 'td-json-source';
  const label = Object.assign(document.createElement('label'), { htmlFor: select.id, textContent: 'Start from' });
  const load = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Load into editor' });
  row.append(label, select, load);
  let key = '';
  const refresh = () => {
    const tds = activeTaskDefinitions(ctx.sim());
    const k = tds.map((t) => `${t.family}:${t.revision}`).join(',');
    if (k === key) return;
    key = k;
    const keep = select.value;
    select.replaceChildren(...tds.slice().reverse().map((t) => Object.assign(document.createElement('option'), { value: `${t.family}:${t.revision}`, textContent: `${t.family}:${t.revision}` })));
    if ([...select.options].some((o) => o.value === keep)) select.value = keep;
    const area = form.control('request') as HTMLTextAreaElement;
    if (!area.value.trim()) fill();
  };
  const fill = () => {
    const td = activeTaskDefinitions(ctx.sim()).find((t) => `${t.family}:${t.revision}` === select.value);
    if (td) form.set('request', JSON.stringify(requestFromTaskDefinition(td), null, 2));
  };
  load.addEventListener('click', fill);
  wrap.append(row, form.element);
  refresh();
  return { element: wrap, refresh };
}
