/** Content moderation in the operators' console: reports from every community. */
const zh = {
  menu: '内容举报',
  title: '内容举报',
  subtitle: '居民举报的帖子和评论。团长先处理本社区的；这里是全平台还没处理的。隐藏会保留原因，居民能看到。',
  empty: '没有待处理的举报',
  columns: { community: '社区', target: '内容', reason: '举报理由', people: '发布 / 举报', time: '举报时间', actions: '处理' },
  target: { post: '帖子', comment: '评论' },
  by: '{{author}} 发布 · {{reporter}} 举报',
  hide: '隐藏',
  dismiss: '不处理',
  hideTitle: '隐藏这条{{target}}？',
  hideReason: '隐藏原因（居民会看到）',
  hideReasonPlaceholder: '例如：发广告、留私人联系方式',
  hideOk: '隐藏',
  dismissTitle: '不处理这条举报？',
  dismissBody: '内容保持可见，举报关闭。',
  done: '已处理',
  reasonRequired: '请写明原因（2–200 个字）',
};
export default zh;
