import type { NpsSubject } from './schema.js';

/** The events the metrics module records; the leader index reads 'nps.answered' in SQL. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'nps.answered': { subjectType: NpsSubject; subjectId: string | null; score: number };
    'nps.survey_started': { subjectType: 'platform' | 'campaign'; title: string; invited: number; eligible: number };
  }
}
