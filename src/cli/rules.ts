import type { FindingCode } from '../core/report';

/** One line per finding code, for rule lists (SARIF); a Record so a new code cannot be forgotten. */
export const RULE_SUMMARIES: Record<FindingCode, string> = {
  'missing-summation': 'The gradient of a loss summed over examples lacks the sum over examples.',
  'sign-error': 'The claimed derivative has the wrong sign.',
  'constant-factor': 'The claimed derivative is off by a constant factor.',
  'missing-path': 'The claimed derivative leaves out a path through the computation graph.',
  'wrong-factor': 'One factor of the claimed product is wrong.',
  'gradient-mismatch': 'The claimed derivative differs from the reference derivative.',
  'shared-parameter': 'One parameter is shared by layers that usually each have their own.',
  'missing-gradient': 'The gradient of the loss is derived for some parameters but not for this one.',
  'update-sign': 'A descent update adds the gradient of the loss instead of subtracting it.',
  'undefined-symbol': 'A symbol is used but never defined.',
  'parse-error': 'The math could not be read.',
  'unchecked': 'A claim could not be checked.',
  'shape-mismatch': 'The claimed vector or matrix has the wrong shape, or its shapes do not fit together.',
  'missing-transpose': 'A factor of the claimed product needs a transpose, or has one it should not.',
  'elementwise-vs-matrix': 'An entrywise product where a matrix product belongs, or the reverse.',
  'index-mismatch': 'An index is free on one side of the claim only.',
  unread: 'Valid LaTeX that gradcheck does not read (shown only on request).',
};
