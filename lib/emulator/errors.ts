// Bot API errors, worded exactly as Telegram words them.

export interface ApiErrorParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ApiErrorParameters,
  ) {
    super(description);
    this.name = "ApiError";
  }

  toJSON(): { ok: false; error_code: number; description: string; parameters?: ApiErrorParameters } {
    return this.parameters
      ? { ok: false, error_code: this.code, description: this.description, parameters: this.parameters }
      : { ok: false, error_code: this.code, description: this.description };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);

export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const unauthorized = (): ApiError => new ApiError(401, "Unauthorized");
export const notFound = (): ApiError => new ApiError(404, "Not Found");
export const internalError = (): ApiError => new ApiError(500, "Internal Server Error");
export const badGateway = (): ApiError => new ApiError(502, "Bad Gateway");

export const conflictWebhookActive = (): ApiError =>
  new ApiError(
    409,
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  );

export const conflictOtherPoller = (): ApiError =>
  new ApiError(
    409,
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
  );

export const E = {
  chatNotFound: () => badRequest("chat not found"),
  chatIdEmpty: () => badRequest("chat_id is empty"),
  blocked: () => forbidden("bot was blocked by the user"),
  deactivated: () => forbidden("user is deactivated"),
  textEmpty: () => badRequest("message text is empty"),
  textTooLong: () => badRequest("message is too long"),
  captionTooLong: () => badRequest("message caption is too long"),
  parse: (detail: string) => badRequest(`can't parse entities: ${detail}`),
  buttonDataInvalid: () => badRequest("BUTTON_DATA_INVALID"),
  noPhoto: () => badRequest("there is no photo in the request"),
  wrongFileId: () => badRequest("wrong file identifier/HTTP URL specified"),
  messageIdMissing: () => badRequest("message identifier is not specified"),
  editNotFound: () => badRequest("message to edit not found"),
  cantEdit: () => badRequest("message can't be edited"),
  notModified: () =>
    badRequest(
      "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    ),
  deleteNotFound: () => badRequest("message to delete not found"),
  copyNotFound: () => badRequest("message to copy not found"),
  forwardNotFound: () => badRequest("message to forward not found"),
  queryInvalid: () => badRequest("query is too old and response timeout expired or query ID is invalid"),
} as const;
