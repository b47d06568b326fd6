// extension.js against stand-ins for the `vscode` API and vscode-languageclient: it starts
// `zona lsp` over stdio for .zona documents, from the configured path, and restarts it.
//
//   node --test test/extension.test.js
"use strict";

const assert = require("node:assert/strict");
const Module = require("node:module");
const path = require("node:path");
const test = require("node:test");

const started = [];
const messages = [];
let settings = {};
let configListener;

class FakeClient {
  constructor(id, name, serverOptions, clientOptions) {
    Object.assign(this, { id, name, serverOptions, clientOptions, stopped: false });
  }
  async start() {
    if (this.serverOptions.run.command === "missing-zona") throw new Error("spawn ENOENT");
    started.push(this);
  }
  async stop() {
    this.stopped = true;
  }
}

const fakeVscode = {
  workspace: {
    workspaceFolders: [{ uri: { fsPath: "/work/project" } }],
    getConfiguration: (section) => {
      assert.equal(section, "zona");
      return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
    },
    createFileSystemWatcher: (glob) => ({ glob }),
    onDidChangeConfiguration: (listener) => {
      configListener = listener;
      return { dispose() {} };
    },
  },
  commands: { registerCommand: (name, run) => ({ name, run, dispose() {} }) },
  window: { showErrorMessage: (text) => messages.push(text) },
};
const fakeClientModule = { LanguageClient: FakeClient, TransportKind: { stdio: 0 } };

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return fakeVscode;
  if (request === "vscode-languageclient/node") return fakeClientModule;
  return load.call(this, request, parent, isMain);
};
const extension = require(path.join(__dirname, "..", "extension.js"));

test("activate starts `zona lsp` over stdio for .zona documents", async () => {
  settings = { "server.path": "${workspaceFolder}/.venv/bin/zona" };
  const context = { subscriptions: [] };
  await extension.activate(context);
  const client = started.at(-1);
  assert.deepEqual(client.serverOptions.run, {
    command: "/work/project/.venv/bin/zona", args: ["lsp"], transport: 0,
  });
  assert.deepEqual(client.serverOptions.debug, client.serverOptions.run);
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: "file", language: "zona" },
    { scheme: "untitled", language: "zona" },
  ]);
  assert.equal(client.clientOptions.synchronize.fileEvents.glob, "**/*.zona");
  assert.deepEqual(context.subscriptions.map((s) => s.name).filter(Boolean), ["zona.restartServer"]);

  settings = { "server.path": "zona" };
  await configListener({ affectsConfiguration: (section) => section === "zona.server" });
  assert.equal(client.stopped, true);
  assert.equal(started.at(-1).serverOptions.run.command, "zona");
  await extension.deactivate();
  assert.equal(started.at(-1).stopped, true);
});

test("a server that cannot start is reported, with the setting to change", async () => {
  settings = { "server.path": "missing-zona" };
  const before = started.length;
  await extension.activate({ subscriptions: [] });
  assert.equal(started.length, before);
  assert.match(messages.at(-1), /could not start the language server with 'missing-zona lsp'/);
  assert.match(messages.at(-1), /zona\.server\.path/);
});

test("the server can be switched off", async () => {
  settings = { "server.enabled": false };
  const before = started.length;
  await extension.activate({ subscriptions: [] });
  assert.equal(started.length, before);
});
