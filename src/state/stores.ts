/**
 * UI state in small zustand vanilla stores, split by how often they change:
 * - `clock`: play/pause and speed (changes on user input);
 * - `view`: the latest snapshot (changes every simulated step; read with getState/subscribe).
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
  /** Fraction of the next step already elapsed (for tweening). */
  alpha: number;
  recentEvents: SimEvent[];
}

export const createViewStore = () => createStore<ViewState>()(() => ({ snapshot: null, alpha: 0, recentEvents: [] }));

export type ClockStore = ReturnType<typeof createClockStore>;
export type ViewStore = ReturnType<typeof createViewStore>;
