// Time limits for tests. A limit is there to turn a hang into a failure,
// never to measure speed (speed belongs in bench/). So a limit is derived
// from the work a test does, not from how fast we hope it runs:
//
// - `idleSeconds` is what the slowest test of a file takes on an idle
//   2-core machine running WebGPU on SwiftShader (the slowest machine we
//   support; `npm run test:slowest` prints today's numbers). The GPU tests
//   spend it compiling kernels, at about 0.13 s each there.
// - A loaded machine is slower: 2 cores shared by five test runs of two
//   workers each made `npm test` 5× slower (25 min against 5). The limit
//   is 20× the idle time, that 5× with a margin of 4, and at least 2 min.
// - Slower set-ups still (an emulated CPU, a debug build of Dawn, more
//   runs on fewer cores) set DLC_TEST_SLOWDOWN, a factor on every limit.
//
// A hang still fails, after a bounded wait; a slow machine does not.

const MIN_MS = 120_000;
const LOAD_MARGIN = 20;

/** DLC_TEST_SLOWDOWN (a number ≥ 1; 1 when unset or not a number). */
export function slowdown(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.DLC_TEST_SLOWDOWN);
  return Number.isFinite(v) && v >= 1 ? v : 1;
}

/** The limit, in ms, for a test whose work takes `idleSeconds` on an idle 2-core machine. */
export function limitFor(idleSeconds: number, env: NodeJS.ProcessEnv = process.env): number {
  return Math.ceil(Math.max(MIN_MS, idleSeconds * 1000 * LOAD_MARGIN) * slowdown(env));
}
