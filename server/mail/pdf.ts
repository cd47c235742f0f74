import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { AppError } from '../platform/http/app-error.js';

/**
 * HTML → PDF with headless Chromium (playwright-core driving the system's Chromium, as the browser tests do): the print
 * form keeps the web's layout and CSS, and CJK text uses the system's fonts (fonts-noto-cjk), embedded as subsets.
 * One browser per document: mail with a PDF is rare next to the cost of keeping a browser running.
 */
const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export async function htmlToPdf(html: string): Promise<Buffer> {
  const executablePath = candidates.find((p) => fs.existsSync(p));
  if (!executablePath) throw new AppError('MAIL_PDF_UNAVAILABLE');
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    // nothing outside the document: no network while rendering
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }));
  } finally {
    await browser.close();
  }
}
