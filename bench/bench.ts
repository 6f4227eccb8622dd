/**
 * `npm run bench`: how long a check takes, cold and warm, on the question's derivation and on
 * generated documents, to show the cost per claim stays flat (linear growth): many small
 * networks, and one deep chain whose claims each touch two neighbouring layers. Two peer parsers
 * read the same math in the same run: KaTeX, and Cortex Compute Engine, which parses LaTeX to
 * math as gradcheck does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComputeEngine } from '@cortex-js/compute-engine';
import katex from 'katex';
import { checkDocument } from '../src/core/check';
import { CheckMemory } from '../src/core/check/check-memory';
import { readDerivation } from '../src/core/model/derivation';
import { extractMath } from '../src/core/source/extract';
import { bpttDerivation, chainDerivation, generateDerivation, matrixDerivation } from './generate';
import { questionCopies } from '../test/server/question-copies';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * The median of `runs` timed calls, after as many untimed ones: "warm" is the steady state of a
 * server that has checked documents before, not the JIT compiler's first passes over the code.
 */
function time(f: () => void, runs: number): number {
  return timings(f, runs).median;
}

/** The fastest and the median of `runs` timed calls after as many untimed ones: on a busy machine the fastest is the cost, the median what a user sees. */
function timings(f: () => void, runs: number): { min: number; median: number } {
  for (let i = 0; i < runs; i++) f();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    samples.push(performance.now() - t0);
  }
  return { min: Math.min(...samples), median: median(samples) };
}

/**
 * The first check of a document in a fresh process, as the command line tool makes it: after
 * start-up (loading the code), before the compiler has seen any of it run. Each run is a new
 * process running this file with `--first`: the median wall time and the least processor time
 * of `runs` (processor time is not slowed by other work on the machine).
 */
function firstInFreshProcess(what: 'check' | 'cortex', file: string, runs: number): { median: number; cpu: number } {
  const wall: number[] = [];
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, [__filename, '--first', what, file], { encoding: 'utf8' });
    const [w, c] = run.stdout.split(' ').map(Number);
    wall.push(w);
    cpu = Math.min(cpu, c);
  }
  return { median: median(wall), cpu };
}

/** The formulas of a document's claims as gradcheck found them, left = right, for a peer parser. */
function claimFormulas(text: string): string[] {
  return checkDocument(text).claims.map((c) => text.slice(c.span.start, c.span.end));
}

function katexParse(text: string): void {
  for (const block of extractMath(text, 'markdown').blocks) {
    katex.renderToString(`\\begin{aligned}${text.slice(block.content.start, block.content.end)}\\end{aligned}`, { throwOnError: false, trust: false });
  }
}

if (process.argv[2] === '--first') {
  const [what, file] = process.argv.slice(3);
  const text = readFileSync(file, 'utf8');
  // For Cortex, the formulas are found by gradcheck first and the engine is made (its start-up), untimed.
  const formulas = what === 'cortex' ? claimFormulas(text) : [];
  const engine = what === 'cortex' ? new ComputeEngine() : undefined;
  const [t0, c0] = [performance.now(), process.cpuUsage()];
  if (!engine) checkDocument(text);
  else for (const f of formulas) engine.parse(f);
  const used = process.cpuUsage(c0);
  process.stdout.write(`${performance.now() - t0} ${(used.user + used.system) / 1000}`);
  process.exit(0);
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

console.log('\nderivations of the literature (test/fixtures/literature; warm, median of 50)');
for (const [name, file] of [
  ['batch norm, cs231n form', 'batch-norm/cs231n-compact-backward.md'],
  ['generic backprop, open loss', 'upstream-gradients/d2l-generic-backprop.md'],
  ['one unit, open phi and loss', 'abstract-functions/goodfellow-one-unit.md'],
  ['self-attention projections', 'attention/self-attention-projections.md'],
  ['BPTT, d2l (4 steps unrolled)', 'sequences/d2l-bptt.md'],
  ['min-char-rnn (4 steps unrolled)', 'sequences/karpathy-min-char-rnn.md'],
]) {
  const text = readFileSync(join(root, 'test', 'fixtures', 'literature', file), 'utf8');
  const report = checkDocument(text);
  const counts = `${report.claims.filter((c) => c.status === 'verified').length} of ${report.claims.length} verified`;
  console.log(`  ${name.padEnd(30)} ${ms(time(() => checkDocument(text), 50))}   ${counts}; target < 20 ms`);
}

const rnn = readFileSync(join(root, 'test', 'fixtures', 'literature', 'sequences', 'karpathy-min-char-rnn.md'), 'utf8');
const bptt = bpttDerivation(rnn, 16, 32);
const bpttReport = checkDocument(bptt);
console.log(`\nbackpropagation through time (min-char-rnn unrolled to 16 steps, width 32; ${bpttReport.claims.filter((c) => c.status === 'verified').length} of ${bpttReport.claims.length} verified)`);
console.log(`  check, warm (median of 10)   ${ms(time(() => checkDocument(bptt), 10))}   target < 200 ms`);

console.log('\ndeep chain (one-unit sigmoid layers, the four local claims of each layer; 8 rounds, sizes in turn)');
// Rounds alternate between the sizes so that a busy moment of the machine slows each alike;
// processor time is not slowed by other work, so the growth is read from it.
const chainSizes = [60, 125, 250].map((layers) => ({ text: chainDerivation(layers), claims: 4 * layers, wall: [] as number[], cpu: Infinity }));
for (const size of chainSizes) { checkDocument(size.text); checkDocument(size.text); }
for (let round = 0; round < 8; round++) {
  for (const size of chainSizes) {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    checkDocument(size.text);
    const used = process.cpuUsage(c0);
    size.wall.push(performance.now() - t0);
    size.cpu = Math.min(size.cpu, (used.user + used.system) / 1000);
  }
}
for (const size of chainSizes) {
  const growth = (size.cpu / size.claims) / (chainSizes[0].cpu / chainSizes[0].claims);
  console.log(`  ${String(size.claims).padStart(5)} claims: check ${ms(median(size.wall))} (median), processor ${ms(size.cpu).trim()} (least), ${(1000 * size.cpu / size.claims).toFixed(1).padStart(6)} µs per claim${size.claims === 1000 ? `   growth ${growth.toFixed(2)}x per claim from 240 to 1,000 claims (target < 1.3x)` : ''}`);
}

/** Processor time of one call in ms: not slowed by other work on the machine, unlike wall time. */
function processorTime(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / 1000;
}

// The editor checks again after each edit, with the document's memory of its last check (the
// check worker keeps one per open document): what the edit did not touch is not evaluated again.
const long = questionCopies(question, 72);
const minusAt = long.indexOf("=({o_{1}}'-y)") + 1;
const withMinuses = (n: number): string => `${long.slice(0, minusAt)}${'-'.repeat(n)}${long.slice(minusAt)}`;
const memory = new CheckMemory();
checkDocument(long, {}, memory);
const editRounds = 12;
const fullAfterEdit = Array.from({ length: editRounds }, (_, k) => processorTime(() => checkDocument(withMinuses(k % 2))));
const undoRedo = Array.from({ length: editRounds }, (_, k) => processorTime(() => checkDocument(withMinuses((k + 1) % 2), {}, memory)));
const typing = Array.from({ length: editRounds }, (_, k) => processorTime(() => checkDocument(withMinuses(k + 2), {}, memory)));
console.log(`\nin the editor: one claim of ${checkDocument(long).claims.length} edited (the question's network 72 times), processor time (least / median of ${editRounds})`);
console.log(`  full check                   ${ms(Math.min(...fullAfterEdit))} / ${ms(median(fullAfterEdit)).trim()}`);
console.log(`  with the document's memory   ${ms(Math.min(...undoRedo))} / ${ms(median(undoRedo)).trim()}   a minus typed and deleted in turn, as the e2e test does`);
console.log(`  typing, with the memory      ${ms(Math.min(...typing))} / ${ms(median(typing)).trim()}   a minus more each time: a text never seen before`);

// The same 1,000 formulas for each parser: the claims as gradcheck found them, left = right.
const chain = chainDerivation(250);
const formulas = claimFormulas(chain);
const ce = new ComputeEngine();
const cortex = timings(() => { for (const f of formulas) ce.parse(f); }, 5);
const cortexRaw = timings(() => { for (const f of formulas) ce.parse(f, { form: 'raw' }); }, 5);
const ours = timings(() => checkDocument(chain), 10);

const folder = mkdtempSync(join(tmpdir(), 'gradcheck-bench-'));
const chainFile = join(folder, 'chain.md');
writeFileSync(chainFile, chain);
const firstCheck = firstInFreshProcess('check', chainFile, 5);
const firstCortex = firstInFreshProcess('cortex', chainFile, 5);
rmSync(folder, { recursive: true });

const ratio = (a: number, b: number): string => (a / b).toFixed(2);
console.log(`\nthe chain's ${formulas.length} claims beside Cortex Compute Engine parsing the same ${formulas.length} formulas, in this run`);
console.log('  first in a fresh process, as the CLI runs, beyond start-up (median wall time / least processor time of 5 processes)');
console.log(`    gradcheck check              ${ms(firstCheck.median)} / ${ms(firstCheck.cpu).trim()}   read, model, check every claim at 5 points`);
console.log(`    Cortex parse                 ${ms(firstCortex.median)} / ${ms(firstCortex.cpu).trim()}   ce.parse(latex), the default canonical form`);
console.log(`    ratio                        ${ratio(firstCheck.median, firstCortex.median).padStart(9)}    / ${ratio(firstCheck.cpu, firstCortex.cpu)}   target <= 0.5, goal 0.1`);
console.log('  warm, in one process (fastest and median)');
console.log(`    gradcheck check              ${ms(ours.min)} / ${ms(ours.median).trim()}`);
console.log(`    Cortex parse                 ${ms(cortex.min)} / ${ms(cortex.median).trim()}`);
console.log(`    Cortex parse, syntax only    ${ms(cortexRaw.min)} / ${ms(cortexRaw.median).trim()}   ce.parse(latex, { form: 'raw' })`);
console.log(`    ratio to the canonical parse ${ratio(ours.min, cortex.min).padStart(9)}    / ${ratio(ours.median, cortex.median)}   target <= 0.5, goal 0.1`);
