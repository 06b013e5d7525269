import { describe, expect, it } from 'vitest';
import { minimize } from '../../../shared/sentiment/lbfgs.ts';

describe('Function: minimize', () => {
  it('finds the minimum of the Rosenbrock function', () => {
    const result = minimize(
      (x, g) => {
        const [a, b] = [x[0]!, x[1]!];
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.from([-1.2, 1]),
      { maxIterations: 500, tolerance: 1e-14 },
    );

    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
    expect(result.value).toBeLessThan(1e-6);
  });

  it('solves a separable quadratic in a few iterations', () => {
    const target = [3, -2, 0.5, 10];
    const result = minimize((x, g) => {
      let f = 0;
      x.forEach((v, i) => {
        g[i] = 2 * (i + 1) * (v - target[i]!);
        f += (i + 1) * (v - target[i]!) ** 2;
      });
      return f;
    }, new Float64Array(4));

    result.x.forEach((v, i) => {
      expect(v).toBeCloseTo(target[i]!, 5);
    });
    expect(result.iterations).toBeLessThan(20);
  });
});
