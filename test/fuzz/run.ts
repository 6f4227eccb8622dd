/**
 * `npm run fuzz [-- --count N --seed S --workers W --out FILE]`: checks N mutated documents
 * (10,000 by default) from the fixtures, the examples and the folder GRADCHECK_CORPUS names,
 * prints the counts, and writes every failing document to FILE (fuzz-failures.json) to replay.
 * Exit 1 when any check raised an internal error or hung.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { corpusDocuments, fixtureDocuments } from './corpus';
import { mutants, runFuzz } from './harness';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : NaN;
  return Number.isFinite(value) ? value : fallback;
}

async function main(): Promise<number> {
  const count = option('count', 10_000);
  const seed = option('seed', 1);
  const workers = option('workers', Math.max(1, Math.min(8, availableParallelism() - 1)));
  const outAt = process.argv.indexOf('--out');
  const out = outAt >= 0 ? process.argv[outAt + 1] : 'fuzz-failures.json';
  const fixtures = fixtureDocuments();
  const corpus = corpusDocuments(process.env.GRADCHECK_CORPUS);
  const documents = [...fixtures, ...corpus];
  process.stdout.write(`fuzzing ${count} mutants of ${fixtures.length} fixtures and ${corpus.length} corpus documents, seed ${seed}, ${workers} workers\n`);
  const result = await runFuzz(mutants(documents, count, seed), {
    timeoutMs: 2_000,
    workers,
    onProgress: (done) => { if (done % 1000 === 0) process.stdout.write(`  ${done}\n`); },
  });
  const internal = result.failures.filter((f) => f.problem === 'internal');
  const hangs = result.failures.filter((f) => f.problem === 'hang');
  process.stdout.write(`documents ${result.documents}, internal errors ${internal.length}, hangs ${hangs.length}, ${(result.ms / 1000).toFixed(1)} s (slowest ${result.slowest.ms.toFixed(0)} ms: ${result.slowest.name})\n`);
  for (const f of result.failures.slice(0, 20)) process.stdout.write(`  ${f.problem}: ${f.name}: ${f.message.split('\n').slice(0, 3).join(' | ')}\n`);
  if (result.failures.length) {
    writeFileSync(out, JSON.stringify(result.failures, null, 1));
    process.stdout.write(`failing documents written to ${out}\n`);
  }
  return result.failures.length ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
