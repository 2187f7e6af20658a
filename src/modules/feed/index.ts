/** The feed module's public API: what other modules, workflows, queries and routes may use. */
import './events.js'; // its event payloads, added to the platform's map
export { postKinds } from './schema.js';
export { LIMITS, addComment, createPost, getPost, hideContent, listFeed, markHelpful, openQuestions, report, reportQueue, resolveReport, setPinned, setReaction, setThreadMuted, vote } from './service.js';
/** The one moderation of what neighbours write, shared with private messages. */
export { BLOCKED_WORDS, blockedWordIn, cleanText, moderateText, recordImages, stageImages } from './moderation.js';
export type { ImageUpload, StagedImages } from './moderation.js';
export { STORY_LIMITS, answerStory, campaignStoriesPage, myStory, nominateStory, removeStory, storiesOfMyPost, storyCandidates, storyPhotoFileId, tagPostProduct, taggableProducts } from './stories.service.js';
export { storyStatuses } from './schema.js';
