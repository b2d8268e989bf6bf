import { z } from 'zod';

/**
 * Every error the API can answer, with its HTTP status and the Chinese message a worker sees.
 * Codes are machine-readable and stable: the app branches on them, never on the message.
 */
export const errorCatalog = {
  bad_request: { status: 400, message: '提交的内容有误，请检查后重试' },
  invalid_json: { status: 400, message: '提交的内容不是有效的 JSON' },
  unauthorized: { status: 401, message: '请先登录' },
  token_expired: { status: 401, message: '登录已过期，请重新登录' },
  wechat_code_invalid: { status: 401, message: '微信登录凭证无效或已使用，请重新进入小程序' },
  forbidden: { status: 403, message: '没有权限进行此操作' },
  /** a worker's token on a staff route: the app shows its 此页面仅限工会工作人员使用 page, not a retry */
  staff_only: { status: 403, message: '此功能仅限工会工作人员使用' },
  not_found: { status: 404, message: '找不到要访问的内容' },
  route_not_found: { status: 404, message: '没有这个接口' },
  conflict: { status: 409, message: '操作与当前状态冲突，请刷新后重试' },
  gone: { status: 410, message: '内容已失效' },
  /** a privacy consent to a guideline version other than the current one: the app asks again */
  privacy_version_outdated: { status: 409, message: '隐私保护指引已更新，请阅读新版本后再同意' },
  payload_too_large: { status: 413, message: '提交的内容太大（上限 64 KB）' },
  unsupported_media_type: { status: 415, message: '请以 JSON 格式提交（Content-Type: application/json）' },
  too_many_requests: { status: 429, message: '操作太频繁，请稍后再试' },
  internal: { status: 500, message: '服务暂时出了点问题，请稍后再试' },
  upstream_unavailable: { status: 502, message: '微信服务暂时不可用，请稍后再试' },
} as const;

export type ErrorCode = keyof typeof errorCatalog;
export const errorCodes = Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]];

/** The one error body of the API. */
export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  /** field path (dot-joined) → Chinese messages, only for input errors */
  fieldErrors: z.record(z.string(), z.array(z.string())).optional(),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Request bodies larger than this are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;
