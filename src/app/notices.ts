/** What the notice line says when a scenario opens (the live page, and the first view before it). */
export function openedNotice(name: string | undefined, t?: number): string {
  return `Opened ${name ?? 'the scenario'}${t ? ` at ${t} s` : ''}.`;
}
