import type { components } from '../shared/api-types';

/** A community in the operators' list (GET /api/communities as an operator). */
export type ConsoleCommunity = components['schemas']['ConsoleCommunity'];

export type Member = components['schemas']['CommunityMember'];

export type ConsoleProduct = components['schemas']['Product'];

/** A community as created or edited (POST/PATCH /api/communities): no members or leaders yet. */
export type CommunityRecord = components['schemas']['CommunityRecord'];
