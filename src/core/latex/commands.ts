/**
 * The LaTeX commands gradcheck understands, declared as data in one place (KaTeX's habit):
 * the parser looks commands up here instead of spreading them through its code.
 */

/** Command or plain-letter spellings of the built-in functions. */
export const FUNCTION_SPELLINGS: Record<string, string> = {
  '\\sigma': 'sigma', '\\tanh': 'tanh', '\\exp': 'exp', '\\log': 'log', '\\ln': 'ln', '\\sin': 'sin',
  '\\cos': 'cos', '\\max': 'max', '\\min': 'min',
  sigmoid: 'sigma', relu: 'relu', ReLU: 'relu', Relu: 'relu', RELU: 'relu', softplus: 'softplus',
  Softplus: 'softplus', softmax: 'softmax', Softmax: 'softmax', tr: 'tr', Tr: 'tr', trace: 'tr', diag: 'diag', Diag: 'diag', tanh: 'tanh', exp: 'exp', log: 'log', ln: 'ln', max: 'max', min: 'min', sigm: 'sigma',
};

export const GREEK = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota',
  'kappa', 'lambda', 'mu', 'nu', 'xi', 'pi', 'rho', 'varrho', 'sigma', 'tau', 'upsilon', 'phi', 'varphi',
  'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon', 'Phi', 'Psi',
  'Omega', 'ell',
]);

/** Accents that make a new name from the one they decorate (`\hat{y}` is not `y`). */
export const ACCENTS = new Set(['hat', 'widehat', 'bar', 'overline', 'tilde', 'widetilde', 'dot', 'ddot', 'check', 'breve', 'mathcal', 'mathscr', 'mathfrak']);

/** Font commands that do not change a scalar's identity (`\mathbf{x}` is `x`). */
export const FONTS = new Set(['mathbf', 'boldsymbol', 'bm', 'vec', 'mathit', 'mathsf', 'mathnormal', 'pmb']);

/** Commands whose argument is an upright name (`\mathrm{net}` is the symbol `net`). */
export const UPRIGHT = new Set(['mathrm', 'text', 'textrm', 'textit', 'operatorname', 'mbox', 'textnormal']);

/** Layout commands with no meaning for the checker. */
export const IGNORED = new Set([
  '\\,', '\\;', '\\:', '\\!', '\\ ', '\\>', '\\quad', '\\qquad', '\\displaystyle', '\\textstyle', '\\scriptstyle',
  '\\limits', '\\nolimits', '\\nonumber', '\\notag', '\\mathstrut', '\\big', '\\Big', '\\bigg', '\\Bigg',
  '\\bigl', '\\bigr', '\\Bigl', '\\Bigr', '\\biggl', '\\biggr', '\\Biggl', '\\Biggr', '\\middle', '\\left', '\\right',
  '\\phantom', '\\enspace', '\\thinspace', '\\medspace', '\\thickspace', '\\negthinspace',
]);

/** Commands whose one braced argument is dropped with them. */
export const IGNORED_WITH_ARGUMENT = new Set(['\\tag', '\\label', '\\hspace', '\\vspace', '\\eqref', '\\ref', '\\color']);

export const MULTIPLY = new Set(['\\times', '\\cdot', '\\ast', '\\bullet']);

/** Entrywise products, which bind looser than juxtaposition: `W^\top \delta \odot \sigma'(z)`. */
export const HADAMARD = new Set(['\\odot', '\\circ']);
export const OUTER = new Set(['\\otimes']);

/** Delimiters of a norm `\|x\|`: the opening one and the one that closes it. */
export const NORMS: Record<string, string> = { '\\|': '\\|', '\\Vert': '\\Vert', '\\lVert': '\\rVert' };

/** Relations between the sides of an equation. */
export type RelationKind = 'equal' | 'assign' | 'approx' | 'other';
export const RELATIONS: Record<string, RelationKind> = {
  '=': 'equal', '\\equiv': 'equal', '\\triangleq': 'equal', '\\doteq': 'equal',
  '\\leftarrow': 'assign', '\\gets': 'assign', '\\coloneqq': 'assign', '\\longleftarrow': 'assign', ':=': 'assign',
  '\\approx': 'approx', '\\simeq': 'approx', '\\sim': 'approx', '\\propto': 'approx',
  '<': 'other', '>': 'other', '\\le': 'other', '\\ge': 'other', '\\leq': 'other', '\\geq': 'other',
  '\\neq': 'other', '\\ne': 'other', '\\in': 'other', '\\to': 'other', '\\rightarrow': 'other',
};

/** Words of prose inside `\text{}` that separate equations rather than name a symbol. */
export const PROSE_WORDS = new Set([
  'where', 'and', 'with', 'for', 'if', 'since', 'so', 'then', 'thus', 'hence', 'giving', 'gives', 'i.e.',
  'e.g.', 'or', 'when', 'let', 'using', 'because', 'therefore', 'otherwise', 'else', 'is', 'are', 'by',
]);

/** Superscripts meaning transpose, not a power. */
export const TRANSPOSE = new Set(['T', '\\top', '\\intercal', '\\mathsf']);

/** Superscripts that decorate a name (`y^{\prime}` is `y'`). */
export const PRIME_SUPERSCRIPTS: Record<string, string> = { '\\prime': "'", "'": "'", '*': '*', '\\ast': '*', '\\star': '*' };
