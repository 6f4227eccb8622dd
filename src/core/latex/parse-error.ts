import type { Span } from '../report';

/** A problem in the LaTeX itself; `span` points at the offending token. */
export class ParseError extends Error {
  constructor(message: string, readonly span: Span, readonly unsupported = false) {
    super(message);
  }
}
