// Eight points, two in each quadrant, and the quadrant of each as its label
// (0: x > 0 and y > 0, 1: x < 0 and y > 0, 2: both negative, 3: x > 0 and y < 0).
export const points = Float32Array.from([0.9, 0.5, 0.3, 0.8, -0.6, 0.7, -0.2, 0.9, -0.8, -0.4, -0.5, -0.9, 0.7, -0.3, 0.4, -0.6]);
export const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);

/** The index of the largest score in each row of `classes` scores. */
export function argmax(scores: Float32Array, classes: number): number[] {
  const best: number[] = [];
  for (let row = 0; row * classes < scores.length; row++) {
    const r = Array.from(scores.subarray(row * classes, (row + 1) * classes));
    best.push(r.indexOf(Math.max(...r)));
  }
  return best;
}
