/**
 * Where a JSON text stops being JSON. `JSON.parse` says that the text is broken but, in Node 20, not
 * always where; CloudFormation's "JSON not well-formed. (line L, column C)" needs the place, so this small
 * scanner walks the RFC 8259 grammar and returns the offset of the first character that does not fit.
 */

/** Offset of the first offending character (the text's length for an unexpected end), or -1 if valid. */
export function jsonErrorOffset(text: string): number {
  const scanner = new Scanner(text);
  try {
    scanner.whitespace();
    scanner.value();
    scanner.whitespace();
    if (scanner.pos < text.length) return scanner.pos;
    return -1;
  } catch (err) {
    if (err instanceof JsonSyntax) return err.offset;
    throw err;
  }
}

/**
 * The line and column CloudFormation reports for an offset: lines count from 1; the column is the one
 * after the offending character (its parser reports the position it has read up to).
 */
export function jsonErrorPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 2 };
}

class JsonSyntax extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  private fail(): never {
    throw new JsonSyntax(this.pos);
  }

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) this.fail();
    this.pos++;
  }

  whitespace(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(): void {
    const ch = this.peek();
    if (ch === '{') this.object();
    else if (ch === '[') this.array();
    else if (ch === '"') this.string();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) this.number();
    else this.literal();
  }

  private literal(): void {
    for (const word of ['true', 'false', 'null']) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return;
      }
    }
    this.fail();
  }

  private object(): void {
    this.expect('{');
    this.whitespace();
    if (this.peek() === '}') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      this.string();
      this.whitespace();
      this.expect(':');
      this.whitespace();
      this.value();
      this.whitespace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return;
    }
  }

  private array(): void {
    this.expect('[');
    this.whitespace();
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.whitespace();
      this.value();
      this.whitespace();
      if (this.peek() === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return;
    }
  }

  private string(): void {
    this.expect('"');
    for (;;) {
      const ch = this.peek();
      if (ch === undefined || ch < ' ') this.fail();
      this.pos++;
      if (ch === '"') return;
      if (ch === '\\') {
        const esc = this.peek();
        if (esc === 'u') {
          this.pos++;
          for (let i = 0; i < 4; i++) {
            if (!/[0-9a-fA-F]/.test(this.peek() ?? '')) this.fail();
            this.pos++;
          }
        } else if (esc !== undefined && '"\\/bfnrt'.includes(esc)) {
          this.pos++;
        } else {
          this.fail();
        }
      }
    }
  }

  private number(): void {
    if (this.peek() === '-') this.pos++;
    if (this.peek() === '0') {
      this.pos++;
    } else {
      this.digits();
    }
    if (this.peek() === '.') {
      this.pos++;
      this.digits();
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      if (this.peek() === '+' || this.peek() === '-') this.pos++;
      this.digits();
    }
  }

  private digits(): void {
    const start = this.pos;
    while (/[0-9]/.test(this.peek() ?? '')) this.pos++;
    if (this.pos === start) this.fail();
  }
}
