// parity.py as a stream: the test sends a job as soon as its case is written
// and Python works on it while the next case is prepared; each job's files
// are removed once its result is in (the stdlib's weights are gigabytes).

import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Job, JobResult } from "./cases.js";
import { torchPython } from "./torch_python.js";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "parity.py");

export class ParityRun {
  private readonly results: JobResult[] = [];
  private readonly jobs = new Map<string, Job>();
  private stdout = "";
  private stderr = "";
  private readonly closed: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      this.stdout += s;
      let nl: number;
      while ((nl = this.stdout.indexOf("\n")) >= 0) {
        const line = this.stdout.slice(0, nl);
        this.stdout = this.stdout.slice(nl + 1);
        if (!line.startsWith("{")) continue;
        const r = JSON.parse(line) as JobResult;
        this.results.push(r);
        const job = this.jobs.get(r.name);
        if (job) for (const f of [job.py, job.weights, job.io]) rmSync(f, { force: true });
      }
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => (this.stderr += s));
    this.closed = new Promise((done, fail) => {
      child.on("error", fail);
      child.on("close", (code) => done(code));
    });
  }

  /** Starts parity.py; killed after `timeoutMs` (a hang). */
  static start(timeoutMs: number): ParityRun {
    const child = spawn(torchPython(), [SCRIPT], { stdio: ["pipe", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL" });
    return new ParityRun(child);
  }

  /** Hands Python one job, and lets the event loop pass it on. */
  async send(job: Job): Promise<void> {
    this.jobs.set(job.name, job);
    this.child.stdin.write(`${JSON.stringify(job)}\n`);
    await new Promise((r) => setImmediate(r));
  }

  /** Every job's result, by name, once Python has answered them all. */
  async finish(): Promise<Map<string, JobResult>> {
    this.child.stdin.end();
    const code = await this.closed;
    if (code !== 0) throw new Error(`parity.py exited ${code}:\n${this.stderr.slice(-4000)}`);
    return new Map(this.results.map((r) => [r.name, r]));
  }
}

