import { escapeHtml } from './escape';

/** Where the page loads its parts from: webview URIs in VS Code, a local server in the browser test. */
export interface ReportPageSources {
  /** The webview's own origin (`webview.cspSource`): the only place anything may come from. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  katexStyleUri: string;
}

/** A fresh nonce per page: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Only our script (by nonce) runs; styles, fonts and images come from the webview's own origin;
 * no inline style, no eval, nothing remote, no frames, no forms. KaTeX's inline sizes are set
 * through the CSSOM by the script, which the policy allows, so `'unsafe-inline'` is not needed.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
  ].join('; ');
}

export function reportPageHtml(sources: ReportPageSources): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(sources.cspSource, sources.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(sources.katexStyleUri)}">
<link rel="stylesheet" href="${attr(sources.styleUri)}">
<title>gradcheck report</title>
</head>
<body>
<main id="root"><p class="note placeholder">Waiting for the report…</p></main>
<script nonce="${attr(sources.nonce)}" src="${attr(sources.scriptUri)}"></script>
</body>
</html>
`;
}
