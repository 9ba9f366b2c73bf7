/**
 * Every error the HTTP surface can answer with: a stable code callers can switch on, its status,
 * and a message for people. One table, so the API, the pages and the docs cannot drift apart.
 */
export declare const ERRORS: {
    readonly invalid_request: {
        readonly status: 400;
        readonly message: "The request is not valid.";
    };
    readonly unauthorized: {
        readonly status: 401;
        readonly message: "A valid API key is required: Authorization: Bearer <key>.";
    };
    readonly forbidden: {
        readonly status: 403;
        readonly message: "This request is not allowed from here.";
    };
    readonly not_found: {
        readonly status: 404;
        readonly message: "There is nothing here.";
    };
    readonly invalid: {
        readonly status: 404;
        readonly message: "This link is not valid.";
    };
    readonly expired: {
        readonly status: 410;
        readonly message: "This link has expired.";
    };
    readonly used: {
        readonly status: 410;
        readonly message: "This link has already been used or was cancelled.";
    };
    readonly payload_too_large: {
        readonly status: 413;
        readonly message: "The request body is too large.";
    };
    readonly unsupported_media_type: {
        readonly status: 415;
        readonly message: "The request body must be application/json.";
    };
    readonly rate_limited: {
        readonly status: 429;
        readonly message: "Too many requests; try again later.";
    };
    readonly internal_error: {
        readonly status: 500;
        readonly message: "Something went wrong on our side.";
    };
    readonly capacity: {
        readonly status: 503;
        readonly message: "The service is at capacity; try again shortly.";
    };
};
export type ErrorCode = keyof typeof ERRORS;
/** Seconds a client should wait after a 503 for capacity. */
export declare const CAPACITY_RETRY_AFTER_SECONDS = 1;
export declare function errorBody(code: ErrorCode, details?: {
    message?: string;
    field?: string;
}): {
    field?: string | undefined;
    error: "invalid_request" | "unauthorized" | "forbidden" | "not_found" | "invalid" | "expired" | "used" | "payload_too_large" | "unsupported_media_type" | "rate_limited" | "internal_error" | "capacity";
    message: string;
};
