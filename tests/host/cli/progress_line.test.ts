// progress_line.ts: a live line on a terminal, two plain lines elsewhere.

import { describe, expect, it } from "vitest";
import { compileProgress } from "../../../host/cli/progress_line.js";

function run(isTTY: boolean, total: number): string {
  let text = "";
  const report = compileProgress({ isTTY, write: (s: string) => (text += s) });
  for (let done = 0; done <= total; done++) report(done, total);
  return text;
}

describe("compileProgress", () => {
  it("off a terminal writes the count before and the time after, nothing in between", () => {
    expect(run(false, 3)).toMatch(/^compiling 3 kernels…\ncompiled 3 kernels in \d+\.\d s\n$/);
  });

  it("on a terminal redraws one line with each kernel, then leaves the summary", () => {
    const text = run(true, 2);
    expect(text.split("\r\x1b[K").filter(Boolean)).toEqual(["compiling 2 kernels… 0/2", "compiling 2 kernels… 1/2", "compiling 2 kernels… 2/2", expect.stringMatching(/^compiled 2 kernels in \d+\.\d s\n$/)]);
  });
});
