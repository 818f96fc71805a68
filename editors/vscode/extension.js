// @ts-check
// The VS Code client of dlc's language server: starts `dlc lsp` (the command
// and arguments are settings), hands it the .net documents, and passes the
// debounce and the folders imports may read. Everything else (diagnostics,
// hover, definition, completion, code lenses) is the server's.
// Plain CommonJS, so the folder runs as it is, without a build step.

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const config = vscode.workspace.getConfiguration("dlc");
  const command = config.get("server.command", "dlc");
  const args = config.get("server.args", ["lsp"]);
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const server = {
    command,
    args,
    // TransportKind.stdio adds --stdio, which `dlc lsp` accepts. A shell on
    // Windows finds dlc.cmd, the shim npm installs there.
    transport: TransportKind.stdio,
    options: { shell: process.platform === "win32" },
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [{ language: "dlc" }],
    // An imported file saved on disk re-checks the open files that import it.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.net") },
    initializationOptions: {
      checkDelayMs: config.get("checkDelayMs", 250),
      allowImports: config.get("allowImports", []),
    },
  };
  client = new LanguageClient("dlc", "dlc language server", server, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("dlc.server") || e.affectsConfiguration("dlc.checkDelayMs") || e.affectsConfiguration("dlc.allowImports")) {
        void vscode.window.showInformationMessage("dlc: reload the window for the new language server settings to take effect.");
      }
    }),
  );
  try {
    await client.start();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    void vscode.window.showErrorMessage(`dlc: could not start \`${command} ${args.join(" ")}\` (${why}). Install dlc (npm install -g, or npm link in a checkout) or set dlc.server.command.`);
  }
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
