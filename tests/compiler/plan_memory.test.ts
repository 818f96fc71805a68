import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planMemory } from "../../compiler/passes/plan_memory.js";

describe("planMemory", () => {
  it("lets a chain reuse the bytes of values that died: a → b → c needs two slots", () => {
    // a lives over nodes 0–1, b over 1–2, c over 2–3: a and c never meet.
    const plan = planMemory([
      { id: 0, bytes: 1024, first: 0, last: 1 },
      { id: 1, bytes: 1024, first: 1, last: 2 },
      { id: 2, bytes: 1024, first: 2, last: 3 },
    ]);
    expect(plan.arenaBytes).toBe(2048);
    expect(plan.lowerBoundBytes).toBe(2048);
    expect(plan.naiveBytes).toBe(3072);
    expect(plan.offsets.get(0)).toBe(plan.offsets.get(2));
  });
  it("aligns every offset to the storage alignment", () => {
    const plan = planMemory([
      { id: 0, bytes: 12, first: 0, last: 2 },
      { id: 1, bytes: 12, first: 1, last: 2 },
    ], 256);
    expect([...plan.offsets.values()].sort((a, b) => a - b)).toEqual([0, 256]);
  });
  it("never overlaps two values alive at once, and stays within the bounds", () => {
    const values = fc.array(fc.record({ bytes: fc.integer({ min: 4, max: 5000 }), first: fc.integer({ min: 0, max: 40 }), span: fc.integer({ min: 0, max: 15 }) }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(values, (vs) => {
        const input = vs.map((v, id) => ({ id, bytes: v.bytes, first: v.first, last: v.first + v.span }));
        const plan = planMemory(input, 256);
        for (const a of input) {
          for (const b of input) {
            if (a.id >= b.id || a.last < b.first || b.last < a.first) continue;
            const [oa, ob] = [plan.offsets.get(a.id)!, plan.offsets.get(b.id)!];
            const [sa, sb] = [Math.ceil(a.bytes / 256) * 256, Math.ceil(b.bytes / 256) * 256];
            expect(oa + sa <= ob || ob + sb <= oa).toBe(true);
          }
        }
        expect(plan.arenaBytes).toBeGreaterThanOrEqual(plan.lowerBoundBytes);
        expect(plan.arenaBytes).toBeLessThanOrEqual(plan.naiveBytes);
      }),
      { numRuns: 200, seed: 42 },
    );
  });
});
