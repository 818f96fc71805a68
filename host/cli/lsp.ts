// `dlc lsp`: the language server on standard input and output (what editors
// launch; editors/vscode/ is the VS Code client). Standard output carries
// the protocol alone, so anything else that would print there goes to
// standard error, which editors show in the server's log. The process ends
// when the client says `exit` or closes the connection.

import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { serve } from "../lsp/server.js";

export function runLsp(): Promise<number> {
  // A stray console.log would corrupt the protocol's stream.
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(" ")}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // A bug outside a request (a timer's check) is logged; the server goes on.
  process.on("uncaughtException", (e) => connection.console.error(`dlc lsp: ${e.stack ?? e.message}`));
  serve(connection);
  // The connection ends the process itself (on `exit`, or when stdin closes).
  return new Promise(() => {});
}
