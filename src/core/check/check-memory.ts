/**
 * What the last check of one document evaluated, for the next check of the same document to
 * reuse: an editor checks the document again after every edit, and most claims read nothing the
 * edit changed. Holds the values of one check only, so it stays the size of the document.
 */
import type { ClaimMemo, ClaimValues } from './claims';
import type { ClaimKeys } from './claim-keys';

export class CheckMemory {
  private previous = new Map<string, ClaimValues>();
  private current = new Map<string, ClaimValues>();

  /** A new check of the document begins: what the last one evaluated may be reused, nothing older. */
  begin(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** The memo of one view of the document, its claims keyed by `keys`. */
  memo(keys: ClaimKeys): ClaimMemo {
    return {
      recall: (model, points) => {
        const key = `${keys.keyOf(model)}|${points}`;
        const values = this.previous.get(key) ?? this.current.get(key);
        if (values) this.current.set(key, values);
        return values;
      },
      remember: (model, points, values) => { this.current.set(`${keys.keyOf(model)}|${points}`, values); },
    };
  }
}
