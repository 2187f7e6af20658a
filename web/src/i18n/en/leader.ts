import type zh from '../zh-CN/leader';

const en: typeof zh = {};
export default en;
