/**
 * The course as data: eleven lessons in order, each valid (ids, goals, hints, questions with one
 * right answer, citations of real reference sections), each scenario accepted by the engine, and
 * lesson Markdown turned into HTML that cannot run script or link anywhere but http(s).
 */
import { describe, expect, it } from 'vitest';
import { LESSONS, lessonById } from '../../lessons/index';
import { validateLesson, lessonTexts } from '../../lessons/validate';
import { SECTIONS, citations, referenceHeadings } from '../../lessons/sections';
import { parseScenarioObject } from '../../src/sim/scenario/parse';
import { isSafeUrl, markdownToHtml } from '../../src/ui/lessons/markdown';

describe('the course', () => {
  it('has the eleven lessons of the issue, numbered in order, with unique ids', () => {
    expect(LESSONS.map((l) => l.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(LESSONS.map((l) => l.id)).toEqual(['building-blocks', 'ec2-vs-fargate', 'placement', 'services-heal', 'rolling-update',
      'blue-green-codedeploy', 'canary-linear', 'scaling', 'service-discovery', 'apprunner-to-ecs', 'interview-drill']);
    expect(lessonById('placement')?.title).toBe('Task placement');
    expect(lessonById('nope')).toBeUndefined();
  });

  for (const lesson of LESSONS) {
    it(`lesson ${lesson.number} (${lesson.id}) is valid data with a scenario the engine accepts`, () => {
      expect(validateLesson(lesson)).toEqual([]);
      const parsed = parseScenarioObject(structuredClone(lesson.scenario));
      expect(parsed.ok ? null : parsed.error.message).toBeNull();
      // Every step teaches with at least one prediction or check across the lesson.
      expect(lesson.steps.flatMap((s) => s.questions ?? []).length).toBeGreaterThan(0);
    });
  }

  it('every citation names a section of the behaviour reference', () => {
    const cited = new Set(LESSONS.flatMap((l) => lessonTexts(l).flatMap((t) => citations(t.text))));
    expect(cited.size).toBeGreaterThan(20);
    for (const c of cited) expect(SECTIONS[c], `§${c}`).toBeDefined();
  });

  it('validation catches the mistakes it exists for', () => {
    const base = LESSONS[0]!;
    const broken = {
      ...base,
      intro: 'See §42.',
      steps: [{ ...base.steps[0]!, goals: [], hints: [], questions: [{ id: 'q', kind: 'quiz' as const, prompt: 'p', choices: [{ id: 'a', text: 'a' }, { id: 'a', text: 'b' }], explanation: '' }] },
        { ...base.steps[0]! }],
      withheld: { mechanic: 'm', step: 'nope', goal: 'x' },
    };
    const problems = validateLesson(broken).join('\n');
    for (const p of ['has no goals', 'has no hints', 'has 0 right answers', 'repeats a choice id', 'has no explanation', 'is used twice', 'withheld names step nope', 'changes neither', 'cites §42']) {
      expect(problems).toContain(p);
    }
  });

  it('reads section headings the way the reference writes them', () => {
    const h = referenceHeadings('## 3. Rolling update (`ECS`)\n### 3.1 Parameters and rounding\n### 10.2 Not here\ntext');
    expect([...h.entries()]).toEqual([['3', 'Rolling update (`ECS`)'], ['3.1', 'Parameters and rounding'], ['10.2', 'Not here']]);
  });
});

describe('lesson Markdown', () => {
  it('turns citations into titled abbreviations and keeps unknown ones plain', () => {
    const html = markdownToHtml('Bounds (§3.1) and (§77).');
    expect(html).toContain('<abbr class="cite" title="Reference §3.1: Rolling update parameters and rounding">§3.1</abbr>');
    expect(html).toContain('<span class="cite">§77</span>');
  });

  it('shows raw HTML as text and drops unsafe link targets', () => {
    const html = markdownToHtml('<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](data:text/html,x) [c](https://docs.aws.amazon.com/) [d](./local) ![e](javascript:x)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/href="(javascript|data):/);
    expect(html).toContain('<a href="https://docs.aws.amazon.com/" target="_blank" rel="noopener noreferrer">c</a>');
    expect(html).toContain('<a href="./local">d</a>');
    expect(html).not.toContain('<img');
  });

  it('accepts only http(s) and relative URLs', () => {
    for (const ok of ['https://aws.amazon.com', 'http://x.org/a', './a', '../b', '/c', '#d', 'page.html']) expect(isSafeUrl(ok), ok).toBe(true);
    for (const bad of ['javascript:alert(1)', ' JavaScript:x', 'data:text/html,x', 'mailto:a@b.c', 'vbscript:x', 'file:///etc/passwd']) expect(isSafeUrl(bad), bad).toBe(false);
  });

  it('renders every text of every lesson without leaving Markdown syntax behind', () => {
    for (const lesson of LESSONS) {
      for (const { where, text } of lessonTexts(lesson)) {
        const html = markdownToHtml(text);
        expect(html, `${lesson.id} ${where}`).not.toMatch(/\*\*|(?<!\\)`/);
      }
    }
  });
});
