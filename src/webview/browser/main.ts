/**
 * The report webview's script: draws what the extension sends, keeps the view state, and turns
 * clicks and keys into messages. Everything it receives is parsed before use.
 */
import { CLAIM_ROWS_STEP, type EmptyMessage, parseHostMessage, parseViewState, type ReportMessage, type ViewState, type WebviewMessage } from '../messages';
import { reportView } from '../report-view';
import { countFormulas, MathTypesetter, toDom } from './dom';
import { focusKey, restoreFocus, rowAfterKey } from './focus';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
const math = new MathTypesetter(document);
let state: ViewState = parseViewState(vscode.getState());
let shown: ReportMessage | EmptyMessage | null = state.last;

function update(next: Partial<ViewState>, redraw = true): void {
  state = { ...state, ...next };
  vscode.setState(state);
  if (redraw) render();
}

function render(): void {
  const key = focusKey(document);
  const view = reportView({ shown, onlyMismatches: state.onlyMismatches, selectedClaim: state.selectedClaim, claimRows: state.claimRows });
  math.begin(countFormulas(view));
  root.replaceChildren(toDom(view, document, math));
  math.finish();
  restoreFocus(root, key);
}

function receive(message: ReportMessage | EmptyMessage): void {
  if (message.type === 'empty') {
    shown = message;
    render();
    return;
  }
  const sameDocument = shown?.type === 'report' && shown.uri === message.uri;
  const selected = sameDocument && state.selectedClaim !== null && state.selectedClaim < message.report.claims.length ? state.selectedClaim : null;
  shown = message;
  update({ last: message, selectedClaim: selected });
}

function post(make: (doc: ReportMessage) => WebviewMessage): void {
  if (shown?.type === 'report') vscode.postMessage(make(shown));
}

function index(element: HTMLElement, name: 'claim' | 'finding' | 'diagnostic' | 'fix'): number {
  return Number(element.dataset[name]);
}

function reveal(target: HTMLElement): void {
  if (target.dataset.claim !== undefined) {
    const claim = index(target, 'claim');
    update({ selectedClaim: claim });
    post((doc) => ({ type: 'reveal', uri: doc.uri, version: doc.version, target: { kind: 'claim', index: claim } }));
  } else if (target.dataset.finding !== undefined) {
    const finding = index(target, 'finding');
    post((doc) => ({ type: 'reveal', uri: doc.uri, version: doc.version, target: { kind: 'finding', index: finding } }));
  }
}

root.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const button = target?.closest<HTMLButtonElement>('button');
  if (button?.classList.contains('apply-fix')) {
    const diagnostic = index(button, 'diagnostic');
    const fix = index(button, 'fix');
    post((doc) => ({ type: 'applyFix', uri: doc.uri, version: doc.version, diagnostic, fix }));
    return;
  }
  if (button?.id === 'copy-markdown') {
    post((doc) => ({ type: 'copyMarkdown', uri: doc.uri, version: doc.version, onlyMismatches: state.onlyMismatches }));
    return;
  }
  if (button?.id === 'show-more-claims') {
    update({ claimRows: state.claimRows + CLAIM_ROWS_STEP });
    return;
  }
  if (button || target?.closest('a, input, label')) return;
  const row = target?.closest<HTMLElement>('[data-claim], [data-finding]');
  if (row) reveal(row);
});

root.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.id === 'only-mismatches') {
    update({ onlyMismatches: event.target.checked });
  }
});

root.addEventListener('keydown', (event) => {
  if (!(event.target instanceof HTMLElement) || event.altKey || event.ctrlKey || event.metaKey) return;
  const item = event.target;
  if (item.dataset.claim === undefined && item.dataset.finding === undefined) return;
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    reveal(item);
    return;
  }
  if (item.dataset.claim === undefined) return;
  const rows = [...root.querySelectorAll<HTMLElement>('tr[data-claim]')];
  const next = rowAfterKey(rows, item, event.key);
  if (!next) return;
  event.preventDefault();
  // Moving through the rows selects (the graph follows); only Enter or a click goes to the editor.
  const claim = index(next, 'claim');
  next.focus();
  update({ selectedClaim: claim });
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = parseHostMessage(event.data);
  if (message) receive(message);
});

render();
vscode.postMessage({ type: 'ready' });
