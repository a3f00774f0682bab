/**
 * UI state in small zustand vanilla stores, split by how often they change:
 * - `clock`: play/pause and speed (changes on user input);
 * - `view`: the latest snapshot (changes every simulated step; read with getState/subscribe);
 * - `timeline`: where the session is on its own time line (position, furthest point, recorded future);
 * - `ui`: selection, the open panel tab, theme, presenter and compare modes, the scenario problem shown.
 */
import { createStore } from 'zustand/vanilla';
import type { Snapshot } from '../sim/snapshot';
import type { SimEvent } from '../sim/events';

/** Speeds offered by the control, on a logarithmic scale. */
export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

export interface ClockState {
  playing: boolean;
  speedIndex: number;
  setPlaying(p: boolean): void;
  setSpeedIndex(i: number): void;
}

export const createClockStore = () => createStore<ClockState>()((set) => ({
  playing: true,
  speedIndex: 4,
  setPlaying: (playing) => set({ playing }),
  setSpeedIndex: (i) => set({ speedIndex: Math.max(0, Math.min(SPEEDS.length - 1, Math.round(i))) }),
}));

export interface ViewState {
  snapshot: Snapshot | null;
  /** The second configuration's snapshot while comparing, else null. */
  compareSnapshot: Snapshot | null;
  /** Fraction of the next step already elapsed (for tweening). */
  alpha: number;
  recentEvents: SimEvent[];
  /** Bumped whenever the session is rebuilt (a rewind, a new scenario): readers drop caches. */
  generation: number;
}

export const createViewStore = () => createStore<ViewState>()(() => ({
  snapshot: null, compareSnapshot: null, alpha: 0, recentEvents: [], generation: 0,
}));

export interface TimelineState {
  /** Simulated seconds now. */
  t: number;
  /** The furthest second this session has reached: the scrubber's end. */
  maxT: number;
  /** Recorded actions later than `t`: playing on replays them; acting now forks a new future. */
  futureActions: number;
  /** Actions recorded in the session so far. */
  recordedActions: number;
}

export const createTimelineStore = () => createStore<TimelineState>()(() => ({ t: 0, maxT: 0, futureActions: 0, recordedActions: 0 }));

/** What the inspector describes. `side` is B for the second configuration while comparing. */
export interface Selection { kind: 'task' | 'service' | 'instance' | 'targetGroup' | 'loadBalancer' | 'appRunner' | 'namespace'; id: string; side?: 'A' | 'B' }

export type PanelTab = 'cluster' | 'console' | 'inspect' | 'charts';
export type ThemeChoice = 'system' | 'dark' | 'light';

/** A scenario or link that could not be opened: the field, the value and what is accepted. */
export interface Problem {
  title: string;
  message: string;
  field?: string;
  value?: string;
  accepted?: string;
}

export interface UiState {
  selection: Selection | null;
  tab: PanelTab;
  theme: ThemeChoice;
  presenter: boolean;
  comparing: boolean;
  problem: Problem | null;
  /** A short confirmation ("Link copied", "Rewound to 00:01:00"), announced politely. */
  notice: string;
  select(s: Selection | null): void;
  setTab(t: PanelTab): void;
  setTheme(t: ThemeChoice): void;
  setPresenter(p: boolean): void;
  setProblem(p: Problem | null): void;
  say(notice: string): void;
}

export const createUiStore = (theme: ThemeChoice = 'system') => createStore<UiState>()((set) => ({
  selection: null,
  tab: 'cluster',
  theme,
  presenter: false,
  comparing: false,
  problem: null,
  notice: '',
  select: (selection) => set(selection ? { selection, tab: 'inspect' } : { selection }),
  setTab: (tab) => set({ tab }),
  setTheme: (t) => set({ theme: t }),
  setPresenter: (presenter) => set({ presenter }),
  setProblem: (problem) => set({ problem }),
  say: (notice) => set({ notice }),
}));

export type ClockStore = ReturnType<typeof createClockStore>;
export type ViewStore = ReturnType<typeof createViewStore>;
export type TimelineStore = ReturnType<typeof createTimelineStore>;
export type UiStore = ReturnType<typeof createUiStore>;
