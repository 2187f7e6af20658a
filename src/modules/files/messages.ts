/** This module's user-facing messages (errors and notices), merged into the i18n catalogue. */
export default {
  'zh-CN': {
    errors: {
      'file.empty': '文件是空的',
      'file.too_large': '文件太大了，不能超过 {{maxMb}} MB',
      'file.type_not_allowed': '只支持 PDF 或图片（JPG、PNG、WebP）',
      'file.not_image': '只支持图片（JPG、PNG、WebP）',
      'file.image_unreadable': '这张图片打不开（文件不完整或已损坏），请重新拍摄或选择',
      'file.too_many_pixels': '图片像素太多（最多 {{maxMp}} 百万像素），请缩小后再上传',
      'file.not_found': '找不到这个文件',
      'file.multipart_required': '请用表单上传文件（multipart/form-data）',
      'file.missing': '请选择要上传的文件',
    } as Record<string, string>,
  },
  en: {
    errors: {
      'file.empty': 'The file is empty',
      'file.too_large': 'The file is too large (max {{maxMb}} MB)',
      'file.type_not_allowed': 'Only PDF or images (JPG, PNG, WebP) are accepted',
      'file.not_image': 'Only images (JPG, PNG, WebP) are accepted',
      'file.image_unreadable': 'This picture cannot be opened (the file is incomplete or damaged); please take or choose it again',
      'file.too_many_pixels': 'The picture has too many pixels (at most {{maxMp}} megapixels); please make it smaller',
      'file.not_found': 'File not found',
      'file.multipart_required': 'Upload files as multipart/form-data',
      'file.missing': 'Please choose a file to upload',
    } as Record<string, string>,
  },
};
