import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ viewport: { width: 1024, height: 768 } });
await p.goto(process.argv[2]); await p.waitForSelector('body[data-lessons=ready]', { timeout: 30000 }); await p.waitForTimeout(3000);
console.log(await p.evaluate(() => `sh=${document.documentElement.scrollHeight}\n` + [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().bottom > innerHeight + 2 && e.getBoundingClientRect().height > 0 && !e.closest('.lessons-column, .panel')).slice(0, 12).map((e) => `${e.tagName}.${e.className}#${e.id} ${Math.round(e.getBoundingClientRect().top)}-${Math.round(e.getBoundingClientRect().bottom)} ${getComputedStyle(e).position}`).join('\n')));
await b.close();
