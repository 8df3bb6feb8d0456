import type { ModelSpec } from '../model.js';
import type { HistoryModelName } from '../types.js';
import { kvModel } from './kv.js';
import { multiRegisterModel } from './multi-register.js';
import { mutexModel } from './mutex.js';
import { queueModel } from './queue.js';
import { registerModel } from './register.js';
import { setModel } from './set.js';

export const MODELS: Readonly<Record<HistoryModelName, ModelSpec>> = {
  register: registerModel,
  kv: kvModel,
  multi_register: multiRegisterModel,
  mutex: mutexModel,
  set: setModel,
  queue: queueModel,
};

export const MODEL_NAMES = Object.keys(MODELS) as readonly HistoryModelName[];
