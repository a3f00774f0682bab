import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--use-angle=swiftshader','--enable-unsafe-swiftshader'] });
const p = await b.newPage({ viewport: { width: 1280, height: 800 } });
await p.goto('http://127.0.0.1:5116/'); await p.waitForSelector('body[data-ready=true]');
await p.click('#tab-console');
for (const g of ['Task definitions', 'Services', 'Tasks', 'Container instances', 'Service auto scaling', 'Traffic', 'Faults']) {
  const t0 = Date.now();
  await p.locator('details.console-group summary', { hasText: g }).first().click();
  console.log(g, Date.now() - t0);
}
const t0 = Date.now();
await p.evaluate(() => 1); console.log('eval', Date.now() - t0);
const t1 = Date.now();
await p.click('#tab-cluster', { timeout: 20000 }).catch((e) => console.log('click fail', e.message.slice(0, 300)));
console.log('click', Date.now() - t1);
await b.close();
