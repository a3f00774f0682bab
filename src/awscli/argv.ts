/**
 * Splits a command line into words the way a POSIX shell does for the cases people type:
 * whitespace separates words; single quotes keep everything literally; double quotes keep
 * everything but `\"`, `\\` and `\$`; a backslash outside quotes escapes the next character, and
 * a backslash before a line break continues the line.
 *
 * @example
 * words(`aws ecs update-service --service web --cli-input-json '{"desiredCount": 3}'`)
 * // → { ok: true, words: ['aws', 'ecs', 'update-service', '--service', 'web', '--cli-input-json', '{"desiredCount": 3}'] }
 */
export type Words = { ok: true; words: string[] } | { ok: false; message: string };

export function words(line: string): Words {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined) { cur += c; inWord = true; continue; }
      i++;
      if (next === '\n') continue;
      cur += next;
      inWord = true;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: 'The command has an opening single quote (\') without its closing quote.' };
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\' || line[j + 1] === '$')) j++;
        cur += line[j];
      }
      if (j >= line.length) return { ok: false, message: 'The command has an opening double quote (") without its closing quote.' };
      i = j;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return { ok: true, words: out };
}
