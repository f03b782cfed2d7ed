// Each recipient's time zone for local-time sends and quiet hours: their `timezone`
// attribute when it is a known zone, else the usual zone of their language, else the
// campaign's default. Resolved in SQL at launch (PostgreSQL knows the zone names).
import { Prisma } from "../db/client";

/** Where most speakers of a language live (a guess used only when the user has no time zone). */
export const LANGUAGE_TIME_ZONES: Record<string, string> = {
  ru: "Europe/Moscow",
  uk: "Europe/Kyiv",
  be: "Europe/Minsk",
  de: "Europe/Berlin",
  fr: "Europe/Paris",
  es: "Europe/Madrid",
  it: "Europe/Rome",
  pt: "Europe/Lisbon",
  "pt-br": "America/Sao_Paulo",
  pl: "Europe/Warsaw",
  nl: "Europe/Amsterdam",
  tr: "Europe/Istanbul",
  fa: "Asia/Tehran",
  ar: "Asia/Riyadh",
  he: "Asia/Jerusalem",
  hi: "Asia/Kolkata",
  id: "Asia/Jakarta",
  ms: "Asia/Kuala_Lumpur",
  vi: "Asia/Ho_Chi_Minh",
  th: "Asia/Bangkok",
  ja: "Asia/Tokyo",
  ko: "Asia/Seoul",
  zh: "Asia/Shanghai",
  uz: "Asia/Tashkent",
  kk: "Asia/Almaty",
};

/** SQL: the time zone of `TelegramUser u`. */
export function userTimeZoneSql(defaultTimeZone: string): Prisma.Sql {
  const langs = Object.entries(LANGUAGE_TIME_ZONES).map(([lang, tz]) => Prisma.sql`WHEN ${lang} THEN ${tz}`);
  return Prisma.sql`COALESCE(
    (SELECT z."name" FROM pg_timezone_names z WHERE z."name" = u."attributes"->>'timezone' LIMIT 1),
    CASE lower(COALESCE(u."languageCode", '')) ${Prisma.join(langs, " ")} ELSE NULL END,
    CASE split_part(lower(COALESCE(u."languageCode", '')), '-', 1) ${Prisma.join(langs, " ")} ELSE NULL END,
    ${defaultTimeZone}
  )`;
}

/** SQL: the instant of a local date and time in a zone (`tz` is an SQL expression). */
export function localInstantSql(date: string, time: string, tz: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`((${date}::date + ${time}::time) AT TIME ZONE ${tz})`;
}
