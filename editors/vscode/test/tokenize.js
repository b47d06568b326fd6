#!/usr/bin/env node
// Tokenizes .zona files with the TextMate grammar of the extension, using the engine VS Code
// itself uses (vscode-textmate on the vscode-oniguruma regex library).
//
//   node tokenize.js GRAMMAR FILE...
//
// Prints one JSON object: {"FILE": [[[start, end, [scope, ...]], ...] per line], ...}, where
// start and end count code points (not UTF-16 units) from the start of the line.
"use strict";

const fs = require("fs");
const path = require("path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function loadGrammar(grammarPath) {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.zona") return null;
      return vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath);
    },
  });
  return registry.loadGrammar("source.zona");
}

function codePoints(line, index) {
  return Array.from(line.slice(0, index)).length;
}

function tokenizeText(grammar, text) {
  const lines = [];
  let stack = vsctm.INITIAL;
  for (const line of text.split(/\r?\n/)) {
    const result = grammar.tokenizeLine(line, stack);
    lines.push(result.tokens.map((token) => [
      codePoints(line, token.startIndex),
      codePoints(line, Math.min(token.endIndex, line.length)),
      token.scopes,
    ]));
    stack = result.ruleStack;
  }
  return lines;
}

async function main() {
  const [grammarPath, ...files] = process.argv.slice(2);
  if (!grammarPath) {
    process.stderr.write("usage: node tokenize.js GRAMMAR FILE...\n");
    process.exit(2);
  }
  const grammar = await loadGrammar(grammarPath);
  const out = {};
  for (const file of files) {
    out[file] = tokenizeText(grammar, fs.readFileSync(file, "utf8"));
  }
  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
