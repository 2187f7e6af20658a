import type zh from '../zh-CN/resident';

const en: typeof zh = {};
export default en;
