// The zona extension: highlighting comes from the grammar in syntaxes/ (no code needed);
// this file starts the zona language server (`zona lsp`, over stdio) for .zona files.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** The zona command from the settings, with `${workspaceFolder}` and `~` expanded. */
function serverCommand(config) {
  let command = config.get("server.path", "zona") || "zona";
  const folders = vscode.workspace.workspaceFolders;
  if (folders && folders.length > 0) {
    command = command.replace(/\$\{workspaceFolder\}/g, folders[0].uri.fsPath);
  }
  if (command.startsWith("~/") && process.env.HOME) {
    command = process.env.HOME + command.slice(1);
  }
  return command;
}

function createClient(config) {
  const command = serverCommand(config);
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "zona" },
      { scheme: "untitled", language: "zona" },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.zona"),
    },
  };
  return new LanguageClient("zona", "zona language server", serverOptions, clientOptions);
}

async function startServer() {
  const config = vscode.workspace.getConfiguration("zona");
  if (!config.get("server.enabled", true)) {
    return;
  }
  client = createClient(config);
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    vscode.window.showErrorMessage(
      `zona: could not start the language server with '${serverCommand(config)} lsp' ` +
        `(${error && error.message ? error.message : error}). Install zona ` +
        "(pip install zona-rb) or set 'zona.server.path' to its executable.",
    );
  }
}

async function stopServer() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("zona.restartServer", async () => {
      await stopServer();
      await startServer();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("zona.server")) {
        await stopServer();
        await startServer();
      }
    }),
  );
  await startServer();
}

function deactivate() {
  return stopServer();
}

module.exports = { activate, deactivate, serverCommand };
