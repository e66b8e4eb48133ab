// The live status page at `/` of the status endpoint: HTML, stylesheet and script served by srsync itself (no CDN,
// no network). They hold no data (the script reads GET /status with the token), so they are served without it.
import { PAGE_HTML } from './html.js';
import { PAGE_SCRIPT } from './script.js';
import { PAGE_CSS } from './style.js';

export interface PageAsset {
  contentType: string;
  body: string;
}

/** Path → asset. */
export const PAGE_ASSETS: ReadonlyMap<string, PageAsset> = new Map([
  ['/', { contentType: 'text/html; charset=utf-8', body: PAGE_HTML }],
  ['/index.html', { contentType: 'text/html; charset=utf-8', body: PAGE_HTML }],
  ['/page.css', { contentType: 'text/css; charset=utf-8', body: PAGE_CSS }],
  ['/page.js', { contentType: 'text/javascript; charset=utf-8', body: PAGE_SCRIPT }],
]);

/** Only srsync's own script and stylesheet, only GET /status, no framing, no referrer. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
