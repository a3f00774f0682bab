/**
 * `npm run lessons:check`: for every lesson,
 *
 * 1. static checks (ids, goals, hints, questions, citations of the behaviour reference);
 * 2. winnable: the reference solution, replayed headless, meets every goal of every step;
 * 3. load-bearing: with the taught mechanic withheld, the named goal stays unmet;
 * 4. no free wins: a step (unless passive) is not won by doing nothing.
 *
 * Prints one line per lesson, then, last, a JSON summary:
 * `{"type":"LessonsCheck","lessons":11,"winnable":11,"loadBearing":11,...}`. Exits 1 when any
 * lesson has a problem. `--lesson <id>` checks one lesson.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCoreModule } from '../src/core/load-node';
import { LESSONS } from './index';
import { checkLesson } from './replay';
import { validateLesson } from './validate';
import { HEADING_PREFIX, SECTIONS, referenceHeadings } from './sections';

const REFERENCE = fileURLToPath(new URL('../../shared/reference/ecs-behaviour.md', import.meta.url));

/** When the behaviour reference is next to the repository, the section table must match it. */
function checkSectionTable(): string[] {
  if (!existsSync(REFERENCE)) return [];
  const headings = referenceHeadings(readFileSync(REFERENCE, 'utf8'));
  const problems: string[] = [];
  for (const id of Object.keys(SECTIONS)) {
    const h = headings.get(id);
    const want = HEADING_PREFIX[id] ?? '';
    if (!h) problems.push(`§${id} is not a heading of the behaviour reference any more`);
    else if (!h.toLowerCase().startsWith(want.toLowerCase())) problems.push(`§${id} is now "${h}" in the behaviour reference, not "${want}…"`);
  }
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const only = argv.includes('--lesson') ? argv[argv.indexOf('--lesson') + 1] : undefined;
  const verbose = argv.includes('--verbose');
  const lessons = only ? LESSONS.filter((l) => l.id === only) : LESSONS;
  if (only && !lessons.length) {
    process.stderr.write(`No lesson ${JSON.stringify(only)}; lessons: ${LESSONS.map((l) => l.id).join(', ')}\n`);
    return 2;
  }
  const module = await loadCoreModule();
  let winnable = 0;
  let loadBearing = 0;
  let failed = 0;
  const tableProblems = checkSectionTable();
  for (const p of tableProblems) process.stdout.write(`reference: ${p}\n`);
  for (const lesson of lessons) {
    const problems = validateLesson(lesson);
    const c = checkLesson(lesson, module);
    problems.push(...c.problems);
    if (c.winnable) winnable++;
    if (c.loadBearing) loadBearing++;
    if (problems.length) failed++;
    const steps = c.win.steps.map((s) => `${s.step} ${s.won ? `${s.seconds}s` : `unmet after ${s.seconds}s: ${s.unmet.map((g) => g.unmet).join(' ')}`}`).join('; ');
    const held = c.withheld.steps[c.withheld.steps.length - 1];
    const why = held && !held.won ? held.unmet.find((g) => g.id === lesson.withheld.goal)?.unmet ?? held.unmet[0]?.unmet ?? '' : '';
    process.stdout.write(`${problems.length ? 'FAIL' : 'ok  '} ${String(lesson.number).padStart(2)} ${lesson.id}: ` +
      `${c.winnable ? 'winnable' : 'NOT winnable'} [${steps}]; ` +
      `${c.loadBearing ? 'load-bearing' : 'NOT load-bearing'} (without ${lesson.withheld.mechanic}: "${why}"); ` +
      `${c.idleChecked - c.idleFailures.length}/${c.idleChecked} steps need the learner\n`);
    for (const p of problems) process.stdout.write(`       - ${p}\n`);
    if (verbose) for (const s of c.win.steps) if (s.reveal) process.stdout.write(`       ${s.step}: ${s.reveal.replace(/\s+/g, ' ')}\n`);
  }
  process.stdout.write(`${JSON.stringify({ type: 'LessonsCheck', lessons: lessons.length, winnable, loadBearing, failed: failed + (tableProblems.length ? 1 : 0) })}\n`);
  return failed || tableProblems.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }).catch((e: unknown) => {
  process.stderr.write(`lessons:check failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
