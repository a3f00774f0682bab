/**
 * The sandbox console: act on the cluster the way the ECS console and CLI do. Every form sends
 * one API action through the session (so it is recorded, replayed, shared and exported), and an
 * error comes back next to the field it names.
 */
import { clock } from '../../sim/timeline';
import type { RecordedAction } from '../../app/session';
import type { ConsoleForm } from './form';
import type { ConsoleContext } from './options';
import { taskDefinitionForm, taskDefinitionJsonEditor } from './taskdefs';
import { createServiceForm, deleteServiceForm, strategyPresets, updateServiceForm } from './services';
import { addInstancesForm, drainForm, faultForms, runTaskForm, stopTaskForm, trafficForm } from './cluster';
import { codeDeployForm, scalingForms } from './scaling';
import { discoveryForms } from './discovery';
import { appRunnerUpdateForm } from './apprunner';
import { CliLine } from './cli-line';

export type CompareTarget = 'A' | 'B' | 'both';

export class SandboxConsole {
  private forms: ConsoleForm[] = [];
  private refreshers: (() => void)[] = [];
  private actionLog: HTMLOListElement;
  private targetRow: HTMLElement;
  private logKey: string | null = null;
  target: CompareTarget = 'both';
  /** The AWS CLI command line, above the forms. */
  readonly cli: CliLine;

  constructor(host: HTMLElement, ctx: ConsoleContext) {
    this.targetRow = this.buildTarget();
    this.cli = new CliLine({ sim: ctx.sim, log: () => ctx.log?.() ?? null, act: ctx.act });
    const groups: [string, string, (HTMLElement | ConsoleForm)[]][] = [];
    const td = taskDefinitionForm(ctx);
    const json = taskDefinitionJsonEditor(ctx);
    this.refreshers.push(json.refresh);
    groups.push(['task-definitions', 'Task definitions', [td, json.element]]);
    const create = createServiceForm(ctx);
    const update = updateServiceForm(ctx);
    groups.push(['services', 'Services', [create, update, deleteServiceForm(ctx), codeDeployForm(ctx)]]);
    const run = runTaskForm(ctx);
    groups.push(['tasks', 'Tasks', [run, stopTaskForm(ctx)]]);
    groups.push(['instances', 'Container instances', [addInstancesForm(ctx), drainForm(ctx)]]);
    groups.push(['scaling', 'Service auto scaling', scalingForms(ctx)]);
    groups.push(['traffic', 'Traffic', [trafficForm(ctx)]]);
    groups.push(['discovery', 'Service discovery', discoveryForms(ctx)]);
    groups.push(['apprunner', 'App Runner', [appRunnerUpdateForm(ctx)]]);
    groups.push(['faults', 'Faults', faultForms(ctx)]);
    const frag = document.createDocumentFragment();
    frag.append(this.targetRow, this.cli.element);
    for (const [id, title, items] of groups) {
      const d = document.createElement('details');
      d.className = 'console-group';
      d.id = `console-${id}`;
      d.append(Object.assign(document.createElement('summary'), { textContent: title }));
      for (const item of items) {
        if (item instanceof HTMLElement) d.append(item);
        else { d.append(item.element); this.forms.push(item); }
      }
      frag.append(d);
    }
    // Presets sit right above the strategy fields they fill.
    strategyPresets(create);
    strategyPresets(update);
    strategyPresets(run);
    const logSection = document.createElement('section');
    logSection.className = 'action-log';
    logSection.setAttribute('aria-labelledby', 'action-log-title');
    logSection.append(Object.assign(document.createElement('h3'), { id: 'action-log-title', textContent: 'Actions in this session' }));
    this.actionLog = document.createElement('ol');
    this.actionLog.id = 'action-log';
    logSection.append(this.actionLog);
    frag.append(logSection);
    host.replaceChildren(frag);
    this.setComparing(false);
  }

  private buildTarget(): HTMLElement {
    const fs = document.createElement('fieldset');
    fs.className = 'send-to';
    fs.append(Object.assign(document.createElement('legend'), { textContent: 'Send actions to' }));
    for (const [value, label] of [['both', 'Both configurations'], ['A', 'A only'], ['B', 'B only']] as const) {
      const id = `send-to-${value}`;
      const input = Object.assign(document.createElement('input'), { type: 'radio', name: 'send-to', id, value, checked: value === this.target });
      input.addEventListener('change', () => { if (input.checked) this.target = value; });
      const span = document.createElement('span');
      span.className = 'check';
      span.append(input, Object.assign(document.createElement('label'), { htmlFor: id, textContent: label }));
      fs.append(span);
    }
    return fs;
  }

  setComparing(on: boolean): void {
    this.targetRow.hidden = !on;
  }

  /** Re-reads pickers (services, revisions, instances, tasks) from the running simulation. */
  refresh(actions: RecordedAction[]): void {
    for (const f of this.forms) f.refresh();
    for (const r of this.refreshers) r();
    this.cli.refresh();
    const key = actions.map((a) => `${a.at}${a.action}`).join('|');
    if (key === this.logKey) return;
    this.logKey = key;
    this.actionLog.replaceChildren(...actions.map((a) => {
      const li = document.createElement('li');
      const req = JSON.stringify(a.request);
      li.append(Object.assign(document.createElement('time'), { textContent: clock(a.at) }), ` ${a.action} `,
        Object.assign(document.createElement('code'), { textContent: req.length > 120 ? `${req.slice(0, 117)}...` : req }));
      return li;
    }));
    if (!actions.length) this.actionLog.append(Object.assign(document.createElement('li'), { className: 'muted', textContent: 'None yet: what you do here is recorded, replayed on rewind and carried by share links.' }));
  }
}
