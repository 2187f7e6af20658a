/** The events the community module records (payloads as written; SQL over domain_events reads them). */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'leader.appointed': { title: string };
    'member.joined': { invitedBy: string | null };
    /** The ledger rewards the inviter once the newcomer has really bought. */
    'referral.joined': { inviterId: string; newcomerId: string };
  }
}

export {};
