import { describe, expect, it } from 'vitest';
import type { StoredAdr } from '../../../src/db/adr-repository.js';
import { KeptAdrs } from '../../../src/db/kept-adrs.js';

function adr(number: number): StoredAdr {
  return { teamId: 'T1', number, title: `ADR ${number}`, options: [{ name: 'A' }] } as unknown as StoredAdr;
}

describe('KeptAdrs', () => {
  it('hands an ADR out only at the revision it was kept at, frozen', () => {
    const kept = new KeptAdrs();
    const one = kept.keep(adr(1), 7);
    expect(kept.get('T1', 1, 7)).toBe(one);
    expect(Object.isFrozen(one.options[0])).toBe(true);
    expect(kept.get('T1', 1, 8)).toBeUndefined();
    expect(kept.get('T2', 1, 7)).toBeUndefined();
  });

  it('keeps at most its capacity, the least recently read going first', () => {
    const kept = new KeptAdrs(2);
    kept.keep(adr(1), 1);
    kept.keep(adr(2), 1);
    expect(kept.get('T1', 1, 1)).toBeDefined();
    kept.keep(adr(3), 1);
    expect(kept.get('T1', 2, 1)).toBeUndefined();
    expect(kept.get('T1', 1, 1)).toBeDefined();
    expect(kept.get('T1', 3, 1)).toBeDefined();
  });
});
