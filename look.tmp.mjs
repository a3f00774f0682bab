import { chromium } from '@playwright/test';
const url = process.argv[2]; const out = process.argv[3];
const sizes = (process.argv[4] ?? '1440x900,1024x768,390x844').split(',');
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--use-angle=swiftshader','--enable-unsafe-swiftshader'] });
for (const s of sizes) {
  const [w, h] = s.split('x').map(Number);
  const p = await b.newPage({ viewport: { width: w, height: h } });
  await p.goto(url); if (url.includes('lesson')) await p.waitForSelector('body[data-lessons=ready]', { timeout: 30000 }); await p.waitForTimeout(2500);
  const m = await p.evaluate(() => ({ sw: document.documentElement.scrollWidth, sh: document.documentElement.scrollHeight }));
  console.log(s, JSON.stringify(m));
  await p.screenshot({ path: `${out}-${s}.png` });
  await p.close();
}
await b.close();
