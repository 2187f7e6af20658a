/** This module's user-facing messages, merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'tag.syntax': '规则写得不对（第 {{position}} 个字符附近）：{{detail}}',
      'tag.unknown_fact': '规则里用到了不认识的数据项「{{detail}}」（第 {{position}} 个字符）',
      'tag.name_invalid': '标签名称 1–20 个字',
      'tag.name_taken': '已经有同名的标签了',
      'tag.not_found': '找不到这个标签规则',
      'cocreate.closes_in_past': '截止时间要在将来',
      'cocreate.levels_invalid': '请选择邀请的信任等级（A、B、C）',
      'cocreate.not_found': '找不到这个邀请',
      'cocreate.closed': '这个邀请已经截止了',
      'cocreate.full': '名额已经满了，谢谢你的热心',
    } as Record<string, string>,
    recommend: {
      rebuy: '你之前买过，回购方便',
      new_mother: '因为你在给宝宝准备辅食',
      food_safety: '因为你关注食品安全：有标准承诺、检测合格',
      leader_trial: '团长亲自试用，打了高分',
      popular: '邻居们都在接龙',
    },
  },
  en: {
    errors: {
      'tag.syntax': 'The rule does not parse near character {{position}}: {{detail}}',
      'tag.unknown_fact': 'The rule uses an unknown fact “{{detail}}” (character {{position}})',
      'tag.name_invalid': 'Tag names are 1–20 characters',
      'tag.name_taken': 'A tag with this name already exists',
      'tag.not_found': 'Tag rule not found',
      'cocreate.closes_in_past': 'The closing time must be in the future',
      'cocreate.levels_invalid': 'Choose the trust levels to invite (A, B, C)',
      'cocreate.not_found': 'Invitation not found',
      'cocreate.closed': 'This invitation has closed',
      'cocreate.full': 'All places are taken, thank you',
    } as Record<string, string>,
    recommend: {
      rebuy: 'You bought this before',
      new_mother: 'Because you are preparing food for your baby',
      food_safety: 'Because you care about food safety: certified and inspected',
      leader_trial: 'Tried and rated highly by your leader',
      popular: 'Popular with your neighbours',
    },
  },
};
