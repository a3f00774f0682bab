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
import type { Lesson } from '../../../lessons/types';
import type { SessionLike } from '../../../lessons/view';
import { LESSONS } from '../../../lessons/index';
import { LessonRun, type StepStatus } from '../../../lessons/runtime';
import { emptyLessonProgress, progressText, type LessonProgress } from './progress';
import { ProgressStore, browserStorage, type StorageLike } from './storage';
import { GoalList, button, el, lessonList, md, questionView, showMeLog, stepDots } from './views';
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

const hintItem = (text: string) => {
  const li = el('li', 'hint');
  li.append(md('div', text));
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

export function mountLessonPlayer(host: HTMLElement, deps: LessonPlayerDeps): LessonPlayer {
  const lessons = deps.lessons ?? LESSONS;
  const store = new ProgressStore(deps.storage === undefined ? browserStorage() : deps.storage, lessons);
  const root = el('section', 'lessons');
  root.setAttribute('aria-label', 'Lessons');
  const messages = el('div', 'lessons-messages');
  messages.setAttribute('role', 'status');
  messages.setAttribute('aria-live', 'polite');
  const body = el('div', 'lessons-body');
  root.append(messages, body);
  host.replaceChildren(root);

  let lesson: Lesson | null = null;
  let run: LessonRun | null = null;
  let session: PlayerSession | null = null;
  let earlier: LessonProgress['resume'] = null;
  let goals: GoalList | null = null;
  let showLog: HTMLElement | null = null;
  let doneBox: HTMLElement | null = null;
  let lostBox: HTMLElement | null = null;
  let deadEnd: DeadEndBox | null = null;
  let deadEndKey = '';
  let lastStatus: StepStatus | null = null;
  let completeShown = false;
  let saveKey = '';
  let lastSaveAt = 0;
  let logKey = '';

  const say = (lines: string[], kind: 'info' | 'warn' = 'info') => {
    for (const text of lines) {
      const p = el('p', `lessons-message ${kind}`, text);
      p.append(button('Dismiss', 'link', () => p.remove()));
      messages.append(p);
    }
    renderKept();
  };

  function renderKept(): void {
    messages.querySelector('.lessons-kept')?.remove();
    const k = store.kept;
    if (!k) return;
    const box = el('div', 'lessons-kept');
    const details = el('details');
    details.append(el('summary', '', 'Kept copy of earlier lesson progress'), el('p', 'small', k.reason));
    box.append(details,
      button('Download the kept copy', '', () => download(k.text, 'ecs-lab-progress-kept.json')),
      button('Forget it', 'link', () => { store.dropKept(); renderKept(); }));
    messages.append(box);
  }

  const progressOf = (id: string): LessonProgress => (store.doc.lessons[id] ??= emptyLessonProgress());

  function save(force = false): void {
    if (!lesson || !run || !session) return;
    const p = progressOf(lesson.id);
    p.stepIndex = run.stepIndex;
    p.completed = [...run.completed];
    p.finished = run.finished;
    const actions = [...(earlier?.actions ?? []), ...session.actions.filter((a) => a.at > run!.lessonStart)];
    p.resume = { t: session.t, stepStart: run.stepStart, actions };
    store.doc.current = lesson.id;
    const key = `${run.stepIndex}|${p.completed.length}|${actions.length}|${Object.keys(p.answers).length}`;
    const now = performance.now();
    if (!force && key === saveKey && now - lastSaveAt < 5000) return;
    saveKey = key;
    lastSaveAt = now;
    const err = store.save();
    if (err) say([err], 'warn');
  }

  function showList(): void {
    if (lesson) save(true);
    lesson = null;
    run = null;
    goals = null;
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
      void f.text().then((text) => {
        const r = store.importText(text, f.name);
        say(r.messages, r.ok ? 'info' : 'warn');
        if (r.ok) showList();
      });
      file.value = '';
    });
    tools.append(
      button('Export progress', '', () => { download(progressText(store.doc), 'ecs-lab-progress.json'); deps.notify?.('Lesson progress exported.'); }),
      button('Import progress', '', () => file.click()),
      file,
    );
    head.append(tools);
    const intro = md('div', 'Each lesson runs on a live cluster. Its goals check your work as the simulation runs; **Show me** plays the reference solution. Facts cite the behaviour reference (§ numbers); modelled figures say so.', 'md lessons-intro');
    body.replaceChildren(head, intro, lessonList(lessons, store.doc, (id, restart) => { open(id, { restart }); }));
  }

  function scenarioWith(l: Lesson, resume: LessonProgress['resume']): Record<string, unknown> {
    const doc = structuredClone(l.scenario);
    if (resume?.actions.length) doc.actions = [...((doc.actions as unknown[]) ?? []), ...structuredClone(resume.actions)];
    return doc;
  }

  function open(id: string, opts: { restart?: boolean } = {}): boolean {
    const l = lessons.find((x) => x.id === id);
    if (!l) { say([`There is no lesson "${id}".`], 'warn'); return false; }
    if (lesson) save(true);
    let p = progressOf(l.id);
    if (opts.restart) { store.doc.lessons[l.id] = emptyLessonProgress(); p = progressOf(l.id); }
    const start = l.startAt ?? 0;
    let resume = p.resume;
    let err = deps.openScenario(scenarioWith(l, resume), { t: resume ? Math.max(start, resume.t) : start, name: `Lesson ${l.number}: ${l.title}` });
    if (err && resume) {
      say([`Lesson ${l.number} could not resume where you were (${err}); its step starts again from the lesson's starting cluster.`], 'warn');
      resume = null;
      p.resume = null;
      err = deps.openScenario(scenarioWith(l, null), { t: start, name: `Lesson ${l.number}: ${l.title}` });
    }
    if (err) { say([`Lesson ${l.number} could not open its cluster: ${err}`], 'warn'); return false; }
    const s = deps.session();
    if (!s) { say([`Lesson ${l.number} could not open its cluster.`], 'warn'); return false; }
    lesson = l;
    session = s;
    earlier = resume;
    run = new LessonRun(l, { stepIndex: p.stepIndex, lessonStart: start, stepStart: resume ? resume.stepStart : s.t, completed: p.completed, earlierActions: resume?.actions ?? [] });
    if (!resume) run.startStep(run.stepIndex, s.t);
    store.doc.current = l.id;
    save(true);
    renderLesson();
    update();
    deps.notify?.(`Lesson ${l.number}: ${l.title}, step ${run.stepIndex + 1} of ${l.steps.length}.`);
    return true;
  }

  function renderLesson(): void {
    if (!lesson || !run) return;
    const l = lesson;
    const r = run;
    const p = progressOf(l.id);
    const step = r.step;
    const head = el('header', 'lesson-head');
    head.append(button('← All lessons', 'link back', () => showList()), el('h2', 'lesson-title', `${l.number}. ${l.title}`),
      el('p', 'lesson-progress', `Step ${r.stepIndex + 1} of ${l.steps.length}: ${step.title}`), stepDots(l, r.stepIndex, r.completed));
    const intro = el('details', 'lesson-intro');
    intro.open = r.stepIndex === 0 && r.completed.size === 0;
    intro.append(el('summary', '', 'About this lesson'), md('div', l.intro));
    const art = el('article', 'lesson-step');
    art.dataset.step = step.id;
    const title = el('h3', 'step-title', step.title);
    title.tabIndex = -1;
    const answer = (qid: string, choice: string) => {
      p.answers[qid] = choice;
      save(true);
      if (completeShown) renderDone();
    };
    // The prediction comes before the narration, which often gives its answer away.
    art.append(title);
    for (const q of (step.questions ?? []).filter((x) => x.kind === 'predict')) art.append(questionView(q, p.answers[q.id], (c) => answer(q.id, c)));
    art.append(md('div', step.body));
    const goalBox = el('section', 'goals');
    goalBox.setAttribute('aria-label', 'Goals');
    goalBox.append(el('h4', '', 'Goals'));
    goals = new GoalList(step.goals);
    goalBox.append(goals.element);
    art.append(goalBox);
    deadEnd = new DeadEndBox(backToStepStart);
    deadEndKey = '';
    art.append(deadEnd.element);
    const hints = el('ol', 'hints');
    const shown = p.hints[step.id] ?? 0;
    const hintButton = button('', 'hint-button', () => {
      const n = Math.min(step.hints.length, (p.hints[step.id] ?? 0) + 1);
      p.hints[step.id] = n;
      hints.append(hintItem(step.hints[n - 1]!));
      setHintLabel();
      save(true);
    });
    const setHintLabel = () => {
      const n = p.hints[step.id] ?? 0;
      hintButton.textContent = n >= step.hints.length ? 'No more hints' : `Hint (${n} of ${step.hints.length} shown)`;
      hintButton.disabled = n >= step.hints.length;
    };
    for (let i = 0; i < shown; i++) hints.append(hintItem(step.hints[i]!));
    setHintLabel();
    const showMe = button('Show me', 'showme', () => {
      if (!session) return;
      r.showMe(session.t);
      if (!p.shown.includes(step.id)) p.shown.push(step.id);
      logKey = '';
      deps.play?.();
      update();
    });
    const actions = el('div', 'step-actions');
    actions.append(hintButton, showMe);
    art.append(actions, hints);
    showLog = el('section', 'showme');
    showLog.setAttribute('aria-label', 'Show me');
    showLog.hidden = true;
    art.append(showLog);
    for (const q of (step.questions ?? []).filter((x) => x.kind === 'quiz')) art.append(questionView(q, p.answers[q.id], (c) => answer(q.id, c)));
    doneBox = el('section', 'step-done');
    doneBox.hidden = true;
    doneBox.setAttribute('aria-live', 'polite');
    art.append(doneBox);
    lostBox = el('div', 'lesson-lost');
    lostBox.hidden = true;
    lostBox.append(el('p', '', 'This lesson\'s cluster is no longer on screen (another scenario was opened).'),
      button('Reopen the lesson\'s cluster', 'primary', () => { if (lesson) open(lesson.id); }));
    completeShown = false;
    lastStatus = null;
    logKey = '';
    body.replaceChildren(head, intro, lostBox, art);
  }

  function renderDone(): void {
    if (!lesson || !run || !doneBox || !session) return;
    const r = run;
    const last = r.stepIndex === lesson.steps.length - 1;
    doneBox.replaceChildren(el('p', 'step-done-title', '✓ Step complete'));
    const why = r.reveal(session);
    if (why) doneBox.append(md('div', why, 'md reveal'));
    const open = unansweredQuestions(lesson.steps[r.stepIndex]!, progressOf(lesson.id).answers);
    if (open.length) {
      // A step counts once its questions are answered too: the goals alone do not show understanding.
      doneBox.append(el('p', 'questions-due', `The goals are met. Answer ${open.length === 1 ? 'the question' : `the ${open.length} questions`} of this step to go on.`));
      doneBox.hidden = false;
      return;
    }
    if (!last) {
      doneBox.append(button('Next step →', 'primary next', () => {
        if (!session || !run) return;
        run.next(session.t);
        save(true);
        renderLesson();
        update();
        (body.querySelector('.step-title') as HTMLElement | null)?.focus();
      }));
    } else {
      const p = progressOf(lesson.id);
      p.finished = true;
      save(true);
      doneBox.append(el('h3', 'lesson-finished', `Lesson ${lesson.number} finished`), md('div', lesson.outro, 'md outro'),
        button('Back to all lessons', 'primary', () => showList()));
    }
    doneBox.hidden = false;
  }

  const unansweredQuestions = (step: Lesson['steps'][number], answers: Record<string, string>) =>
    (step.questions ?? []).filter((q) => !answers[q.id]);

  let updating = false;
  function update(): void {
    // Sending a "Show me" command publishes, and a publish calls update: never re-enter.
    if (updating) return;
    updating = true;
    try {
      updateNow();
    } finally {
      updating = false;
    }
  }

  function updateNow(): void {
    if (!lesson || !run || !goals) return;
    const current = deps.session();
    if (current !== session) {
      if (lostBox) lostBox.hidden = false;
      return;
    }
    if (lostBox) lostBox.hidden = true;
    const s = session!;
    run.pump(s, deps.act);
    const status = run.evaluate(s);
    lastStatus = status;
    goals.update(status.goals);
    if (showLog && run.queue.length) {
      const key = run.queue.map((d) => (d.result === null ? 'w' : d.result.ok ? 's' : 'r')).join('');
      if (key !== logKey) {
        logKey = key;
        showLog.hidden = false;
        showLog.replaceChildren(el('h4', '', 'Show me'), showMeLog(run.queue));
      }
    }
    checkDeadEnd(s, status.complete);
    if (run.completed.has(run.step.id) && !completeShown) {
      completeShown = true;
      renderDone();
      deps.notify?.(`Step ${run.stepIndex + 1} of lesson ${lesson.number} complete.`);
    }
    save();
  }

  /** Looks for a dead end when the learner acted or an invariant broke (not on every publish). */
  function checkDeadEnd(s: PlayerSession, complete: boolean): void {
    if (!run || !deadEnd) return;
    const broken = run.brokenInvariants();
    const key = `${complete}|${s.actions.length}|${broken.length}|${run.stepStart}`;
    if (key === deadEndKey) return;
    deadEndKey = key;
    deadEnd.update(complete ? null : findDeadEnd(run.step, run.view(s), broken));
  }

  /** Reopens the lesson's cluster as it was when the current step began, with the actions before it. */
  function backToStepStart(): void {
    if (!lesson || !run || !session) return;
    const id = lesson.id;
    const r = run;
    const p = progressOf(id);
    const actions = [...(earlier?.actions ?? []), ...session.actions.filter((a) => a.at > r.lessonStart)].filter((a) => a.at <= r.stepStart);
    p.stepIndex = r.stepIndex;
    p.completed = [...r.completed];
    p.resume = { t: r.stepStart, stepStart: r.stepStart, actions };
    lesson = null;
    store.save();
    if (open(id)) deps.notify?.(`Back to the start of step ${r.stepIndex + 1}.`);
  }

  const loaded = store.load();
  if (loaded.length) say(loaded, store.kept ? 'warn' : 'info');
  else renderKept();
  showList();
  return {
    update,
    open: (id, opts) => open(id, opts),
    showList,
    element: root,
    get status() { return lastStatus; },
  } as LessonPlayer;
}
