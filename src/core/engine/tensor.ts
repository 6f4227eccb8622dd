import type { NodeSpec, TapeNode } from './tape';

/**
 * Value and derivative rules of the matrix operations, lane by lane (each lane row-major).
 * A shared input is read from its one lane; every adjoint keeps one lane per example.
 */
type TensorSpec = Extract<NodeSpec, { op: 'matmul' | 'transpose' | 'sumAll' | 'diag' | 'diagonal' }>;

const offset = (node: TapeNode, k: number): number => (node.perExample ? k * node.size : 0);
const dims = (node: TapeNode): [number, number] => (node.shape.length === 0 ? [1, 1] : [node.shape[0], node.shape[1]]);

export function forwardTensor(node: TapeNode, nodes: TapeNode[]): void {
  const spec = node.spec as TensorSpec;
  const a = nodes[spec.a];
  const out = node.value;
  const lanes = out.length / node.size;
  const [m, n] = dims(a);
  for (let k = 0; k < lanes; k++) {
    const oa = offset(a, k);
    const oo = k * node.size;
    switch (spec.op) {
      case 'matmul': {
        const b = nodes[spec.b];
        const ob = offset(b, k);
        const cols = dims(b)[1];
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < cols; j++) {
            let acc = 0;
            for (let l = 0; l < n; l++) acc += a.value[oa + i * n + l] * b.value[ob + l * cols + j];
            out[oo + i * cols + j] = acc;
          }
        }
        break;
      }
      case 'transpose':
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[oo + j * m + i] = a.value[oa + i * n + j];
        break;
      case 'sumAll': {
        let acc = 0;
        for (let i = 0; i < a.size; i++) acc += a.value[oa + i];
        out[oo] = acc;
        break;
      }
      case 'diag': {
        const size = a.size;
        for (let i = 0; i < size * size; i++) out[oo + i] = 0;
        for (let i = 0; i < size; i++) out[oo + i * size + i] = a.value[oa + i];
        break;
      }
      case 'diagonal':
        for (let i = 0; i < m; i++) out[oo + i] = a.value[oa + i * n + i];
        break;
    }
  }
}

export function backwardTensor(node: TapeNode, nodes: TapeNode[], lanes: number): void {
  const spec = node.spec as TensorSpec;
  const a = nodes[spec.a];
  const g = node.grad;
  const [m, n] = dims(a);
  for (let k = 0; k < lanes; k++) {
    const oa = offset(a, k);
    const ga = k * a.size;
    const og = k * node.size;
    switch (spec.op) {
      case 'matmul': {
        // C = A B: dA = G B^T, dB = A^T G.
        const b = nodes[spec.b];
        const ob = offset(b, k);
        const gb = k * b.size;
        const cols = dims(b)[1];
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < cols; j++) {
            const gij = g[og + i * cols + j];
            if (gij === 0) continue;
            for (let l = 0; l < n; l++) {
              a.grad[ga + i * n + l] += gij * b.value[ob + l * cols + j];
              b.grad[gb + l * cols + j] += a.value[oa + i * n + l] * gij;
            }
          }
        }
        break;
      }
      case 'transpose':
        for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a.grad[ga + i * n + j] += g[og + j * m + i];
        break;
      case 'sumAll':
        for (let i = 0; i < a.size; i++) a.grad[ga + i] += g[og];
        break;
      case 'diag':
        for (let i = 0; i < a.size; i++) a.grad[ga + i] += g[og + i * a.size + i];
        break;
      case 'diagonal':
        for (let i = 0; i < m; i++) a.grad[ga + i * n + i] += g[og + i];
        break;
    }
  }
}
