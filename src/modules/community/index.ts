/** The community module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { communities, memberships } from './schema.js';
export { addPickupPoint, checkoutOptions, closePickupPoint, DELIVERY_LIMITS, firstPickupPoint, getDeliverySettings, getPickupPoint, handoverScope, listPickupPoints, PICKUP_POINT_LIMITS, pickupPointsByIds, reopenPickupPoint, reorderPickupPoints, resolveFulfilment, setDeliverySettings, setPickupPointStaff, staffPointsOf, updatePickupPoint, validHours } from './pickup-points.service.js';
export type { DeliverySettings, FulfilmentChoice, HandoverScope, PickupPoint, PickupPointView, ResolvedFulfilment } from './pickup-points.service.js';
export { appointLeader, importJoinedAt, communityByInvite, createCommunity, getCommunity, joinByInvite, leadersOf, listAllCommunities, listMembers, listMyCommunities, memberIds, membershipOf, regenerateInvite, requireLeader, requireMember, setWelcomeGift, updateCommunity, welcomeGiftView } from './service.js';
export { WELCOME_GIFT_LIMITS } from './service.js';
export { memberNotes } from './schema.js';
export { myMembership, setMemberNote, updateMyMembership } from './members.service.js';
export { checkDisplayName, checkDoorNumber, MEMBER_LIMITS } from './member-rules.js';
