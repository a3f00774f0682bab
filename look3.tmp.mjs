import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const [w,h] = (process.argv[3] ?? '1024x768').split('x').map(Number);
const p = await b.newPage({ viewport: { width: w, height: h } });
await p.goto(process.argv[2]); await p.waitForSelector('body[data-lessons=ready]', { timeout: 30000 }); await p.waitForTimeout(4000);
console.log(await p.evaluate(() => {
  const q = (s) => { const e = document.querySelector(s); const r = e.getBoundingClientRect(); const cs = getComputedStyle(e); return `${s}: ${Math.round(r.width)}x${Math.round(r.height)} at ${Math.round(r.left)},${Math.round(r.top)} h=${cs.height} ov=${cs.overflow} pos=${cs.position}`; };
  return ['html', 'body', 'main.layout', '.lessons-column', '.stage', '.panel', '.panes', '.topbar'].map(q).join('\n') + '\n' + [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > innerWidth + 2 && e.getBoundingClientRect().width > 0).slice(0, 8).map((e) => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().width)}`).join('\n');
}));
await b.close();
