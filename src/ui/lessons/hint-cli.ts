/**
 * Under a hint that shows a request, the `aws` command that sends it (src/awscli/to-cli.ts),
 * as text: what a learner would type in the Console tab's command line or in a terminal.
 */
import type { Simulation } from '../../sim/engine';
import { targetGroupArn } from '../../sim/health';
import { awsCommand, requestsIn } from '../../awscli/to-cli';
import './hint-cli.css';

export function hintCommands(markdown: string, sim: Simulation | undefined): HTMLElement[] {
  const ctx = sim ? {
    cluster: sim.clusterName,
    targetGroupArn: (name: string) => { const tg = sim.targetGroups.get(name); return tg ? targetGroupArn(sim, tg) : null; },
  } : {};
  return requestsIn(markdown).flatMap(({ action, request }) => {
    const line = awsCommand(action, request, ctx);
    if (!line) return [];
    const p = document.createElement('p');
    p.className = 'hint-cli';
    const code = document.createElement('code');
    code.textContent = line;
    p.append('AWS CLI: ', code);
    return [p];
  });
}
