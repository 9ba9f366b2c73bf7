/**
 * Every error the HTTP surface can answer with: a stable code callers can switch on, its status,
 * and a message for people. One table, so the API, the pages and the docs cannot drift apart.
 */
export const ERRORS = {
  invalid_request: { status: 400, message: 'The request is not valid.' },
  unauthorized: { status: 401, message: 'A valid API key is required: Authorization: Bearer <key>.' },
  forbidden: { status: 403, message: 'This request is not allowed from here.' },
  not_found: { status: 404, message: 'There is nothing here.' },
  // One answer for a malformed token, a bad tag, an unknown key and a purpose mismatch, on purpose:
  // a caller learns nothing about which check failed.
  invalid: { status: 404, message: 'This link is not valid.' },
  method_not_allowed: { status: 405, message: 'This address does not answer that method; see the Allow header.' },
  expired: { status: 410, message: 'This link has expired.' },
  used: { status: 410, message: 'This link has already been used or was cancelled.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  wrong_code: { status: 422, message: 'That code is not right; check it and try again.' },
  rate_limited: { status: 429, message: 'Too many requests; try again later.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
  capacity: { status: 503, message: 'The service is at capacity; try again shortly.' },
} as const

export type ErrorCode = keyof typeof ERRORS

/** Seconds a client should wait after a 503 for capacity. */
export const CAPACITY_RETRY_AFTER_SECONDS = 1

/** Fields a failure may add to its body, such as `reason` and `at` of `410 used` or `attemptsLeft` of `422 wrong_code`. */
export type ErrorExtras = Readonly<Record<string, string | number>>

export function errorBody(code: ErrorCode, details?: { message?: string; field?: string; extras?: ErrorExtras }) {
  return {
    error: code,
    message: details?.message ?? ERRORS[code].message,
    ...(details?.field !== undefined && { field: details.field }),
    ...details?.extras,
  }
}
