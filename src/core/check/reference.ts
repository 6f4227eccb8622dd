import type { ReferenceGraph } from '../engine/graph';
import { softmaxByRows } from '../model/shapes';
import { shapeSample } from '../model/assumptions';
import { mulberry32 } from '../random';

const ATTEMPTS = 40;
/** Points closer than this to a kink (ReLU at 0, |x|, max, cases) are rejected. */
const KINK_MARGIN = 1e-3;

/**
 * Draws leaf values for sample point `point` and runs the tape forward, retrying until every
 * value is finite and no kink is near: first mixed signs (so sign and ReLU errors show), then
 * positive values only (logs, square roots), then small ones (overflowing exponentials).
 */
export function drawPoint(graph: ReferenceGraph, point: number, seed: number): boolean {
  const leaves = graph.leaves();
  const tape = graph.tape;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const random = mulberry32(seed * 7919 + point * 104729 + attempt * 15485863);
    const positive = attempt >= 10;
    const [lo, hi] = attempt >= 25 ? [0.05, 0.5] : [0.3, 1.5];
    for (const leaf of leaves) {
      const node = tape.nodes[leaf.node];
      const value = node.value;
      if (graph.derivation.oneHot.has(leaf.name) && node.size > 1) {
        oneHot(value, node.shape, softmaxByRows(node.shape, graph.derivation.shapes), random);
        continue;
      }
      for (let k = 0; k < value.length; k++) {
        if (leaf.role === 'constant') value[k] = 0.1 + 0.8 * random();
        else {
          const magnitude = lo + (hi - lo) * random();
          value[k] = positive || random() < 0.5 ? magnitude : -magnitude;
        }
      }
      const assumed = graph.derivation.assumptions.get(leaf.name);
      if (assumed) shapeSample(value, node.shape[0] ?? 1, node.shape[1] ?? 1, assumed);
    }
    tape.forward();
    if (tape.kinkDistance > KINK_MARGIN && tape.nodes.every((n) => n.value.every(Number.isFinite))) return true;
  }
  return false;
}

/**
 * One-hot targets: in each lane, each column (or each row, for examples in rows) has a single 1
 * at a random class, as the labels of a classifier.
 */
function oneHot(value: Float64Array, shape: readonly number[], byRows: boolean, random: () => number): void {
  const [rows, cols] = shape;
  const size = rows * cols;
  value.fill(0);
  for (let offset = 0; offset < value.length; offset += size) {
    const groups = byRows ? rows : cols;
    const classes = byRows ? cols : rows;
    for (let g = 0; g < groups; g++) {
      const hot = Math.min(classes - 1, Math.floor(random() * classes));
      value[offset + (byRows ? g * cols + hot : hot * cols + g)] = 1;
    }
  }
}
