/**
 * Where a JSON text first goes wrong, as line and column, with a reason a person can act on. V8's own
 * message gives a position only for some mistakes and quotes the surrounding text, which in a config may be
 * a secret; this scanner says neither more nor less than the place and the kind of mistake.
 */
export interface JsonSyntaxProblem {
  line: number;
  column: number;
  reason: string;
}

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error) {
    if (!(error instanceof Problem)) throw error;
    return { ...lineAndColumn(text, error.offset), reason: error.message };
  }
}

/** 1-based line and column of an offset; a CRLF ends a line once. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Problem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const END = "unexpected end of the file (a missing } or ], or an unclosed string?)";

class Scanner {
  private at = 0;
  constructor(private readonly text: string) {}

  document(): void {
    this.space();
    this.value();
    this.space();
    if (this.at < this.text.length) {
      throw new Problem(
        "unexpected text after the end of the JSON value (a missing comma or bracket?)",
        this.at,
      );
    }
  }

  private space(): void {
    while (this.at < this.text.length) {
      const ch = this.text[this.at];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") this.at++;
      else if (ch === "/" && (this.text[this.at + 1] === "/" || this.text[this.at + 1] === "*")) {
        throw new Problem("comments are not allowed in JSON", this.at);
      } else return;
    }
  }

  private value(): void {
    const ch = this.text[this.at];
    if (ch === undefined) throw new Problem(END, this.at);
    if (ch === "{") {
      this.object();
      return;
    }
    if (ch === "[") {
      this.array();
      return;
    }
    if (ch === '"') {
      this.string();
      return;
    }
    if (ch === "-" || (ch >= "0" && ch <= "9")) {
      this.number();
      return;
    }
    for (const word of ["true", "false", "null"]) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return;
      }
    }
    if (ch === "'") throw new Problem("strings need double quotes, not single quotes", this.at);
    if (ch === "}" || ch === "]") throw new Problem(`a value is missing before '${ch}'`, this.at);
    if (ch === ",") throw new Problem("a value is missing before ','", this.at);
    throw new Problem(
      "expected a value: a string in double quotes, a number, true, false, null, { or [",
      this.at,
    );
  }

  private object(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === "}") {
      this.at++;
      return;
    }
    for (;;) {
      const ch = this.text[this.at];
      if (ch === undefined) throw new Problem(END, this.at);
      if (ch === "'") throw new Problem("property names need double quotes, not single quotes", this.at);
      if (ch !== '"') throw new Problem("expected a property name in double quotes", this.at);
      this.string();
      this.space();
      if (this.text[this.at] !== ":") {
        throw new Problem(
          this.at >= this.text.length ? END : "expected ':' after the property name",
          this.at,
        );
      }
      this.at++;
      this.space();
      this.value();
      this.space();
      const next = this.text[this.at];
      if (next === "}") {
        this.at++;
        return;
      }
      if (next !== ",") {
        throw new Problem(
          next === undefined ? END : "expected ',' or '}' after the property value (a missing comma?)",
          this.at,
        );
      }
      const comma = this.at;
      this.at++;
      this.space();
      if (this.text[this.at] === "}") throw new Problem("trailing comma before '}'", comma);
    }
  }

  private array(): void {
    this.at++;
    this.space();
    if (this.text[this.at] === "]") {
      this.at++;
      return;
    }
    for (;;) {
      this.value();
      this.space();
      const next = this.text[this.at];
      if (next === "]") {
        this.at++;
        return;
      }
      if (next !== ",") {
        throw new Problem(
          next === undefined ? END : "expected ',' or ']' after the array item (a missing comma?)",
          this.at,
        );
      }
      const comma = this.at;
      this.at++;
      this.space();
      if (this.text[this.at] === "]") throw new Problem("trailing comma before ']'", comma);
    }
  }

  private string(): void {
    this.at++;
    while (this.at < this.text.length) {
      const ch = this.text.charAt(this.at);
      if (ch === '"') {
        this.at++;
        return;
      }
      if (ch < " ") {
        throw new Problem(
          ch === "\n" || ch === "\r"
            ? "line break inside a string (a missing closing quote?)"
            : "control character inside a string",
          this.at,
        );
      }
      if (ch === "\\") {
        const escaped = this.text[this.at + 1];
        if (escaped === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.at + 2, this.at + 6))) {
            throw new Problem("\\u must be followed by four hex digits", this.at);
          }
          this.at += 6;
          continue;
        }
        if (escaped === undefined || !'"\\/bfnrt'.includes(escaped)) {
          throw new Problem(
            "invalid escape in a string (write \\\\ for a backslash, e.g. in a Windows path)",
            this.at,
          );
        }
        this.at += 2;
        continue;
      }
      this.at++;
    }
    throw new Problem(END, this.at);
  }

  private number(): void {
    const match = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.text.slice(this.at));
    if (!match || match[0] === "-") throw new Problem("invalid number", this.at);
    const after = this.text[this.at + match[0].length];
    if (after !== undefined && /[0-9.eE+-]/.test(after)) throw new Problem("invalid number", this.at);
    this.at += match[0].length;
  }
}
