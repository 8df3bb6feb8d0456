import { describe, expect, it } from 'vitest';
import { isEngineError, parseEdnHistory } from '../../../src/engine/index.js';

describe('parseEdnHistory', () => {
  it('should read a vector of operation maps, with comments, keywords and times', () => {
    const text = [
      '; a register',
      '[{:process 0, :type :invoke, :f :write, :value 3, :time 10}',
      ' {:process 0, :type :ok, :f :write, :value 3, :time 20} ; done',
      ' {:process 1, :type :invoke, :f :cas, :value [3 4], :time 30}]',
    ].join('\n');
    const parsed = parseEdnHistory(text);
    expect(parsed.ops).toEqual([
      { process: 0, type: 'invoke', f: 'write', value: 3, time: 10 },
      { process: 0, type: 'ok', f: 'write', value: 3, time: 20 },
      { process: 1, type: 'invoke', f: 'cas', value: [3, 4], time: 30 },
    ]);
    expect(parsed.lines).toEqual([2, 3, 4]);
  });

  it('should read one map after another, a list, and keys of a kv history', () => {
    const loose =
      '{:process 0, :type :invoke, :f :get, :key "k", :value nil}\n{:process 0, :type :ok, :f :get, :key "k", :value "x"}';
    expect(parseEdnHistory(loose).ops[1]).toEqual({ process: 0, type: 'ok', f: 'get', key: 'k', value: 'x' });
    expect(parseEdnHistory(`(${loose})`).ops).toHaveLength(2);
  });

  it('should skip nemesis lines and count them', () => {
    const text = '{:process :nemesis, :type :info, :f :start}\n{:process 2, :type :invoke, :f :read, :value nil}';
    const parsed = parseEdnHistory(text);
    expect(parsed.skipped).toBe(1);
    expect(parsed.ops).toEqual([{ process: 2, type: 'invoke', f: 'read', value: null }]);
    expect(parsed.lines).toEqual([2]);
  });

  it('should read multi-register transactions, tagged records and discarded forms', () => {
    const text =
      '#_{:process 9, :type :ok} #jepsen.history.Op{:process 1, :type :invoke, :f :txn, :value [[:read :x nil] [:write :y 2]]}';
    expect(parseEdnHistory(text).ops).toEqual([
      {
        process: 1,
        type: 'invoke',
        f: 'txn',
        value: [
          ['read', 'x', null],
          ['write', 'y', 2],
        ],
      },
    ]);
  });

  it.each([
    ['[{:process 0, :type :invoke, :f :read}', /^edn: line 1: "\[" is never closed/],
    ['{:process 0, :type :invoke, :f :read}\n]', /^edn: line 2: "]" closes nothing/],
    ['{:process 0, :type :invoke\n :f :read]', /^edn: line 2: "]" does not match the "{" opened on line 1/],
    ['{:process 0, :type :invoke, :f "read}', /^edn: line 1: a string starts here and never ends/],
    ['{:process 0, :type :invoke, :f}', /^edn: line 1: a map has a key without a value/],
    ['[1 2]', /^edn: line 1: expected an operation map/],
    ['{:process 0, :type :started, :f :read}', /^edn: line 1: :type must be/],
    ['\n\n{:process 0, :type :ok, :f :read, :value "\\q"}', /^edn: line 3: Unexpected escape/],
  ])('should reject %j with the line at fault', (text, message) => {
    expect(errorOf(text)).toMatch(message);
  });
});

// Helpers

function errorOf(text: string): string {
  try {
    parseEdnHistory(text);
  } catch (error) {
    if (isEngineError(error)) return error.message;
    throw error;
  }
  throw new Error('expected an error');
}
