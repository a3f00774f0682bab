/**
 * The lesson player: the course list, then a lesson step by step, with its narration, live goals
 * (✓ / ✗ with the sentence saying what is still missing), hints one at a time, "Show me" (the
 * reference commands, sent through the app's own act path), questions, and progress that is saved
 * locally and can be exported and imported as a file.
 *
 * @example
 * const player = mountLessonPlayer(host, {
 *   session: () => app.session,
 *   act: (action, request) => app.act(action, request, 'A'),
 *   openScenario: (doc, { t, name }) => openIt(doc, t, name),   // returns an error message or null
 * });
 * app.onPublish = () => player.update();                          // after every publish
 * player.open('rolling-update');
 */
import type { CommandResult } from '../../sim/commands';
import type { Simulation } from '../../sim/engine';
import type { Lesson } from '../../../lessons/types';
import type { SessionLike } from '../../../lessons/view';
import { LESSONS } from '../../../lessons/index';
import { LessonRun, type StepStatus } from '../../../lessons/runtime';
import { emptyLessonProgress, progressText, type LessonProgress } from './progress';
import { ProgressStore, browserStorage, type StorageLike } from './storage';
import { GoalList, button, el, lessonList, md, questionView, showMeLog, stepDots } from './views';
import { hintCommands } from './hint-cli';
import { checkTextSize } from '../../app/share/limits';
import { SLICED_REPLAY_SECONDS } from '../replay-progress';
import { findDeadEnd } from '../../../lessons/dead-ends';
import { DeadEndBox } from './dead-end-view';
import './lessons.css';

/** A session as the player needs it: the view's inputs plus the clock. */
export type PlayerSession = SessionLike & { readonly t: number };

export interface LessonPlayerDeps {
  /** The session on screen, or null. */
  session(): PlayerSession | null;
  /** Sends an API action through the app (recorded, replayed and shared like any other). */
  act(action: string, request: Record<string, unknown>): CommandResult;
  /** Opens a scenario document as the session on screen at second `t`; returns an error message, or null. */
  openScenario(doc: Record<string, unknown>, opts: { t: number; name: string }): string | null;
  /**
   * The same, replaying in slices with progress (a lesson resumed far into its cluster); resolves
   * when the session is on screen, or was stopped by the learner. Without it, resuming replays at once.
   */
  openScenarioInSlices?(doc: Record<string, unknown>, opts: { t: number; name: string }): Promise<{ error: string | null; stopped: boolean }>;
  /** Starts the clock (used by "Show me"). */
  play?(): void;
  /** A short confirmation for the page's status line. */
  notify?(message: string): void;
  /** Defaults to window.localStorage (null: keep progress in memory only). */
  storage?: StorageLike | null;
  /** Defaults to the course in lessons/index.ts. */
  lessons?: readonly Lesson[];
}

export interface LessonPlayer {
  /** Re-checks the goals and sends due "Show me" commands; call after every publish. */
  update(): void;
  /** Opens a lesson (resuming saved progress unless `restart`). */
  open(id: string, opts?: { restart?: boolean }): boolean;
  /** Back to the lesson list. */
  showList(): void;
  readonly element: HTMLElement;
}

const hintItem = (text: string, sim?: Simulation) => {
  const li = el('li', 'hint');
  li.append(md('div', text), ...hintCommands(text, sim));
  return li;
};

const download = (text: string, fileName: string) => {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = el('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** The lesson on screen: the lesson, its run, the session it runs on, and actions kept from earlier visits. */
interface OpenLesson {
  readonly lesson: Lesson;
  readonly run: LessonRun;
  readonly session: PlayerSession;
  readonly earlier: LessonProgress['resume'];
}

/** The parts of a rendered step that `update` changes; built anew with each step. */
interface StepView {
  readonly goals: GoalList;
  readonly showLog: HTMLElement;
  readonly doneBox: HTMLElement;
  readonly lostBox: HTMLElement;
  /** Names the learner's action that put the step's goals out of reach, with a way back. */
  readonly deadEnd: DeadEndBox;
  /** What the dead-end check last looked at: checked again only when it changes. */
  deadEndKey: string;
  completeShown: boolean;
  /** The "Show me" log last drawn, as one letter per command: redrawn only when it changes. */
  logKey: string;
}

/** What the player's parts share: its inputs, its DOM, and the one mutable record of what is open. */
interface PlayerContext {
  readonly deps: LessonPlayerDeps;
  readonly lessons: readonly Lesson[];
  readonly store: ProgressStore;
  readonly body: HTMLElement;
  readonly state: { open: OpenLesson | null; view: StepView | null; lastStatus: StepStatus | null };
  say(lines: string[], kind?: 'info' | 'warn'): void;
  save(force?: boolean): void;
  open(id: string, opts?: { restart?: boolean }): boolean;
  showList(): void;
  update(): void;
}

/** The message line: notices the learner dismisses, and the kept copy of progress that could not be read. */
function mountMessages(messages: HTMLElement, store: ProgressStore): { say: PlayerContext['say']; renderKept: () => void } {
  function renderKept(): void {
    messages.querySelector('.lessons-kept')?.remove();
    if (!store.kept.length) return;
    const box = el('div', 'lessons-kept');
    const many = store.kept.length > 1;
    store.kept.forEach((k, i) => {
      const n = many ? ` ${i + 1}` : '';
      const item = el('div', 'lessons-kept-copy');
      const details = el('details');
      details.append(el('summary', '', `Kept copy${n} of earlier lesson progress (${k.readable ? 'readable' : 'unreadable'})`), el('p', 'small', k.reason));
      item.append(details,
        button(`Download the kept copy${n}`, '', () => download(k.text, `ecs-lab-progress-kept${many ? `-${i + 1}` : ''}.json`)),
        button('Forget it', 'link', () => { store.dropKept(k); renderKept(); }));
      box.append(item);
    });
    messages.append(box);
  }
  const say = (lines: string[], kind: 'info' | 'warn' = 'info') => {
    for (const text of lines) {
      const p = el('p', `lessons-message ${kind}`, text);
      p.append(button('Dismiss', 'link', () => p.remove()));
      messages.append(p);
    }
    renderKept();
  };
  return { say, renderKept };
}

const progressOf = (store: ProgressStore, id: string): LessonProgress => (store.doc.lessons[id] ??= emptyLessonProgress());

/**
 * Saves the open lesson's progress. Unforced saves are skipped while nothing that matters changed
 * in the last 5 seconds (the player updates after every publish).
 */
function progressSaver(ctx: Pick<PlayerContext, 'store' | 'state' | 'say'>): (force?: boolean) => void {
  let saveKey = '';
  let lastSaveAt = 0;
  return (force = false) => {
    const o = ctx.state.open;
    if (!o) return;
    const { lesson, run, session, earlier } = o;
    const p = progressOf(ctx.store, lesson.id);
    p.stepIndex = run.stepIndex;
    p.completed = [...run.completed];
    p.finished = run.finished;
    const actions = [...(earlier?.actions ?? []), ...session.actions.filter((a) => a.at > run.lessonStart)];
    p.resume = { t: session.t, stepStart: run.stepStart, actions };
    ctx.store.doc.current = lesson.id;
    const key = `${run.stepIndex}|${p.completed.length}|${actions.length}|${Object.keys(p.answers).length}`;
    const now = performance.now();
    if (!force && key === saveKey && now - lastSaveAt < 5000) return;
    saveKey = key;
    lastSaveAt = now;
    const err = ctx.store.save();
    if (err) ctx.say([err], 'warn');
  };
}

/** The course list with export and import of progress. */
function showList(ctx: PlayerContext): void {
  if (ctx.state.open) ctx.save(true);
  ctx.state.open = null;
  ctx.state.view = null;
  const head = el('header', 'lessons-head');
  head.append(el('h2', '', 'Lessons'));
  const tools = el('div', 'lessons-tools');
  const file = el('input');
  file.type = 'file';
  file.accept = 'application/json,.json';
  file.hidden = true;
  file.setAttribute('aria-label', 'Progress file to import');
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (!f) return;
    file.value = '';
    // Refused before reading it when it is past the size limit; any failure is said, never silent.
    const size = checkTextSize(f.size, 'progress file');
    if (size) { ctx.say([`${f.name} could not be imported: ${size.message} Your progress is unchanged.`], 'warn'); return; }
    f.text().then((text) => {
      const r = ctx.store.importText(text, f.name);
      ctx.say(r.messages, r.ok ? 'info' : 'warn');
      if (r.ok) ctx.showList();
    }).catch((e: unknown) => {
      ctx.say([`${f.name} could not be imported (${e instanceof Error ? e.message : String(e)}). Your progress is unchanged.`], 'warn');
    });
  });
  tools.append(
    button('Export progress', '', () => { download(progressText(ctx.store.doc), 'ecs-lab-progress.json'); ctx.deps.notify?.('Lesson progress exported.'); }),
    button('Import progress', '', () => file.click()),
    file,
  );
  head.append(tools);
  const intro = md('div', 'Each lesson runs on a live cluster. Its goals check your work as the simulation runs; **Show me** plays the reference solution. Facts cite the behaviour reference (§ numbers); modelled figures say so.', 'md lessons-intro');
  ctx.body.replaceChildren(head, intro, lessonList(ctx.lessons, ctx.store.doc, (id, restart) => { ctx.open(id, { restart }); }));
}

/** The lesson's scenario with the learner's earlier actions appended, so reopening replays them. */
function scenarioWith(l: Lesson, resume: LessonProgress['resume']): Record<string, unknown> {
  const doc = structuredClone(l.scenario);
  if (resume?.actions.length) doc.actions = [...((doc.actions as unknown[]) ?? []), ...structuredClone(resume.actions)];
  return doc;
}

/**
 * Opens the lesson's cluster where the learner left it; when that cannot be replayed, from the
 * lesson's start. Returns the progress it resumed from, or an error message.
 */
function openLessonCluster(ctx: PlayerContext, l: Lesson, p: LessonProgress): { resume: LessonProgress['resume'] } | { error: string } {
  const start = l.startAt ?? 0;
  let resume = p.resume;
  let err = ctx.deps.openScenario(scenarioWith(l, resume), { t: resume ? Math.max(start, resume.t) : start, name: `Lesson ${l.number}: ${l.title}` });
  if (err && resume) {
    ctx.say([`Lesson ${l.number} could not resume where you were (${err}); its step starts again from the lesson's starting cluster.`], 'warn');
    resume = null;
    p.resume = null;
    err = ctx.deps.openScenario(scenarioWith(l, null), { t: start, name: `Lesson ${l.number}: ${l.title}` });
  }
  return err ? { error: err } : { resume };
}

function openLesson(ctx: PlayerContext, id: string, opts: { restart?: boolean } = {}): boolean {
  const l = ctx.lessons.find((x) => x.id === id);
  if (!l) { ctx.say([`There is no lesson "${id}".`], 'warn'); return false; }
  if (ctx.state.open) ctx.save(true);
  if (opts.restart) ctx.store.doc.lessons[l.id] = emptyLessonProgress();
  const p = progressOf(ctx.store, l.id);
  const start = l.startAt ?? 0;
  const far = p.resume;
  if (far && ctx.deps.openScenarioInSlices && far.t - start > SLICED_REPLAY_SECONDS) {
    // A day of replay takes seconds: in slices, with progress, and the learner may stop it.
    const restart = (why: string) => {
      ctx.say([`Lesson ${l.number} could not resume where you were (${why}); its step starts again from the lesson's starting cluster.`], 'warn');
      p.resume = null;
      openLesson(ctx, id);
    };
    void ctx.deps.openScenarioInSlices(scenarioWith(l, far), { t: far.t, name: `Lesson ${l.number}: ${l.title}` }).then((r) => {
      if (r.error) restart(r.error);
      else if (r.stopped) restart('you stopped the replay');
      else lessonOpened(ctx, l, p, far);
    }, (e: unknown) => { restart(e instanceof Error ? e.message : String(e)); });
    return true;
  }
  const opened = openLessonCluster(ctx, l, p);
  if ('error' in opened) { ctx.say([`Lesson ${l.number} could not open its cluster: ${opened.error}`], 'warn'); return false; }
  return lessonOpened(ctx, l, p, opened.resume);
}

/** The lesson's cluster is on screen: its run, its step and the page. */
function lessonOpened(ctx: PlayerContext, l: Lesson, p: LessonProgress, resume: LessonProgress['resume']): boolean {
  const s = ctx.deps.session();
  if (!s) { ctx.say([`Lesson ${l.number} could not open its cluster.`], 'warn'); return false; }
  const start = l.startAt ?? 0;
  const run = new LessonRun(l, { stepIndex: p.stepIndex, lessonStart: start, stepStart: resume ? resume.stepStart : s.t, completed: p.completed, earlierActions: resume?.actions ?? [] });
  ctx.state.open = { lesson: l, run, session: s, earlier: resume };
  if (!resume) run.startStep(run.stepIndex, s.t);
  ctx.store.doc.current = l.id;
  ctx.save(true);
  renderStep(ctx);
  ctx.update();
  ctx.deps.notify?.(`Lesson ${l.number}: ${l.title}, step ${run.stepIndex + 1} of ${l.steps.length}.`);
  return true;
}

/** The lesson's title, the step's position in it, and the dots of the steps done. */
function lessonHeader(ctx: PlayerContext, l: Lesson, r: LessonRun): HTMLElement {
  const head = el('header', 'lesson-head');
  head.append(button('← All lessons', 'link back', () => ctx.showList()), el('h2', 'lesson-title', `${l.number}. ${l.title}`),
    el('p', 'lesson-progress', `Step ${r.stepIndex + 1} of ${l.steps.length}: ${r.step.title}`), stepDots(l, r.stepIndex, r.completed));
  return head;
}

/** The hint button and the hints shown so far (one more per press, remembered in progress). */
function hintsPart(ctx: PlayerContext, p: LessonProgress, step: LessonRun['step']): { hintButton: HTMLButtonElement; hints: HTMLElement } {
  const hints = el('ol', 'hints');
  const hintButton = button('', 'hint-button', () => {
    const n = Math.min(step.hints.length, (p.hints[step.id] ?? 0) + 1);
    p.hints[step.id] = n;
    hints.append(hintItem(step.hints[n - 1]!, ctx.state.open?.session.sim));
    setHintLabel();
    ctx.save(true);
  });
  const setHintLabel = () => {
    const n = p.hints[step.id] ?? 0;
    hintButton.textContent = n >= step.hints.length ? 'No more hints' : `Hint (${n} of ${step.hints.length} shown)`;
    hintButton.disabled = n >= step.hints.length;
  };
  const shown = p.hints[step.id] ?? 0;
  for (let i = 0; i < shown; i++) hints.append(hintItem(step.hints[i]!, ctx.state.open?.session.sim));
  setHintLabel();
  return { hintButton, hints };
}

/** "Show me": plays the step's reference commands on the live cluster from now. */
function showMeButton(ctx: PlayerContext, p: LessonProgress, r: LessonRun): HTMLButtonElement {
  return button('Show me', 'showme', () => {
    const o = ctx.state.open;
    if (!o) return;
    r.showMe(o.session.t);
    if (!p.shown.includes(r.step.id)) p.shown.push(r.step.id);
    if (ctx.state.view) ctx.state.view.logKey = '';
    ctx.deps.play?.();
    ctx.update();
  });
}

/** The notice shown when another scenario replaced the lesson's cluster. */
function lostNotice(ctx: PlayerContext): HTMLElement {
  const lostBox = el('div', 'lesson-lost');
  lostBox.hidden = true;
  lostBox.append(el('p', '', 'This lesson\'s cluster is no longer on screen (another scenario was opened).'),
    button('Reopen the lesson\'s cluster', 'primary', () => { const o = ctx.state.open; if (o) ctx.open(o.lesson.id); }));
  return lostBox;
}

/** Draws the current step: narration, predictions, goals, hints, "Show me", quizzes. */
function renderStep(ctx: PlayerContext): void {
  const o = ctx.state.open;
  if (!o) return;
  const { lesson: l, run: r } = o;
  const p = progressOf(ctx.store, l.id);
  const step = r.step;
  const intro = el('details', 'lesson-intro');
  intro.open = r.stepIndex === 0 && r.completed.size === 0;
  intro.append(el('summary', '', 'About this lesson'), md('div', l.intro));
  const art = el('article', 'lesson-step');
  art.dataset.step = step.id;
  const title = el('h3', 'step-title', step.title);
  title.tabIndex = -1;
  const answer = (qid: string, choice: string) => {
    p.answers[qid] = choice;
    ctx.save(true);
    if (ctx.state.view?.completeShown) renderDone(ctx);
  };
  // The prediction comes before the narration, which often gives its answer away.
  art.append(title);
  for (const q of (step.questions ?? []).filter((x) => x.kind === 'predict')) art.append(questionView(q, p.answers[q.id], (c) => answer(q.id, c)));
  art.append(md('div', step.body));
  const goalBox = el('section', 'goals');
  goalBox.setAttribute('aria-label', 'Goals');
  goalBox.append(el('h4', '', 'Goals'));
  const goals = new GoalList(step.goals);
  goalBox.append(goals.element);
  art.append(goalBox);
  const deadEnd = new DeadEndBox(() => backToStepStart(ctx));
  art.append(deadEnd.element);
  const { hintButton, hints } = hintsPart(ctx, p, step);
  const actions = el('div', 'step-actions');
  actions.append(hintButton, showMeButton(ctx, p, r));
  art.append(actions, hints);
  const showLog = el('section', 'showme');
  showLog.setAttribute('aria-label', 'Show me');
  showLog.hidden = true;
  art.append(showLog);
  for (const q of (step.questions ?? []).filter((x) => x.kind === 'quiz')) art.append(questionView(q, p.answers[q.id], (c) => answer(q.id, c)));
  const doneBox = el('section', 'step-done');
  doneBox.hidden = true;
  doneBox.setAttribute('aria-live', 'polite');
  art.append(doneBox);
  const lostBox = lostNotice(ctx);
  ctx.state.view = { goals, showLog, doneBox, lostBox, deadEnd, deadEndKey: '', completeShown: false, logKey: '' };
  ctx.state.lastStatus = null;
  ctx.body.replaceChildren(lessonHeader(ctx, l, r), intro, lostBox, art);
}

/** "Step complete": why it worked, then the next step, or the lesson's end. */
function renderDone(ctx: PlayerContext): void {
  const o = ctx.state.open;
  const doneBox = ctx.state.view?.doneBox;
  if (!o || !doneBox) return;
  const { lesson, run: r, session } = o;
  const last = r.stepIndex === lesson.steps.length - 1;
  doneBox.replaceChildren(el('p', 'step-done-title', '✓ Step complete'));
  const why = r.reveal(session);
  if (why) doneBox.append(md('div', why, 'md reveal'));
  const open = (r.step.questions ?? []).filter((q) => !progressOf(ctx.store, lesson.id).answers[q.id]);
  if (open.length) {
    // A step goes on once its questions are answered too: the goals alone do not show understanding.
    doneBox.append(el('p', 'questions-due', `The goals are met. Answer ${open.length === 1 ? 'the question' : `the ${open.length} questions`} of this step to go on.`));
    doneBox.hidden = false;
    return;
  }
  if (!last) {
    doneBox.append(button('Next step →', 'primary next', () => {
      const now = ctx.state.open;
      if (!now) return;
      now.run.next(now.session.t);
      ctx.save(true);
      renderStep(ctx);
      ctx.update();
      (ctx.body.querySelector('.step-title') as HTMLElement | null)?.focus();
    }));
  } else {
    const p = progressOf(ctx.store, lesson.id);
    p.finished = true;
    ctx.save(true);
    doneBox.append(el('h3', 'lesson-finished', `Lesson ${lesson.number} finished`), md('div', lesson.outro, 'md outro'),
      button('Back to all lessons', 'primary', () => ctx.showList()));
  }
  doneBox.hidden = false;
}

/** Redraws the "Show me" log when a command was sent or answered. */
function updateShowMeLog(view: StepView, run: LessonRun): void {
  if (!run.queue.length) return;
  const key = run.queue.map((d) => (d.result === null ? 'w' : d.result.ok ? 's' : 'r')).join('');
  if (key === view.logKey) return;
  view.logKey = key;
  view.showLog.hidden = false;
  view.showLog.replaceChildren(el('h4', '', 'Show me'), showMeLog(run.queue));
}

/** Sends due "Show me" commands, re-checks the goals, and marks the step done once it is. */
function updateStep(ctx: PlayerContext): void {
  const o = ctx.state.open;
  const view = ctx.state.view;
  if (!o || !view) return;
  const { lesson, run, session } = o;
  if (ctx.deps.session() !== session) {
    view.lostBox.hidden = false;
    return;
  }
  view.lostBox.hidden = true;
  run.pump(session, ctx.deps.act);
  const status = run.evaluate(session);
  ctx.state.lastStatus = status;
  view.goals.update(status.goals);
  updateShowMeLog(view, run);
  checkDeadEnd(view, run, session, status.complete);
  if (run.completed.has(run.step.id) && !view.completeShown) {
    view.completeShown = true;
    renderDone(ctx);
    ctx.deps.notify?.(`Step ${run.stepIndex + 1} of lesson ${lesson.number} complete.`);
  }
  ctx.save();
}

/** Looks for a dead end when the learner acted or an invariant broke (not on every publish). */
function checkDeadEnd(view: StepView, run: LessonRun, s: PlayerSession, complete: boolean): void {
  const broken = run.brokenInvariants();
  const key = `${complete}|${s.actions.length}|${broken.length}|${run.stepStart}`;
  if (key === view.deadEndKey) return;
  view.deadEndKey = key;
  view.deadEnd.update(complete ? null : findDeadEnd(run.step, run.view(s), broken));
}

/** Reopens the lesson's cluster as it was when the current step began, with the actions before it. */
function backToStepStart(ctx: PlayerContext): void {
  const o = ctx.state.open;
  if (!o) return;
  const { lesson, run: r, session, earlier } = o;
  const p = progressOf(ctx.store, lesson.id);
  const actions = [...(earlier?.actions ?? []), ...session.actions.filter((a) => a.at > r.lessonStart)].filter((a) => a.at <= r.stepStart);
  p.stepIndex = r.stepIndex;
  p.completed = [...r.completed];
  p.resume = { t: r.stepStart, stepStart: r.stepStart, actions };
  ctx.state.open = null;
  ctx.store.save();
  if (ctx.open(lesson.id)) ctx.deps.notify?.(`Back to the start of step ${r.stepIndex + 1}.`);
}

/** The player's frame: the message line above the list or the lesson. */
function playerFrame(host: HTMLElement): { root: HTMLElement; messages: HTMLElement; body: HTMLElement } {
  const root = el('section', 'lessons');
  root.setAttribute('aria-label', 'Lessons');
  const messages = el('div', 'lessons-messages');
  messages.setAttribute('role', 'status');
  messages.setAttribute('aria-live', 'polite');
  const body = el('div', 'lessons-body');
  root.append(messages, body);
  host.replaceChildren(root);
  return { root, messages, body };
}

export function mountLessonPlayer(host: HTMLElement, deps: LessonPlayerDeps): LessonPlayer {
  const lessons = deps.lessons ?? LESSONS;
  const store = new ProgressStore(deps.storage === undefined ? browserStorage() : deps.storage, lessons);
  const { root, messages, body } = playerFrame(host);
  const { say, renderKept } = mountMessages(messages, store);
  const state: PlayerContext['state'] = { open: null, view: null, lastStatus: null };
  let updating = false;
  const ctx: PlayerContext = {
    deps, lessons, store, body, state, say,
    save: progressSaver({ store, state, say }),
    open: (id, opts) => openLesson(ctx, id, opts),
    showList: () => showList(ctx),
    update: () => {
      // Sending a "Show me" command publishes, and a publish calls update: never re-enter.
      if (updating) return;
      updating = true;
      try {
        updateStep(ctx);
      } finally {
        updating = false;
      }
    },
  };
  const loaded = store.load();
  if (loaded.length) say(loaded, store.kept.length ? 'warn' : 'info');
  else renderKept();
  ctx.showList();
  return {
    update: ctx.update,
    open: (id, opts) => ctx.open(id, opts),
    showList: ctx.showList,
    element: root,
    get status() { return state.lastStatus; },
  } as LessonPlayer;
}
