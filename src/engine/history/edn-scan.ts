/**
 * A structural pass over EDN text: finds the operation forms and their line numbers, and rejects malformed text
 * (unbalanced brackets, an unterminated string, a map with a key but no value) with the line at fault. The values
 * themselves are then read by the `edn-data` library; this pass only exists because that library is lenient about
 * structure and reports no positions.
 */
import { configError } from '../errors.js';

export interface FormSpan {
  /** Offset of the form's first character (after any `#tag`). */
  readonly start: number;
  readonly end: number;
  /** 1-based line where the form starts. */
  readonly line: number;
  /** First character: `{`, `[`, `(`, or another for atoms. */
  readonly opener: string;
}

interface Open {
  readonly closer: string;
  readonly line: number;
  readonly start: number;
  readonly isMap: boolean;
  count: number;
  readonly children: FormSpan[];
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const OPENERS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
const DELIMITERS = new Set([' ', '\t', '\n', '\r', ',', '(', ')', '[', ']', '{', '}', '"', ';']);
const BLANK = new Set([' ', '\t', '\n', '\r', ',']);

/**
 * The operation forms: the elements of the single top-level vector or list if the text is one, otherwise every
 * top-level form ("one map after another", as Jepsen writes history.edn).
 */
export function operationForms(text: string): FormSpan[] {
  const scanner = new Scanner(text);
  scanner.scan();
  const top = scanner.root.children;
  const [only] = top;
  if (top.length === 1 && only && (only.opener === '[' || only.opener === '(')) {
    return scanner.childrenOf.get(only) ?? [];
  }
  return top;
}

class Scanner {
  readonly root: Open = { closer: '', line: 1, start: 0, isMap: false, count: 0, children: [] };
  /** Elements of forms at the top level (the only nesting whose children matter). */
  readonly childrenOf = new Map<FormSpan, FormSpan[]>();
  private readonly stack: Open[] = [this.root];
  private line = 1;
  private i = 0;
  /** Depths at which a `#_` waits to discard the next form completed there. */
  private readonly discards: number[] = [];
  private tagStart = -1;

  constructor(private readonly text: string) {}

  scan(): void {
    const { text } = this;
    while (this.i < text.length) {
      const c = text[this.i] ?? '';
      if (BLANK.has(c)) {
        if (c === '\n') this.line++;
        this.i++;
      } else if (c === ';') {
        while (this.i < text.length && text[this.i] !== '\n') this.i++;
      } else if (c === '"') {
        this.string();
      } else if (c === '(' || c === '[' || c === '{' || (c === '#' && text[this.i + 1] === '{')) {
        this.open(c);
      } else if (c === ')' || c === ']' || c === '}') {
        this.close(c);
      } else if (c === '#' && text[this.i + 1] === '_') {
        this.discards.push(this.stack.length);
        this.i += 2;
      } else {
        this.atom(c);
      }
    }
    const unclosed = this.stack[this.stack.length - 1];
    if (unclosed && unclosed !== this.root) {
      throw configError('edn', `line ${unclosed.line}: "${OPENERS[unclosed.closer] ?? ''}" is never closed`);
    }
  }

  private string(): void {
    const { text } = this;
    const startLine = this.line;
    let j = this.i + 1;
    while (j < text.length && text[j] !== '"') {
      if (text[j] === '\\') j++;
      else if (text[j] === '\n') this.line++;
      j++;
    }
    if (j >= text.length) throw configError('edn', `line ${startLine}: a string starts here and never ends`);
    this.complete({ start: this.i, end: j + 1, line: startLine, opener: '"' });
    this.i = j + 1;
  }

  private open(c: string): void {
    const start = this.tagStart >= 0 ? this.tagStart : this.i;
    if (c === '#') this.i++;
    const opener = this.text[this.i] ?? '';
    this.stack.push({
      closer: CLOSERS[opener] ?? '',
      line: this.line,
      start,
      isMap: c === '{',
      count: 0,
      children: [],
    });
    this.tagStart = -1;
    this.i++;
  }

  private close(c: string): void {
    const open = this.stack.pop();
    if (!open || open === this.root) throw configError('edn', `line ${this.line}: "${c}" closes nothing`);
    const opener = OPENERS[open.closer] ?? '';
    if (open.closer !== c) {
      throw configError('edn', `line ${this.line}: "${c}" does not match the "${opener}" opened on line ${open.line}`);
    }
    if (open.isMap && open.count % 2 !== 0)
      throw configError('edn', `line ${open.line}: a map has a key without a value`);
    // A tagged form (`#jepsen.history.Op{...}`) is read from its opening bracket on.
    const body = this.text[open.start] === '#' ? this.text.indexOf(opener, open.start) : open.start;
    this.complete({ start: body, end: this.i + 1, line: open.line, opener: this.text[body] ?? '' }, open.children);
    this.i++;
  }

  private atom(c: string): void {
    let j = this.i + 1;
    if (c === '\\') j++;
    while (j < this.text.length && !DELIMITERS.has(this.text[j] ?? '')) j++;
    if (c === '#') this.tagStart = this.i;
    else this.complete({ start: this.i, end: j, line: this.line, opener: c });
    this.i = j;
  }

  private complete(span: FormSpan, children?: FormSpan[]): void {
    const parent = this.stack[this.stack.length - 1] ?? this.root;
    if (children) this.childrenOf.set(span, children);
    this.tagStart = -1;
    if (this.discards[this.discards.length - 1] === this.stack.length) {
      this.discards.pop();
      return;
    }
    parent.count++;
    if (this.stack.length <= 2) parent.children.push(span);
  }
}
