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
