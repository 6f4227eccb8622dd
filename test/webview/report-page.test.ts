import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentSecurityPolicy, newNonce, reportPageHtml } from '../../src/webview/report-page';

const sources = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2UtZm9yLXRlc3Q=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/media/report.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/report.css',
  katexStyleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/out/media/katex/katex.min.css',
};

describe('report page', () => {
  const html = reportPageHtml(sources);
  const attribute = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const csp = attribute.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

  test('the CSP names the nonce, and the only script carries it', () => {
    assert.match(csp, /script-src 'nonce-bm9uY2UtZm9yLXRlc3Q='/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${sources.nonce}" src="${sources.scriptUri}">`]);
  });

  test('nothing inline, nothing evaluated, nothing remote beyond the webview origin', () => {
    assert.match(csp, /^default-src 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:(?!\/\/file\+\.vscode-resource)/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /font-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.doesNotMatch(html, /<style|style="/);
  });

  test('stylesheets: KaTeX first, ours after it so ours wins', () => {
    const links = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(links, [sources.katexStyleUri, sources.styleUri]);
  });

  test('URIs are escaped into their attributes', () => {
    const page = reportPageHtml({ ...sources, scriptUri: 'x"><script>alert(1)</script>' });
    assert.doesNotMatch(page, /<script>alert/);
    assert.equal(contentSecurityPolicy('a" onload="b', 'n').includes('"'), true);
    assert.doesNotMatch(reportPageHtml({ ...sources, cspSource: 'a" onload="b' }), /" onload="/);
  });

  test('a fresh nonce each time: 128 bits, base64', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
  });
});
