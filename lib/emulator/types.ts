// Telegram Bot API object shapes produced by the emulator (the subset it emits).
// Optional fields are omitted (not null) exactly as Telegram does.

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  is_premium?: true;
}

export interface TgBotUser extends TgUser {
  can_join_groups?: boolean;
  can_read_all_group_messages?: boolean;
  supports_inline_queries?: boolean;
  can_connect_to_business?: boolean;
  has_main_web_app?: boolean;
}

export interface TgPrivateChat {
  id: number;
  type: "private";
  first_name: string;
  last_name?: string;
  username?: string;
}

export interface TgMessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  user?: TgUser;
  language?: string;
  custom_emoji_id?: string;
}

export interface TgInlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface TgInlineKeyboardMarkup {
  inline_keyboard: TgInlineKeyboardButton[][];
}

/** Any reply_markup Telegram accepts; only inline keyboards are inspected. */
export type TgReplyMarkup = TgInlineKeyboardMarkup | Record<string, unknown>;

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgMessageOriginUser {
  type: "user";
  date: number;
  sender_user: TgUser;
}

export interface TgLinkPreviewOptions {
  is_disabled?: boolean;
  url?: string;
  prefer_small_media?: boolean;
  prefer_large_media?: boolean;
  show_above_text?: boolean;
}

export interface TgMessage {
  message_id: number;
  from?: TgUser;
  chat: TgPrivateChat;
  date: number;
  edit_date?: number;
  forward_origin?: TgMessageOriginUser;
  text?: string;
  entities?: TgMessageEntity[];
  link_preview_options?: TgLinkPreviewOptions;
  photo?: TgPhotoSize[];
  caption?: string;
  caption_entities?: TgMessageEntity[];
  reply_markup?: TgInlineKeyboardMarkup;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message: TgMessage;
  chat_instance: string;
  data: string;
}

export type TgMemberStatus = "member" | "kicked";

export interface TgChatMember {
  user: TgUser;
  status: TgMemberStatus;
  until_date?: number;
}

export interface TgChatMemberUpdated {
  chat: TgPrivateChat;
  from: TgUser;
  date: number;
  old_chat_member: TgChatMember;
  new_chat_member: TgChatMember;
}

export interface TgUpdate {
  update_id: number;
  message?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
}

export type UpdateKind = "message" | "callback_query" | "my_chat_member";

export interface TgBotCommand {
  command: string;
  description: string;
}

export interface TgWebhookInfo {
  url: string;
  has_custom_certificate: boolean;
  pending_update_count: number;
  ip_address?: string;
  last_error_date?: number;
  last_error_message?: string;
  max_connections?: number;
  allowed_updates?: string[];
}
