import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.ready();
});
afterAll(async () => { await t?.close(); });

type Schema = { required?: string[]; properties?: Record<string, Schema>; items?: Schema };

describe('the training API contract', () => {
  it('promises operators the quiz answers, and leaders only once they passed', () => {
    const schemas = (t.app.swagger() as unknown as { components: { schemas: Record<string, Schema> } }).components.schemas;
    expect(schemas.QuizQuestion.required).toContain('correctIndex');
    const leaderQuestion = schemas.LeaderCourse.properties!.questions.items!;
    expect(Object.keys(leaderQuestion.properties!)).toContain('correctIndex');
    expect(leaderQuestion.required).not.toContain('correctIndex');
  });
});
