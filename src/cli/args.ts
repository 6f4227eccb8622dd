import type { DocumentKind } from '../core/source/extract';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** The knobs passed through to the checker; absent means the checker's default. */
export interface CheckSettings {
  samples?: number;
  seed?: number;
  tolerance?: number;
  examples?: number;
  showUnread?: boolean;
}

export interface RunOptions {
  format: OutputFormat;
  /** Paths as given; `-` stands for stdin. Never empty: no file means stdin. */
  files: string[];
  settings: CheckSettings;
  /** Forces the document kind; otherwise it follows the file extension (stdin: markdown). */
  kind?: DocumentKind;
  noColor: boolean;
}

export type ParsedArgs =
  | { action: 'run'; options: RunOptions }
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'usage-error'; message: string };

export const STDIN_PATH = '-';

export const USAGE = `Usage: gradcheck [options] [FILE...]

Checks the derivatives claimed in Markdown or LaTeX derivations.
With no FILE, or when FILE is -, reads standard input.

Options:
  --format text|json|sarif  output format (default: text)
  --kind markdown|tex       how to read the input (default: from the file extension;
                            standard input is read as markdown)
  --samples N               random points each claim is checked at
  --seed S                  seed of the random points
  --tolerance T             relative tolerance of a numeric comparison
  --examples N              training examples a summed loss ranges over
  --show-unread             list each formula not read, with the reason (they are
                            always counted in the summary)
  --no-color                plain text output even on a terminal
  -h, --help                show this help
  --version                 show the version

Exit status: 0 no errors, 1 at least one error found, 2 usage or I/O error.`;

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
const KINDS: readonly DocumentKind[] = ['markdown', 'tex'];

type ValueParser<T> = (raw: string) => T | undefined;

// Regular expressions first, because Number() accepts '', ' ', '0x1f', '1e3' and 'Infinity'.
const integerAtLeast = (min: number): ValueParser<number> => (raw) => {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
};

const positiveDecimal: ValueParser<number> = (raw) => {
  const value = /^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
  return Number.isFinite(value) && value > 0 ? value : undefined;
};

const oneOf = <T extends string>(choices: readonly T[]): ValueParser<T> =>
  (raw) => choices.find((choice) => choice === raw);

interface ValueOption {
  expected: string;
  /** Stores the parsed value; false when `raw` does not parse. */
  set: (options: RunOptions, raw: string) => boolean;
}

function valueOption<T>(parse: ValueParser<T>, expected: string, apply: (options: RunOptions, value: T) => void): ValueOption {
  return {
    expected,
    set: (options, raw) => {
      const value = parse(raw);
      if (value === undefined) return false;
      apply(options, value);
      return true;
    },
  };
}

const FLAGS_WITHOUT_VALUE: readonly string[] = ['-h', '--help', '--version', '--no-color', '--show-unread'];

const VALUE_OPTIONS = new Map<string, ValueOption>([
  ['--format', valueOption(oneOf(FORMATS), FORMATS.join(', '), (o, v) => { o.format = v; })],
  ['--kind', valueOption(oneOf(KINDS), KINDS.join(', '), (o, v) => { o.kind = v; })],
  ['--samples', valueOption(integerAtLeast(1), 'a positive integer', (o, v) => { o.settings.samples = v; })],
  ['--seed', valueOption(integerAtLeast(0), 'a non-negative integer', (o, v) => { o.settings.seed = v; })],
  ['--tolerance', valueOption(positiveDecimal, 'a positive number', (o, v) => { o.settings.tolerance = v; })],
  ['--examples', valueOption(integerAtLeast(1), 'a positive integer', (o, v) => { o.settings.examples = v; })],
]);

/** Parses the arguments after `node gradcheck.js`. Pure: no I/O, no process state. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const options: RunOptions = { format: 'text', files: [], settings: {}, noColor: false };
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (onlyFiles || arg === STDIN_PATH || !arg.startsWith('-')) {
      options.files.push(arg);
      continue;
    }
    if (arg === '--') { onlyFiles = true; continue; }
    if (arg === '-h' || arg === '--help') return { action: 'help' };
    if (arg === '--version') return { action: 'version' };
    if (arg === '--no-color') { options.noColor = true; continue; }
    if (arg === '--show-unread') { options.settings.showUnread = true; continue; }

    const equals = arg.indexOf('=');
    const flag = equals < 0 ? arg : arg.slice(0, equals);
    const option = VALUE_OPTIONS.get(flag);
    if (!option) {
      return usageError(FLAGS_WITHOUT_VALUE.includes(flag) ? `option '${flag}' takes no value` : `unknown option '${flag}'`);
    }
    let raw: string;
    if (equals >= 0) raw = arg.slice(equals + 1);
    else if (i + 1 < argv.length) raw = argv[++i];
    else return usageError(`option '${flag}' needs a value (${option.expected})`);
    if (!option.set(options, raw)) return usageError(`invalid value '${raw}' for ${flag}: expected ${option.expected}`);
  }
  if (options.files.length === 0) options.files.push(STDIN_PATH);
  if (options.files.filter((file) => file === STDIN_PATH).length > 1) {
    return usageError(`standard input ('${STDIN_PATH}') can be read only once`);
  }
  return { action: 'run', options };
}

function usageError(message: string): ParsedArgs {
  return { action: 'usage-error', message };
}
