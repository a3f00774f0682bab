/**
 * The whole state of a simulation as one string, for "a rejected call changes nothing" checks:
 * every field reachable from the Simulation (Maps, Sets, typed arrays, shared and cyclic objects
 * by first-visit number), the random-number state, and the core's state arrays.
 *
 * Left out: functions (the event listener), memo caches that only save recomputation (`tdCache`),
 * and the core's scratch arrays (`strategy`, `out`, `explain`: a call's inputs and outputs,
 * overwritten by the next call).
 */
import type { Simulation } from '../../src/sim/engine';
import type { CoreViews } from '../../src/core/core';

const SKIP_SIM_KEYS = new Set(['core', 'onEvent', 'tdCache']);
const CORE_STATE: (keyof CoreViews)[] = [
  'instCpu', 'instMem', 'instEni', 'instAz', 'instKey', 'instCp', 'instTasks', 'instStatus', 'instMask',
  'groupInst', 'groupAz', 'groupKey', 'groupDaemon', 'groupStates', 'groupDemand', 'groupTaskCpu',
  'groupTarget', 'groupUtil', 'groupDesired', 'cpNeed', 'cpRunning', 'cpEmpty', 'cpReservation',
  'taskState', 'taskDue', 'taskPlan', 'taskGroup', 'taskInst', 'taskRev',
];

function num(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** FNV-1a over a view's bytes (typed arrays are long: the core's run to megabytes). */
function bytesHash(v: ArrayBufferView): string {
  const b = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  let h = 0x811c9dc5;
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return (h >>> 0).toString(16);
}

/** A canonical text of any value graph: insertion order kept, shared objects written once. */
export function canonical(root: unknown, skip: (owner: object, key: string) => boolean = () => false): string {
  const seen = new Map<object, number>();
  const out: string[] = [];
  const walk = (v: unknown): void => {
    switch (typeof v) {
      case 'number': out.push(num(v)); return;
      case 'string': out.push(JSON.stringify(v)); return;
      case 'boolean': out.push(String(v)); return;
      case 'undefined': out.push('u'); return;
      case 'bigint': out.push(`${v}n`); return;
      case 'function': out.push('f'); return;
      case 'symbol': out.push(String(v)); return;
    }
    if (v === null) { out.push('null'); return; }
    const o = v as object;
    const id = seen.get(o);
    if (id !== undefined) { out.push(`@${id}`); return; }
    seen.set(o, seen.size);
    if (ArrayBuffer.isView(o)) { out.push(`${o.constructor.name}(${o.byteLength}#${bytesHash(o)})`); return; }
    if (o instanceof Map) { out.push('Map{'); for (const [k, x] of o) { walk(k); out.push(':'); walk(x); out.push(','); } out.push('}'); return; }
    if (o instanceof Set) { out.push('Set{'); for (const x of o) { walk(x); out.push(','); } out.push('}'); return; }
    if (o instanceof WeakMap || o instanceof WeakSet) throw new Error('engine state holds a WeakMap or WeakSet: it cannot be read, saved or compared');
    if (Array.isArray(o)) { out.push('['); for (const x of o) { walk(x); out.push(','); } out.push(']'); return; }
    out.push(`${o.constructor?.name ?? ''}{`);
    for (const k of Object.keys(o)) {
      if (skip(o, k)) continue;
      out.push(JSON.stringify(k), ':');
      walk((o as Record<string, unknown>)[k]);
      out.push(',');
    }
    out.push('}');
  };
  walk(root);
  return out.join('');
}

/** The simulation's state and its core's, as text: equal text, equal engines. */
export function engineState(sim: Simulation): string {
  const core = CORE_STATE.map((k) => `${k}=${canonical(sim.core[k])}`).join('\n');
  return `${canonical(sim, (owner, key) => owner === sim && SKIP_SIM_KEYS.has(key))}\n${core}`;
}
