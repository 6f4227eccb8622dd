/**
 * `npm run bench`: how long a check takes, cold and warm, on the question's derivation and on
 * generated documents, to show the cost per claim stays flat (linear growth). KaTeX's parser
 * on the same math is printed beside ours as a peer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import katex from 'katex';
import { checkDocument } from '../src/core/check';
import { readDerivation } from '../src/core/model/derivation';
import { extractMath } from '../src/core/source/extract';
import { generateDerivation, matrixDerivation } from './generate';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * The median of `runs` timed calls, after as many untimed ones: "warm" is the steady state of a
 * server that has checked documents before, not the JIT compiler's first passes over the code.
 */
function time(f: () => void, runs: number): number {
  for (let i = 0; i < runs; i++) f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

function katexParse(text: string): void {
  for (const block of extractMath(text, 'markdown').blocks) {
    katex.renderToString(`\\begin{aligned}${text.slice(block.content.start, block.content.end)}\\end{aligned}`, { throwOnError: false, trust: false });
  }
}

const ms = (x: number): string => `${x.toFixed(3).padStart(9)} ms`;
const root = join(__dirname, '..', '..');
const question = readFileSync(join(root, 'examples', 'question.md'), 'utf8');

const t0 = performance.now();
const first = checkDocument(question);
const cold = performance.now() - t0;
const warm = time(() => checkDocument(question), 300);
console.log(`question (examples/question.md, ${first.claims.length} claims)`);
console.log(`  check, cold (first call)     ${ms(cold)}`);
console.log(`  check, warm (median of 300)  ${ms(warm)}   target < 1 ms`);
console.log(`  parse only (ours)            ${ms(time(() => readDerivation(question, 'markdown'), 300))}`);
console.log(`  KaTeX render of the same math${ms(time(() => katexParse(question), 100))}   (peer parser)`);

console.log('\ngenerated documents (10 claims per network, 3 of them wrong)');
let perClaim100 = 0;
for (const networks of [10, 100]) {
  const text = generateDerivation(networks);
  const report = checkDocument(text);
  const t = time(() => checkDocument(text), networks >= 100 ? 5 : 20);
  const per = (t / report.claims.length) * 1000;
  if (networks === 10) perClaim100 = per;
  console.log(`  ${String(report.claims.length).padStart(5)} claims: check ${ms(t)}, ${per.toFixed(1).padStart(7)} µs per claim${networks === 100 ? `   target < 200 ms; growth ${(per / perClaim100).toFixed(2)}x per claim from 100 to 1,000` : ''}`);
}

const matrix = matrixDerivation(64, 32);
const matrixReport = checkDocument(matrix);
const verified = matrixReport.claims.filter((c) => c.status === 'verified').length;
console.log(`\nmatrix form (hidden width 64, 32 examples as columns, ${matrixReport.claims.length} claims, ${verified} verified)`);
console.log(`  check, warm (median of 50)   ${ms(time(() => checkDocument(matrix), 50))}   target < 20 ms`);
