// Lists the slowest test files and tests of a vitest run, from its JSON
// report, to keep `npm test` short as the suite grows and to see which
// files decide how well the two workers balance.
//
//   npm run test:timed                     # the suite, writing tmp/vitest.json
//   npm run test:slowest [-- REPORT [N]]   # the N slowest (default 15)

import { readFileSync } from "node:fs";
import { relative } from "node:path";

interface AssertionResult {
  readonly fullName: string;
  readonly status: string;
  readonly duration?: number | null;
}
interface FileResult {
  readonly name: string;
  readonly startTime: number;
  readonly endTime: number;
  readonly assertionResults: readonly AssertionResult[];
}
interface Report {
  readonly numTotalTests: number;
  readonly numFailedTests: number;
  readonly numPendingTests: number;
  readonly testResults: readonly FileResult[];
}

function isReport(x: unknown): x is Report {
  return typeof x === "object" && x !== null && Array.isArray((x as Report).testResults);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`.padStart(8);

function summarise(report: Report, top: number, root = process.cwd()): string {
  const files = report.testResults.map((f) => ({
    name: relative(root, f.name),
    ms: f.endTime - f.startTime,
    tests: f.assertionResults.length,
    failed: f.assertionResults.filter((a) => a.status === "failed").length,
  }));
  const tests = report.testResults.flatMap((f) => f.assertionResults.map((a) => ({ name: `${relative(root, f.name)} › ${a.fullName}`, ms: a.duration ?? 0 })));
  const start = Math.min(...report.testResults.map((f) => f.startTime));
  const end = Math.max(...report.testResults.map((f) => f.endTime));
  const busy = files.reduce((s, f) => s + f.ms, 0);
  const lines = [
    `${files.length} files, ${report.numTotalTests} tests (${report.numFailedTests} failed, ${report.numPendingTests} skipped)`,
    `wall ${seconds(end - start).trim()} (first file's start to last file's end), files' time summed ${seconds(busy).trim()}`,
    "",
    `slowest files:`,
    ...[...files].sort((a, b) => b.ms - a.ms).slice(0, top).map((f) => `${seconds(f.ms)}  ${String(f.tests).padStart(3)} test${f.tests === 1 ? " " : "s"}${f.failed ? `, ${f.failed} failed` : ""}  ${f.name}`),
    "",
    `slowest tests:`,
    ...[...tests].sort((a, b) => b.ms - a.ms).slice(0, top).map((t) => `${seconds(t.ms)}  ${t.name}`),
  ];
  return `${lines.join("\n")}\n`;
}

const [path = "tmp/vitest.json", n = "15"] = process.argv.slice(2);
const top = Number(n);
let parsed: unknown;
try {
  parsed = JSON.parse(readFileSync(path, "utf8"));
} catch (e) {
  process.stderr.write(`cannot read the vitest JSON report ${path}: ${(e as Error).message}\nwrite one with \`npm run test:timed\`\n`);
  process.exit(2);
}
if (!isReport(parsed) || !Number.isInteger(top) || top < 1) {
  process.stderr.write(isReport(parsed) ? `N must be a whole number ≥ 1, not ${n}\n` : `${path} is not a vitest JSON report (no testResults)\n`);
  process.exit(2);
}
process.stdout.write(summarise(parsed, top));
