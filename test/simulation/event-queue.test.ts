import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../router/simulation/event-queue';

describe('event queue', () => {
  it('pops the earliest event, same-instant events in push order, pushes and pops interleaved', () => {
    fc.assert(
      fc.property(
        // A time to push at, or null to pop.
        fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { freq: 3 }), { maxLength: 300 }),
        (script) => {
          const queue = new EventQueue();
          /** The model: pending events as [atMs, push number], kept sorted. */
          const pending: Array<[number, number]> = [];
          const fired: number[] = [];
          let pushed = 0;
          for (const atMs of script) {
            if (atMs === null) {
              const expected = pending.shift();
              queue.pop()?.();
              expect(fired.pop()).toBe(expected?.[1]);
              continue;
            }
            const number = pushed++;
            queue.push(atMs, () => fired.push(number));
            pending.push([atMs, number]);
            pending.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
            expect(queue.nextAtMs()).toBe(pending[0]?.[0]);
          }
          expect(queue.size).toBe(pending.length);
        },
      ),
    );
  });
});
