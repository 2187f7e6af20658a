/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'tag.syntax': '规则写得不对（第 {{position}} 个字符附近）：{{detail}}',
      'tag.unknown_fact': '规则里用到了不认识的数据项「{{detail}}」（第 {{position}} 个字符）',
      'tag.name_invalid': '标签名称 1–20 个字',
      'tag.name_taken': '已经有同名的标签了',
      'tag.not_found': '找不到这个标签规则',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'tag.syntax': 'The rule does not parse near character {{position}}: {{detail}}',
      'tag.unknown_fact': 'The rule uses an unknown fact “{{detail}}” (character {{position}})',
      'tag.name_invalid': 'Tag names are 1–20 characters',
      'tag.name_taken': 'A tag with this name already exists',
      'tag.not_found': 'Tag rule not found',
    } as Record<string, string>,
  },
};
