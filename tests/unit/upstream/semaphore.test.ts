import { describe, expect, it } from 'vitest';
import { createSemaphore } from '../../../src/upstream/datagouv/semaphore.js';

describe('createSemaphore', () => {
  it('admits up to the limit and hands slots to waiters in order', async () => {
    const semaphore = createSemaphore(2);
    const first = await semaphore.acquire();
    await semaphore.acquire();
    const order: string[] = [];
    const third = semaphore.acquire().then((release) => (order.push('third'), release));
    const fourth = semaphore.acquire().then((release) => (order.push('fourth'), release));
    expect(semaphore).toMatchObject({ active: 2, waiting: 2 });
    first();
    first();
    await third;
    expect(order).toEqual(['third']);
    expect(semaphore).toMatchObject({ active: 2, waiting: 1 });
    (await third)();
    await fourth;
    expect(order).toEqual(['third', 'fourth']);
  });

  it('drops a waiter whose signal aborts', async () => {
    const semaphore = createSemaphore(1);
    const release = await semaphore.acquire();
    const controller = new AbortController();
    const waiting = semaphore.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(semaphore.waiting).toBe(0);
    release();
    expect(semaphore.active).toBe(0);
  });
});
