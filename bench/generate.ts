/**
 * A document of `networks` independent copies of the question's network (own biases, summed
 * loss), each with ten claims: seven right, three wrong in the ways the question's are.
 */
export function generateDerivation(networks: number): string {
  const parts: string[] = ['# Generated derivation\n'];
  for (let k = 1; k <= networks; k++) {
    const s = (name: string): string => `${name}_{${k}}`;
    parts.push(`\\begin{align}
${s('u')} &= x ${s('p')} + ${s('c')} \\\\ ${s('h')} &= \\sigma(${s('u')}) \\\\ ${s('v')} &= ${s('h')} ${s('q')} + ${s('d')} \\\\ ${s('o')} &= \\sigma(${s('v')}) \\\\ ${s('E')} &= \\frac{1}{2}\\sum (y - ${s('o')})^2
\\end{align}
\\begin{align}
\\frac{\\partial ${s('E')}}{\\partial ${s('o')}} &= ${s('o')} - y \\\\
\\frac{\\partial ${s('o')}}{\\partial ${s('v')}} &= ${s('o')}(1 - ${s('o')}) \\\\
\\frac{\\partial ${s('v')}}{\\partial ${s('q')}} &= ${s('h')} \\\\
\\frac{\\partial ${s('v')}}{\\partial ${s('h')}} &= ${s('q')} \\\\
\\frac{\\partial ${s('h')}}{\\partial ${s('u')}} &= ${s('h')}(1 - ${s('h')}) \\\\
\\frac{\\partial ${s('u')}}{\\partial ${s('p')}} &= x \\\\
\\frac{\\partial ${s('E')}}{\\partial ${s('q')}} &= \\sum ${s('h')}\\, ${s('o')}(1 - ${s('o')})(${s('o')} - y) \\\\
\\frac{\\partial ${s('E')}}{\\partial ${s('p')}} &= x\\, ${s('h')}(1 - ${s('h')})\\, ${s('q')}\\, ${s('o')}(1 - ${s('o')})(${s('o')} - y) \\\\
\\frac{\\partial ${s('E')}}{\\partial ${s('d')}} &= -\\sum ${s('o')}(1 - ${s('o')})(${s('o')} - y) \\\\
\\frac{\\partial ${s('E')}}{\\partial ${s('c')}} &= 2\\sum ${s('h')}(1 - ${s('h')})\\, ${s('q')}\\, ${s('o')}(1 - ${s('o')})(${s('o')} - y)
\\end{align}
`);
  }
  return parts.join('\n');
}

/**
 * The question's two-layer network in matrix form: the examples are the columns of X, a hidden
 * layer of `hidden` units, biases repeated over the examples with the ones vector.
 */
export function matrixDerivation(hidden: number, examples: number): string {
  return `# The question's network in matrix form

$X \\in \\mathbb{R}^{1 \\times ${examples}}$, $Y \\in \\mathbb{R}^{1 \\times ${examples}}$,
$W_1 \\in \\mathbb{R}^{${hidden} \\times 1}$, $\\mathbf{b}_1 \\in \\mathbb{R}^{${hidden}}$, $\\mathbf{w}_2 \\in \\mathbb{R}^{${hidden}}$

$$
\\begin{aligned}
H &= \\sigma(W_1 X + \\mathbf{b}_1 \\mathbf{1}^\\top) \\\\
\\hat{Y} &= \\sigma(\\mathbf{w}_2^\\top H + b_2 \\mathbf{1}^\\top) \\\\
L &= \\frac{1}{2}\\|\\hat{Y} - Y\\|^2
\\end{aligned}
$$

$$
\\begin{aligned}
\\Delta_2 &= (\\hat{Y} - Y) \\odot \\hat{Y} \\odot (1 - \\hat{Y}) \\\\
\\Delta_1 &= \\mathbf{w}_2 \\Delta_2 \\odot H \\odot (1 - H) \\\\
\\frac{\\partial L}{\\partial \\mathbf{w}_2} &= H \\Delta_2^\\top \\\\
\\frac{\\partial L}{\\partial b_2} &= \\Delta_2 \\mathbf{1} \\\\
\\frac{\\partial L}{\\partial W_1} &= \\Delta_1 X^\\top \\\\
\\frac{\\partial L}{\\partial \\mathbf{b}_1} &= \\Delta_1 \\mathbf{1}
\\end{aligned}
$$
`;
}

/**
 * A deep chain of one-unit sigmoid layers, each with its four local claims (1,000 claims for
 * 250 layers): every claim touches two neighbouring nodes of a graph `layers` deep, as in
 * backpropagation through time or a deep residual stack.
 */
export function chainDerivation(layers: number): string {
  const parts: string[] = ['# A deep chain\n', '$a_{0} = x$\n'];
  for (let k = 1; k <= layers; k++) {
    parts.push(`$$z_{${k}} = w_{${k}} a_{${k - 1}} + b_{${k}}, \\quad a_{${k}} = \\sigma(z_{${k}})$$\n`);
  }
  parts.push(`$$L = \\frac{1}{2}(a_{${layers}} - y)^2$$\n`);
  for (let k = 1; k <= layers; k++) {
    parts.push(`$$\\frac{\\partial a_{${k}}}{\\partial z_{${k}}} = a_{${k}}(1 - a_{${k}}), \\quad \\frac{\\partial z_{${k}}}{\\partial w_{${k}}} = a_{${k - 1}}, \\quad \\frac{\\partial z_{${k}}}{\\partial a_{${k - 1}}} = w_{${k}}, \\quad \\frac{\\partial z_{${k}}}{\\partial b_{${k}}} = 1$$\n`);
  }
  return parts.join('\n');
}

/**
 * Backpropagation through time for min-char-rnn (`written`: test/fixtures/literature/sequences),
 * unrolled to `steps` steps with a hidden state of `width` units over a vocabulary of `width`
 * characters: every claim about a general step is checked at each of them, through the whole sequence.
 */
export function bpttDerivation(written: string, steps: number, width: number): string {
  const sized = written
    .replace(/\\mathbb\{R\}\^\{[HV]\}/g, `\\mathbb{R}^{${width}}`)
    .replace(/\\mathbb\{R\}\^\{[HV] \\times [HV]\}/g, `\\mathbb{R}^{${width} \\times ${width}}`)
    .replace(/\\\{0, 1\\\}\^\{V\}/g, `\\{0, 1\\}^{${width}}`);
  return `<!-- gradcheck: steps ${steps} -->\n${sized}`;
}
