import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * `npm run screenshots`: the documentation's screenshots (docs/screenshots/), apart from the test
 * suite, which writes only under test-results/.
 */
export default defineConfig({ ...base, testDir: 'test/docs', timeout: 90_000 });
