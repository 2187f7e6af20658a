/** The community module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { communities, memberships } from './schema.js';
export { appointLeader, importJoinedAt, communityByInvite, createCommunity, getCommunity, joinByInvite, leadersOf, listAllCommunities, listMembers, listMyCommunities, memberIds, membershipOf, regenerateInvite, requireLeader, requireMember, setWelcomeGift, updateCommunity, welcomeGiftView } from './service.js';
export { WELCOME_GIFT_LIMITS } from './service.js';
export { memberNotes } from './schema.js';
export { myMembership, setMemberNote, updateMyMembership } from './members.service.js';
export { checkDisplayName, checkDoorNumber, MEMBER_LIMITS } from './member-rules.js';
