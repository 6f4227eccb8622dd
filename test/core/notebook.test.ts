/** Jupyter notebooks: reading nbformat 4, joining the Markdown cells, and mapping offsets back. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { checkDocument } from '../../src/core/check';
import { extractMath } from '../../src/core/source/extract';
import { type CellText, JoinedCells, markdownCells, readNotebook } from '../../src/core/source/notebook';

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'notebooks', 'two-layer.ipynb');

function notebook(cells: unknown[], extra: Record<string, unknown> = { nbformat: 4, nbformat_minor: 5 }): string {
  return JSON.stringify({ cells, metadata: {}, ...extra });
}

describe('readNotebook', () => {
  test('reads every cell in order, sources as strings or lists of lines', () => {
    const read = readNotebook(notebook([
      { cell_type: 'markdown', source: ['# Title\n', '$x$'] },
      { cell_type: 'code', source: 'print(1)', outputs: [{ output_type: 'stream', text: ['$$ L = 1 $$'] }] },
      { cell_type: 'raw', source: [] },
      { cell_type: 'markdown', source: '$$ y $$' },
    ]));
    assert.deepEqual(read, { ok: true, cells: [
      { kind: 'markdown', source: '# Title\n$x$' },
      { kind: 'code', source: 'print(1)' },
      { kind: 'raw', source: '' },
      { kind: 'markdown', source: '$$ y $$' },
    ] });
    assert.ok(read.ok);
    assert.deepEqual(markdownCells(read.cells), [{ cell: 0, text: '# Title\n$x$' }, { cell: 3, text: '$$ y $$' }]);
  });

  test('a byte-order mark and an unknown cell type are no obstacle; the unknown type is never Markdown', () => {
    const read = readNotebook(`\uFEFF${notebook([{ cell_type: 'future-kind', source: '$x$' }])}`);
    assert.deepEqual(read, { ok: true, cells: [{ kind: 'raw', source: '$x$' }] });
  });

  test('anything else is a reason, never an exception', () => {
    const reasons: Array<[string, RegExp]> = [
      ['{ "cells": [', /^not a Jupyter notebook: the JSON does not parse \(/],
      ['', /the JSON does not parse/],
      ['[1, 2]', /the JSON is not an object/],
      ['null', /the JSON is not an object/],
      ['{"nbformat": 4}', /no "cells" list/],
      [notebook([], { nbformat: 3, worksheets: [] }), /nbformat 3 notebooks are not read/],
      [notebook([{ source: 'x' }]), /^cell 1 has no "cell_type"/],
      [notebook([{ cell_type: 'markdown', source: 'a' }, { cell_type: 'markdown', source: ['a', 2] }]), /^cell 2: "source" is neither/],
      [notebook([{ cell_type: 'markdown' }]), /^cell 1: "source"/],
      [notebook(['text']), /^cell 1 has no "cell_type"/],
    ];
    for (const [json, reason] of reasons) {
      const read = readNotebook(json);
      assert.equal(read.ok, false, json);
      if (!read.ok) assert.match(read.reason, reason, json);
    }
  });

  test('random text never throws', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), (text) => { readNotebook(text); }), { numRuns: 500 });
  });
});

describe('JoinedCells', () => {
  const cells: CellText[] = [{ cell: 0, text: 'ab\ncd' }, { cell: 2, text: '' }, { cell: 5, text: 'x\ny' }];
  const joined = new JoinedCells(cells);

  test('each cell starts a line of its own, with a break between cells', () => {
    assert.equal(joined.text, 'ab\ncd\n\u001E\n\n\u001E\nx\ny');
  });

  test('offsets map to cells, offsets within them, and lines and columns', () => {
    assert.deepEqual(joined.locate(0), { cell: 0, offset: 0 });
    assert.deepEqual(joined.locate(4), { cell: 0, offset: 4 });
    assert.deepEqual(joined.position(4), { cell: 0, line: 2, column: 2 });
    assert.deepEqual(joined.locate(5), { cell: 0, offset: 5 }, 'the end of a cell');
    assert.deepEqual(joined.locate(6), { cell: 0, offset: 5 }, 'inside the separator: the end of the cell before');
    assert.deepEqual(joined.locate(8), { cell: 2, offset: 0 }, 'an empty cell');
    assert.deepEqual(joined.position(13), { cell: 5, line: 2, column: 1 });
    assert.equal(joined.joinedOffset(5, 2), 13);
    assert.equal(joined.joinedOffset(5, 99), 14, 'clamped to the cell');
    assert.equal(joined.joinedOffset(1, 0), undefined, 'cell 1 is not joined here');
  });

  test('no cells: an empty text and nowhere to map', () => {
    const none = new JoinedCells([]);
    assert.equal(none.text, '');
    assert.equal(none.locate(0), undefined);
    assert.equal(none.position(0), undefined);
  });

  test('property: every offset of every cell maps there and back to the same character', () => {
    const cellTexts = fc.array(fc.string({ unit: fc.constantFrom('a', '$', '\n', '\r', '\\', 'é', '😀', '\t') }), { maxLength: 6 });
    fc.assert(fc.property(cellTexts, (texts) => {
      const pieces = texts.map((text, i) => ({ cell: 2 * i + 1, text }));
      const map = new JoinedCells(pieces);
      for (const { cell, text } of pieces) {
        for (let k = 0; k <= text.length; k++) {
          const offset = map.joinedOffset(cell, k)!;
          assert.deepEqual(map.locate(offset), { cell, offset: k });
          if (k < text.length) assert.equal(map.text[offset], text[k]);
        }
      }
      for (let offset = 0; pieces.length > 0 && offset <= map.text.length; offset++) {
        const at = map.locate(offset)!;
        const { text } = pieces.find((p) => p.cell === at.cell)!;
        // Inside a cell the same character; between cells, the end of the cell before.
        if (at.offset < text.length) assert.equal(map.text[offset], text[at.offset]);
        else assert.ok(offset === map.text.length || map.text[offset] === '\n' || map.text[offset] === '\u001E');
      }
    }), { numRuns: 300 });
  });

  test('property: no math block or comment runs from one cell into the next', () => {
    const unit = fc.constantFrom('$', '$$', '\\[', '\\]', '\\(', '\\)', '```', '```math\n', '<!--', '-->', '\\begin{align}', '\\end{align}', '\n', '\n\n', 'x', ' ');
    const cellText = fc.array(unit, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(fc.property(fc.array(cellText, { minLength: 2, maxLength: 5 }), (texts) => {
      const map = new JoinedCells(texts.map((text, cell) => ({ cell, text })));
      const { blocks, directives } = extractMath(map.text, 'markdown');
      for (const span of [...blocks.map((b) => b.span), ...directives.map((d) => d.span)]) {
        assert.equal(map.locate(span.start)!.cell, map.locate(span.end)!.cell, JSON.stringify({ texts, span }));
      }
    }), { numRuns: 500 });
  });
});

describe('a notebook checked as one derivation', () => {
  test('an unclosed $$ in one cell leaves the next cell\'s math alone', () => {
    const map = new JoinedCells([{ cell: 0, text: '$$ L = w x' }, { cell: 1, text: '$$\\frac{\\partial L}{\\partial w} = x$$' }]);
    const blocks = extractMath(map.text, 'markdown').blocks.map((b) => map.text.slice(b.content.start, b.content.end));
    assert.deepEqual(blocks, ['\\frac{\\partial L}{\\partial w} = x']);
  });

  test('the fixture: claims in later cells see the definitions of the first, and the wrong one is in cell 5', () => {
    const read = readNotebook(readFileSync(FIXTURE, 'utf8'));
    assert.ok(read.ok);
    assert.deepEqual(read.cells.map((c) => c.kind), ['markdown', 'code', 'markdown', 'code', 'markdown']);
    const map = new JoinedCells(markdownCells(read.cells));
    const report = checkDocument(map.text, { fileName: FIXTURE });
    assert.deepEqual(report.claims.map((c) => [map.position(c.span.start)!.cell, c.derivative?.wrt, c.status]), [
      [2, 'w_2', 'verified'],
      [2, 'b_2', 'verified'],
      [4, 'w_1', 'verified'],
      [4, 'b_1', 'mismatch'],
    ]);
    assert.deepEqual(report.diagnostics.map((d) => [d.code, map.position(d.span.start)]), [['sign-error', { cell: 4, line: 10, column: 35 }]]);
  });

  test('each cell alone knows nothing of the others', () => {
    const read = readNotebook(readFileSync(FIXTURE, 'utf8'));
    assert.ok(read.ok);
    const alone = checkDocument(read.cells[4].source, {});
    assert.ok(alone.claims.every((c) => c.status !== 'verified'), 'without the forward pass nothing verifies');
  });
});
