import type zh from '../zh-CN/console';

const en: typeof zh = {};
export default en;
