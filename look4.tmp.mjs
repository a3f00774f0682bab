import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--use-angle=swiftshader','--enable-unsafe-swiftshader'] });
for (const s of ['1440x900','1024x768']) {
  const [w,h] = s.split('x').map(Number);
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto(process.argv[2]); await p.waitForSelector('body[data-lessons=ready]', { timeout: 30000 });
  await p.click('#presenter-toggle'); await p.waitForTimeout(3000);
  const r = await p.evaluate(() => { const c = document.querySelector('.canvas-host').getBoundingClientRect(); return { canvas: [c.width, c.height], sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight }; });
  console.log(s, JSON.stringify(r));
  await p.screenshot({ path: `test-results/look/present-${s}.png` });
}
await b.close();
