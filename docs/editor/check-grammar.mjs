// Checks the TextMate grammar accord.tmLanguage.json with the engine VS Code uses
// (vscode-textmate + vscode-oniguruma) against the example contracts of the repository.
//
//   node docs/editor/check-grammar.mjs NODE_MODULES_DIR     (scripts/test-grammar.sh runs it)
//
// The expectations do not come from the grammar: a tokenizer that mirrors the compiler's lexer
// (compiler/src/syntax/lexer.rs, with its punctuation set) and a small recursive-descent reader
// of the EBNF in docs/language.md say what each token is (keyword, built-in type, field name,
// annotation, pin, string, comment...); the word lists (built-in types, annotations, declaration
// keywords, compat modes, layout formats) are read from the compiler's sources. Then every token
// must carry the scope of its kind, no character may be left with only `source.accord`, and no
// character of these valid files may be scoped `invalid`.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

process.on("uncaughtException", (error) => {
  console.log(`error: ${error.message}\ngrammar: 0 passed, 1 failed`);
  process.exit(1);
});
const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const modules = process.argv[2] ?? join(process.env.HOME ?? "", ".cache/accord-grammar/node_modules");
const require = createRequire(join(modules, "resolve-from-here.js"));
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");
const read = (path) => readFileSync(join(root, path), "utf8");

// ---- the compiler's own word lists ----------------------------------------------------------
function rustStrings(path, pattern) {
  const match = read(path).match(pattern);
  if (!match) throw new Error(`cannot find ${pattern} in ${path}: update check-grammar.mjs`);
  return [...match[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]);
}
const list = (name) => new RegExp(String.raw`const ${name}: &\[&str\] = &\[([^\]]*)\]`);
const BUILTINS = rustStrings("compiler/src/syntax/parser.rs", list("BUILTIN_TYPES"));
const CONSTRUCTORS = rustStrings("compiler/src/syntax/parser.rs", list("TYPE_CONSTRUCTORS"));
const DECLARATIONS = rustStrings("compiler/src/syntax/parser.rs", list("DECL_KEYWORDS"));
const ANNOTATIONS = rustStrings("compiler/src/syntax/parser.rs", list("ANNOTATIONS"));
const FORMATS = rustStrings("compiler/src/layout/mod.rs", list("FORMATS"));
const MODES = rustStrings("compiler/src/avro/modes.rs", /fn name\(self\)[^{]*\{([^}]*\})/);
const PUNCTUATION = rustStrings("compiler/src/syntax/lexer.rs", /(const PUNCTUATION: &str = "[^"]*")/)[0];

// ---- tokens, as compiler/src/syntax/lexer.rs cuts them ----------------------------------------
const escape = (chars) => chars.replace(/[\\\]\[^-]/g, "\\$&");
const TOKEN = new RegExp(
  [
    String.raw`(?<space>\s+)`,
    String.raw`(?<doc>\/\/\/(?!\/)[^\n]*)`,
    String.raw`(?<comment>\/\/[^\n]*)`,
    String.raw`(?<str>"(?:[^"\\\n]|\\.)*"?)`,
    String.raw`(?<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?[A-Za-z0-9_]*)`,
    String.raw`(?<ident>[A-Za-z_][A-Za-z0-9_]*)`,
    `(?<punct>[${escape(PUNCTUATION)}])`,
    String.raw`(?<other>.)`,
  ].join("|"),
  "gy",
);
function lex(text) {
  const tokens = [];
  for (const m of text.matchAll(TOKEN)) {
    const kind = Object.keys(m.groups).find((k) => m.groups[k] !== undefined);
    if (kind !== "space") tokens.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

// ---- what each token is: a lenient reader of the EBNF of docs/language.md ---------------------
class Reader {
  constructor(text, tokens, expect) {
    this.text = text;
    this.tokens = tokens.filter((t) => !["doc", "comment"].includes(t.kind));
    this.at = 0;
    this.expect = expect;
  }
  peek(k = 0) { return this.tokens[this.at + k] ?? { kind: "eof", text: "end of file" }; }
  is(text, k = 0) { const t = this.peek(k); return t.kind !== "str" && t.text === text; }
  isKind(kind, k = 0) { return this.peek(k).kind === kind; }
  next() { return this.tokens[this.at++]; }
  tag(kind) { const t = this.peek(); if (t.kind === "eof") this.fail("a token"); this.expect(this.next(), kind); return t; }
  eat(text) { if (!this.is(text)) this.fail(`\`${text}\``); return this.next(); }
  fail(what) {
    const line = this.text.slice(0, this.peek().start ?? this.text.length).split("\n").length;
    throw new Error(`line ${line}: expected ${what}, found \`${this.peek().text}\``);
  }
  until(close, each) { while (!this.is(close)) { if (this.isKind("eof")) this.fail(`\`${close}\``); each(); } this.next(); }
  commaList(close, each) { this.until(close, () => { each(); if (!this.is(close)) this.eat(","); }); }

  file() { while (!this.isKind("eof")) this.item(); }
  item() {
    const word = this.peek().text;
    if (this.is("@")) return this.annotation();
    if (this.is(";")) return this.next();
    if (word === "package" || word === "import") {
      this.tag("keyword");
      while (!this.is(";")) {
        if (this.is("{")) { this.next(); this.commaList("}", () => this.tag("userType")); }
        else if (this.isKind("ident") && this.is(";", 1) && word === "import") this.tag("userType");
        else if (this.isKind("ident") || this.is(".")) this.next();
        else this.fail("a name");
      }
      return this.next();
    }
    if (!DECLARATIONS.includes(word) || !this.isKind("ident", 1)) this.fail("a declaration");
    this.tag("keyword");
    this.tag("userType");
    const body = { record: () => this.block(() => this.field()), enum: () => this.block(() => this.symbols()),
      layout: () => this.block(() => this.layoutStatement()), topic: () => this.block(() => this.topicClause()),
      machine: () => this.block(() => this.machineClause()),
      fixed: () => this.fixed(), newtype: () => { this.eat("="); this.type(); this.eat(";"); } }[word];
    if (!body) this.fail(`a body for \`${word}\`, which this check does not know yet`);
    body();
  }
  /** `{ [compat] (members | version N { members } ...) }` */
  block(member) {
    this.eat("{");
    this.until("}", () => {
      if (this.is("compat") && this.isKind("ident", 1)) {
        this.tag("keyword"); this.tag("constant"); this.eat(";");
      } else if (this.is("version") && this.isKind("num", 1)) {
        this.tag("keyword"); this.tag("number"); this.eat("{"); this.until("}", member);
      } else member();
    });
  }
  field() {
    this.annotations(); this.tag("member"); this.eat(":"); this.type(); this.annotations();
    if (this.is("=")) { this.tag("operator"); this.value(); }
    this.annotations(); this.eat(";");
  }
  symbols() {
    if (this.is(";") || this.is(",")) return this.next();
    if (this.is("default") && this.isKind("ident", 1)) this.tag("keyword");
    this.tag("enumSymbol");
  }
  fixed() {
    this.eat("("); this.tag("number"); this.eat(")");
    if (this.is("decimal")) this.type();
    this.eat(";");
  }
  layoutStatement() {
    if (this.is("path")) { this.tag("keyword"); this.tag("string"); }
    else if (this.is("stores")) { this.tag("keyword"); this.type(); if (this.is("as")) { this.tag("keyword"); this.tag("constant"); } }
    else if (this.is("immutable")) this.tag("keyword");
    else if (this.is("commit")) { this.tag("keyword"); this.tag("string"); }
    else this.fail("`path`, `stores`, `immutable` or `commit`");
    this.eat(";");
  }
  topicClause() {
    const word = this.peek().text;
    this.tag("keyword");
    if (word === "name") this.tag("string");
    else if (word === "key" || word === "value") this.type();
    else if (word === "partition_by") this.tag("member");
    else this.fail("a topic clause");
    this.eat(";");
  }
  machineClause() {
    const word = this.tag("keyword").text;
    if (word === "event") this.type();
    else if (["instance", "sequence", "idempotency", "state"].includes(word)) this.tag("member");
    else if (word === "initial") this.tag("enumSymbol");
    else if (word === "terminal") { this.tag("enumSymbol"); while (this.is(",")) { this.next(); this.tag("enumSymbol"); } }
    else if (word === "from") {
      this.tag("enumSymbol"); this.tag("keyword"); this.tag("enumSymbol");
      while (this.is(",")) { this.next(); this.tag("enumSymbol"); }
    } else this.fail("a machine clause");
    this.eat(";");
  }
  annotations() { while (this.is("@") && this.isKind("ident", 1)) this.annotation(); }
  annotation() {
    this.tag("annotationAt");
    const name = this.tag("annotation").text;
    if (!this.is("(")) return;
    this.next();
    if (name === "ref") {
      const path = [this.next()];
      while (this.is(".") && this.isKind("ident", 1)) { this.next(); path.push(this.next()); }
      if (this.is("@")) { this.tag("pinAt"); this.tag("pin"); this.eat("."); path.push(this.next()); }
      this.expect(path.at(-2), "userType");
      this.expect(path.at(-1), "member");
      return this.eat(")");
    }
    this.commaList(")", () => {
      if (this.isKind("str")) this.tag("string");
      else if (name === "migrate") { const key = this.tag("keyword").text; this.tag("operator"); this.tag(key === "from" ? "member" : "hook"); return; }
      else { this.next(); while (this.is(".")) { this.next(); this.next(); } }
      if (name === "meta") { this.tag("operator"); this.value(); }
    });
  }
  type() {
    this.annotations();
    const word = this.peek().text;
    if (CONSTRUCTORS.includes(word) && this.is("<", 1)) {
      this.tag("keyword"); this.next(); this.commaList(">", () => this.type());
    } else if (word === "decimal" && this.is("(", 1)) {
      this.tag("builtin"); this.next(); this.commaList(")", () => this.tag("number"));
    } else if (BUILTINS.includes(word)) this.tag("builtin");
    else {
      while (this.isKind("ident") && this.is(".", 1)) { this.next(); this.next(); }
      this.tag("userType");
      if (this.is("@") && (this.isKind("num", 1) || this.is("[", 1))) this.pin();
    }
    while (this.is("?")) this.tag("operator");
  }
  /** `@2`, and in topics `@2..4` and `@[1, 3]` */
  pin() {
    this.tag("pinAt");
    if (this.is("[")) { this.next(); this.commaList("]", () => this.tag("pin")); return; }
    this.tag("pin");
    if (this.is(".") && this.is(".", 1)) { this.tag("operator"); this.tag("operator"); this.tag("pin"); }
  }
  value() {
    const t = this.peek();
    if (t.kind === "str") this.tag("string");
    else if (t.kind === "num") this.tag("number");
    else if (this.is("-")) { this.tag("number"); this.tag("number"); }
    else if (["null", "true", "false"].includes(t.text)) this.tag("constant");
    else if (t.kind === "ident") this.tag("enumSymbol");
    else if (this.is("[")) { this.next(); this.commaList("]", () => this.value()); }
    else if (this.is("{")) {
      this.next();
      this.commaList("}", () => { this.tag(this.isKind("str") ? "string" : "property"); this.eat(":"); this.value(); });
    } else this.fail("a value");
  }
}

// ---- the scope each kind of token must have -----------------------------------------------------
const has = (prefix) => (scopes) => scopes.some((s) => s.startsWith(prefix));
const not = (prefix, test) => (scopes) => test(scopes) && !has(prefix)(scopes);
const KINDS = {
  keyword: not("entity.", (s) => s.some((x) => /^(keyword\.(other|control)|storage\.type)\./.test(x))),
  builtin: not("entity.name.type", has("support.type.")),
  userType: has("entity.name.type"),
  member: has("variable.other.member"),
  enumSymbol: has("variable.other.enummember"),
  property: has("support.type.property-name"),
  annotation: has("entity.name.function.decorator"),
  annotationAt: has("punctuation.definition.decorator"),
  hook: has("entity.name.function"),
  pin: has("constant.numeric"),
  pinAt: has("punctuation.definition.version"),
  number: has("constant.numeric"),
  constant: has("constant.language"),
  string: has("string."),
  operator: has("keyword.operator"),
  punct: (s) => s.some((x) => /^(punctuation|keyword\.operator|constant\.numeric)\./.test(x)),
  escape: has("constant.character.escape"),
  doc: (s) => s.some((x) => x.startsWith("comment.") && x.includes(".documentation")),
  comment: (s) => has("comment.")(s) && !s.some((x) => x.includes("documentation")),
};
/** The escapes of the EBNF (`escape`), inside string literals. */
const ESCAPE = /\\(?:[ntr0\\"]|u\{[0-9A-Fa-f]{1,6}\})/g;
/** Characters that may keep only the root scope (none so far). */
const UNSCOPED_OK = new Set([]);

function checkText(grammar, text) {
  const problems = [];
  const expectations = [];
  const tokens = lex(text);
  for (const t of tokens) {
    if (["doc", "comment", "punct"].includes(t.kind)) expectations.push([t, t.kind]);
    for (const m of t.kind === "str" ? t.text.matchAll(ESCAPE) : []) {
      expectations.push([{ text: m[0], start: t.start + m.index, end: t.start + m.index + m[0].length }, "escape"]);
    }
    if (t.kind === "other") problems.push(`offset ${t.start}: character \`${t.text}\` is not a token of accord`);
  }
  try {
    new Reader(text, tokens, (t, kind) => expectations.push([t, kind])).file();
  } catch (error) {
    problems.push(`this check cannot read the file: ${error.message}`);
  }
  // Scopes of every character, from the grammar.
  const scopes = new Array(text.length);
  const lineOf = new Array(text.length);
  let state = textmate.INITIAL;
  let offset = 0;
  text.split("\n").forEach((line, number) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      for (let i = token.startIndex; i < Math.min(token.endIndex, line.length); i++) {
        scopes[offset + i] = token.scopes;
        lineOf[offset + i] = `${number + 1}:${i + 1}`;
      }
    }
    state = result.ruleStack;
    offset += line.length + 1;
  });
  for (const [token, kind] of expectations) {
    for (let i = token.start; i < token.end; i++) {
      if (/\s/.test(text[i]) || KINDS[kind](scopes[i] ?? [])) continue;
      problems.push(`${lineOf[i]} \`${token.text}\` should be ${kind}, is ${(scopes[i] ?? []).join(" ")}`);
      break;
    }
  }
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    const s = scopes[i] ?? [];
    if (s.length <= 1 && !UNSCOPED_OK.has(text[i])) problems.push(`${lineOf[i]} \`${text[i]}\` has only the root scope`);
    if (s.some((x) => x.startsWith("invalid."))) problems.push(`${lineOf[i]} \`${text[i]}\` is scoped invalid: ${s.join(" ")}`);
  }
  return { problems, assertions: expectations.length + text.replace(/\s/g, "").length };
}

// ---- what is checked -----------------------------------------------------------------------------
function accordFiles(dir) {
  return readdirSync(join(root, dir)).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return accordFiles(path);
    return name.endsWith(".accord") ? [path] : [];
  });
}
/** The examples of docs/*.md that compile clean (compiler/tests/docs.rs: no `fails(...)`). */
function docExamples() {
  return readdirSync(join(root, "docs")).filter((n) => n.endsWith(".md")).sort().flatMap((name) => {
    const text = read(join("docs", name));
    return [...text.matchAll(/^```(accord[^\n]*)\n([\s\S]*?)^```$/gm)]
      .filter((m) => !m[1].includes("fails("))
      .map((m) => ({ name: `docs/${name}:${text.slice(0, m.index).split("\n").length}`, text: m[2] }));
  });
}
/** One contract that uses every word of the compiler's lists, so a new word needs the grammar. */
function vocabulary() {
  const args = { ref: "(AllTypes.t0)", renamed: "(old, a.b.Old)", unit: '("g")', deprecated: '("x")', classification: '("pii")',
    namespace: '("a.b")', meta: '(k = 1, a.b = "x", "c" = [true, null], d = { e: -1.5e3 })', migrate: "(from = t0, with = up, back = down)" };
  const lines = ["//// A banner.", "package vocabulary.check; // trailing", "import vocabulary.other.{X, Y};", "import vocabulary.other.Z;"];
  for (const word of DECLARATIONS.filter((w) => !["package", "import"].includes(w))) {
    lines.push({
      record: ["/// Every built-in type.", "record AllTypes {", ...BUILTINS.map((b, i) => `  t${i}: ${b};`),
        `  c: union<${CONSTRUCTORS.map((c) => (c === "decimal" ? "decimal(9, 2)" : `${c}<int?>`))}, vocabulary.other.X@2>? = null;`,
        String.raw`  e: string = "\n\t\r\0\\\"\u{e9}\u{10FFFF}";`, "}"].join("\n"),
      enum: "enum E { A, B; default A }",
      fixed: "fixed F(16) decimal(30, 4);",
      newtype: "newtype N = list<string>;",
      layout: FORMATS.map((f, i) => `layout L${i} { path "x/{a: int:05}/{b}.bin"; stores AllTypes as ${f}; }`).join("\n"),
      topic: 'topic T { name "t"; key string; value R0@1..2; compat none; partition_by t0; }',
      machine: "machine M { compat full; version 1 { event E0@1; instance t0; sequence t1; idempotency t2; state t3; initial A; terminal B, C; from A to B, C; } }",
    }[word] ?? `${word} Unknown {}`);
  }
  lines.push(...MODES.map((m, i) => `record R${i} { compat ${m}; version 1 { v: int; } }`));
  lines.push(`record Annotated {\n${ANNOTATIONS.map((a, i) => `  a${i}: int @${a}${args[a] ?? (["key", "plain", "error"].includes(a) ? "" : "()")};`).join("\n")}\n}`);
  return lines.join("\n") + "\n";
}

function checkGrammarFile(raw) {
  const problems = [];
  const walk = (rule, where) => {
    if (!rule || typeof rule !== "object") return;
    for (const key of ["match", "begin", "end", "while"]) {
      if (typeof rule[key] !== "string") continue;
      try { new oniguruma.OnigScanner([rule[key]]).dispose(); }
      catch (error) { problems.push(`${where}.${key}: ${error.message ?? error}`); }
    }
    if (typeof rule.include === "string" && rule.include.startsWith("#") && !(rule.include.slice(1) in raw.repository)) {
      problems.push(`${where}: include ${rule.include} is not in the repository`);
    }
    for (const [key, value] of Object.entries(rule)) if (typeof value === "object") walk(value, `${where}.${key}`);
  };
  walk(raw, "grammar");
  if (raw.scopeName !== "source.accord" || !raw.fileTypes?.includes("accord")) problems.push("scopeName or fileTypes");
  try {
    const manifest = JSON.parse(read("docs/editor/package.json"));
    const language = manifest.contributes?.languages?.find((l) => l.id === "accord");
    const entry = manifest.contributes?.grammars?.find((g) => g.language === "accord");
    if (!language?.extensions?.includes(".accord")) problems.push("package.json: no language `accord` for .accord");
    if (entry?.scopeName !== raw.scopeName || entry?.path !== "./accord.tmLanguage.json") problems.push("package.json: grammars");
    JSON.parse(read(join("docs/editor", language?.configuration ?? "missing")));
  } catch (error) {
    problems.push(`package.json or language-configuration.json: ${error.message}`);
  }
  return problems;
}

// ---- run -----------------------------------------------------------------------------------------
const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const grammarPath = join(root, "docs/editor/accord.tmLanguage.json");
const raw = JSON.parse(readFileSync(grammarPath, "utf8"));
const registry = new textmate.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (text) => new oniguruma.OnigString(text),
  }),
  loadGrammar: async (scope) =>
    scope === "source.accord" ? textmate.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath) : null,
});
const grammar = await registry.loadGrammar("source.accord");

const cases = [
  ...["schemas", "compiler/tests/fixtures"].flatMap(accordFiles).map((path) => ({ name: path, text: read(path) })),
  ...docExamples(),
  { name: "vocabulary of the compiler (built-in types, annotations, modes, formats, declarations)", text: vocabulary() },
];
let passed = 0;
let failed = 0;
let assertions = 0;
const report = (name, problems, detail = "") => {
  if (problems.length === 0) { passed++; console.log(`ok   ${name}${detail}`); return; }
  failed++;
  console.log(`FAIL ${name}`);
  for (const problem of problems.slice(0, 15)) console.log(`     ${problem}`);
  if (problems.length > 15) console.log(`     ... and ${problems.length - 15} more`);
};
report("grammar file: regexes compile, includes resolve, package.json agrees", checkGrammarFile(raw));
for (const { name, text } of cases) {
  const result = checkText(grammar, text);
  assertions += result.assertions;
  report(name, result.problems, ` (${result.assertions} assertions)`);
}
console.log(`${assertions} assertions over ${cases.length} contracts (${relative(root, grammarPath)})`);
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
