/**
 * Names for prose: messages, hovers and the terminal show `θ_0`, `ŷ`, `b^(1)`, not the LaTeX
 * `\theta_0`, `\hat{y}`, `b^{(1)}` (fixes and suggestions stay LaTeX, in the author's notation).
 */

const GREEK_LETTERS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', varrho: 'ϱ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ',
  omega: 'ω', Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ',
  Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω', ell: 'ℓ', nabla: '∇', partial: '∂',
};

/** Combining marks for accents over one letter; longer bodies keep the accent's name. */
const ACCENT_MARKS: Record<string, string> = {
  hat: '\u0302', widehat: '\u0302', bar: '\u0304', overline: '\u0304', tilde: '\u0303', widetilde: '\u0303',
  dot: '\u0307', ddot: '\u0308', check: '\u030C', breve: '\u0306', vec: '\u20D7',
};

/** A command and its argument: one braced group or one character, as LaTeX reads it. */
const COMMAND_WITH_ARGUMENT = /\\([A-Za-z]+)(?![A-Za-z])\s*(?:\{([^{}]*)\}|\s*([A-Za-z0-9]))/g;

/** The same names come up in every message of a document, and again on every keystroke. */
const readable = new Map<string, string>();
const READABLE_CACHE_SIZE = 2000;

export function readableName(latex: string): string {
  const known = readable.get(latex);
  if (known !== undefined) return known;
  if (readable.size >= READABLE_CACHE_SIZE) readable.clear();
  const name = printName(latex);
  readable.set(latex, name);
  return name;
}

function printName(latex: string): string {
  if (!/[\\{}\s]/.test(latex)) return latex;
  const greek = latex.replace(/\\([A-Za-z]+)(?![A-Za-z])/g, (whole, command: string) => GREEK_LETTERS[command] ?? whole);
  const accented = greek.replace(COMMAND_WITH_ARGUMENT, (_whole, command: string, braced?: string, single?: string) => {
    const body = braced ?? single ?? '';
    const mark = ACCENT_MARKS[command];
    if (mark) return [...body].length === 1 ? body + mark : `${command}(${body})`;
    // Fonts and upright text: the letters as they are.
    return body;
  });
  return accented.replace(/\\prime/g, "'").replace(/\\[A-Za-z]+/g, (command) => command.slice(1)).replace(/[{}\\]/g, '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

/** Operators of vector notation as they print: ⊙, ⊗, ᵀ, the ones vector 𝟏. */
const OPERATORS: Array<[RegExp, string]> = [
  [/\\left|\\right/g, ''], [/\\\||\\[lr]?Vert/g, '‖'], [/\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}/g, '$1/$2 '], [/\\odot/g, ' ⊙ '], [/\\circ/g, ' ∘ '], [/\\otimes/g, ' ⊗ '], [/\\cdot|\\times/g, ' · '],
  [/\^(\{\s*(\\top|T|\\intercal)\s*\}|\\top|T|\\intercal)/g, 'ᵀ'], [/(\([^()]*\))\\top\}/g, '$1}ᵀ'], [/\\top/g, 'ᵀ'],
  [/\\(mathbf|boldsymbol|bm|mathbb)\{1\}/g, '𝟏'], [/\\(mathbf|boldsymbol|bm)\{([^{}]*)\}/g, '$2'], [/\\[,;:! ]|\\quad/g, ' '],
];

/** A short formula for prose (`δ_1 ⊙ xᵀ`, `W^(2)ᵀ δ`): its names readable, its operators printed. */
export function readableMath(latex: string): string {
  const printed = OPERATORS.reduce((s, [pattern, replacement]) => s.replace(pattern, replacement), latex);
  return readableName(printed).replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')');
}
