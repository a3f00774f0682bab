/** The default scenario's first frame, computed at build time (vite.config.ts, src/cli/first-frame.ts). */
declare module 'virtual:first-frame' {
  /** The frame as src/app/first-view/codec.ts writes it. */
  const text: string;
  export default text;
}
