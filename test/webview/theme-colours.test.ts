import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from './reports';

// A colour written as a value; `transparent` and `currentColor` follow the theme and are allowed.
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|(?<![\w-])(white|black|red|green|blue|gray|grey|yellow|orange|purple|silver|navy)(?![\w-])/i;

for (const sheet of ['media/report.css', 'media/preview-badges.css']) {
  test(`${sheet} takes every colour from a --vscode-* variable`, () => {
    const css = readFileSync(join(REPO, sheet), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const declarations = [...css.matchAll(/([\w-]+)\s*:\s*([^;{}]+)/g)].map((m) => `${m[1]}: ${m[2].trim()}`);
    assert.ok(declarations.length > 10);
    assert.deepEqual(declarations.filter((d) => COLOUR_LITERAL.test(d.slice(d.indexOf(':') + 1))), []);
    for (const use of css.matchAll(/var\((--[\w-]+)/g)) assert.match(use[1], /^--vscode-/);
  });
}
