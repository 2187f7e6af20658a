/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {} as Record<string, string>,
  },
  en: {
    errors: {} as Record<string, string>,
  },
};
