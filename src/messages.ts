import { registerMessages } from './platform/i18n.js';
import suppliersMessages from './modules/suppliers/messages.js';
import qualityMessages from './modules/quality/messages.js';
import leadersMessages from './modules/leaders/messages.js';
import fulfilmentMessages from './modules/fulfilment/messages.js';
import filesMessages from './modules/files/messages.js';
import notificationsMessages from './modules/notifications/messages.js';
import metricsMessages from './modules/metrics/messages.js';
import trustMessages from './modules/trust/messages.js';
import payoutsMessages from './modules/payouts/messages.js';
import aftersalesMessages from './modules/aftersales/messages.js';
import trainingMessages from './modules/training/messages.js';
import feedMessages from './modules/feed/messages.js';
import gatheringsMessages from './modules/gatherings/messages.js';
import governanceMessages from './modules/governance/messages.js';
import pointsMessages from './modules/points/messages.js';
import communityMessages from './modules/community/messages.js';
import ordersMessages from './modules/orders/messages.js';
import leaderOrdersMessages from './queries/leader-orders.messages.js';
import groupbuyMessages from './modules/groupbuy/messages.js';
import messagingMessages from './modules/messaging/messages.js';
import morningMessages from './modules/groupbuy/morning.messages.js';
import shareCardMessages from './queries/share-cards.messages.js';
import reviewsMessages from './modules/reviews/messages.js';
import campaignsMessages from './modules/campaigns/messages.js';
import ledgerMessages from './modules/ledger/messages.js';

/** Every module's texts in the one catalogue; imported once by the app and the command line. */
registerMessages(suppliersMessages, qualityMessages, leadersMessages, fulfilmentMessages, filesMessages, notificationsMessages, metricsMessages, trustMessages, aftersalesMessages, trainingMessages, feedMessages, gatheringsMessages, pointsMessages, communityMessages, ordersMessages, leaderOrdersMessages, payoutsMessages, groupbuyMessages, messagingMessages, morningMessages, shareCardMessages, governanceMessages, reviewsMessages, ledgerMessages, campaignsMessages);
