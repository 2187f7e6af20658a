import type { components } from '../../shared/api-types';

/** GET /api/communities/:id/leader-dashboard */
export type LeaderDashboard = components['schemas']['LeaderDashboard'];
/** POST /api/communities/:id/announcements */
export type AnnouncementSent = components['schemas']['AnnouncementSent'];
