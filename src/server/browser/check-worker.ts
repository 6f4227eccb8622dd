/** Web worker entry: checks one document per message (the browser's check-worker.ts). */
import { answerCheck } from '../check-answer';
import type { CheckRequest } from '../check-runner';

self.onmessage = (event: MessageEvent<CheckRequest>) => self.postMessage(answerCheck(event.data));
