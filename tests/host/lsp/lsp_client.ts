// A language-server client for tests, written here rather than taken from
// vscode-languageclient so that the test sees the wire itself: `dlc lsp` from
// source in a child process, messages framed by hand (Content-Length
// headers, UTF-8 JSON bodies), requests matched to their responses by id,
// notifications kept in order for the test to wait on.

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { dlcArgv, root } from "../../helpers/cli.js";

export interface Message {
  readonly jsonrpc: "2.0";
  readonly id?: number;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, (m: Message) => void>();
  readonly notifications: Message[] = [];
  private waiters: (() => void)[] = [];
  stderr = "";
  readonly exited: Promise<number | null>;

  constructor() {
    this.child = spawn(process.execPath, dlcArgv(["lsp", "--stdio", `--clientProcessId=${process.pid}`]), { cwd: root, env: { ...process.env, NO_COLOR: "1", DLC_DEBUG: "" } });
    this.child.stdout.on("data", (b: Buffer) => this.receive(b));
    this.child.stderr.setEncoding("utf8").on("data", (s: string) => (this.stderr += s));
    this.exited = new Promise((done) => this.child.on("exit", (code) => done(code)));
  }

  /** Writes one framed message; the length counts bytes, not characters. */
  send(m: Omit<Message, "jsonrpc">): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", ...m }), "utf8");
    this.child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, "ascii"), body]));
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise((done, fail) => {
      this.pending.set(id, (m) => (m.error ? fail(new Error(`${method}: ${m.error.message}`)) : done(m.result as T)));
      this.send({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The first notification (from `from` on) that passes `test`, waiting for it if need be. */
  async waitFor(test: (m: Message) => boolean, from = 0): Promise<Message> {
    for (;;) {
      const found = this.notifications.slice(from).find(test);
      if (found) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString("ascii");
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad header from the server: ${header}`);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const m = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8")) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (m.id !== undefined && m.method === undefined) {
        this.pending.get(m.id)?.(m);
        this.pending.delete(m.id);
      } else if (m.id !== undefined && m.method !== undefined) {
        // A request from the server (workDoneProgress, configuration): answered empty.
        this.send({ id: m.id, result: null });
      } else {
        this.notifications.push(m);
        const ws = this.waiters;
        this.waiters = [];
        ws.forEach((w) => w());
      }
    }
  }

  kill(): void {
    this.child.kill("SIGKILL");
  }
}
