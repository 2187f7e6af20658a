/** The events the training module records. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'leader.profile_updated': { missionChanged: boolean; photoChanged: boolean };
    /** By hand (with the operator's reason) or by rule (with the rule and the facts it read). */
    'honour.granted': { honourId: string; honourName: string; grantId: string } & (
      | { byRule: false; reason: string }
      | { byRule: true; rule: string | null; facts: Record<string, unknown> }
    );
    'honour.revoked': { honourId: string; grantId: string; reason: string };
    'course.published': { title: string; lessons: number; questions: number; passScore: number };
    'course.enrolled': { leaderId: string; courseTitle: string };
    'course.completed': { leaderId: string; courseId: string; courseTitle: string; score: number; attempts: number; certificateCode: string; completedAt: string };
  }
}

export {};
