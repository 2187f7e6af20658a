import { describe, expect, it } from 'vitest';
import { UNMASKED_MOBILE } from './phone.js';

describe('the unmasked-phone pattern used by the leak tests', () => {
  it('finds a mobile number on its own or inside text', () => {
    expect('13812345678').toMatch(UNMASKED_MOBILE);
    expect('{"phone":"15900001111"}').toMatch(UNMASKED_MOBILE);
    expect('联系 18600002222 取货').toMatch(UNMASKED_MOBILE);
  });
  it('leaves masked numbers, UUIDs and timestamps alone', () => {
    expect('138****5678').not.toMatch(UNMASKED_MOBILE);
    expect('91fb9d31-6b91-486d-9604-121768506253').not.toMatch(UNMASKED_MOBILE);
    expect('9a0284ed-0cd5-41bc-8874-a13812345678').not.toMatch(UNMASKED_MOBILE);
    expect('1733389200000').not.toMatch(UNMASKED_MOBILE);
  });
});
