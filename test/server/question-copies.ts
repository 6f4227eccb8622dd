/**
 * A long derivation in the question's own notation: its forward pass and chain-rule blocks
 * repeated, each copy with its own symbols (net_{1n3}, w_{2n3}, h_{3}, {o_{3}}', b_{3}, L_{3}).
 * 72 copies hold 1,008 claims.
 */
export function questionCopies(question: string, copies: number): string {
  const math = question.slice(question.indexOf('Forward pass:'), question.indexOf('Gradient descent'));
  const copy = (k: number): string =>
    math
      .replace(/hw_/g, 'h w_')
      .replace(/net_(?:\{([12])\}|([12]))/g, (_, braced?: string, bare?: string) => `net_{${braced ?? bare}n${k}}`)
      .replace(/w_(?:\{([12])\}|([12]))/g, (_, braced?: string, bare?: string) => `w_{${braced ?? bare}n${k}}`)
      .replace(/\{y\}'/g, `{o_{${k}}}'`)
      .replace(/(?<![a-z\\])([hbL])(?![a-z])/g, `$1_{${k}}`);
  return Array.from({ length: copies }, (_, i) => copy(i + 1)).join('\n\n');
}
