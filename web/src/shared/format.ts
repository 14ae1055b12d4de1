import dayjs, { type Dayjs } from 'dayjs';
import type { EnterpriseRef, ReferenceEntry } from '../api/types';

/**
 * Timestamps arrive as ISO 8601 or as PostgreSQL text ("2026-03-18 04:15:00.123+00"); both become a dayjs in
 * the browser's time zone.
 */
export function parseTimestamp(value: string): Dayjs {
  const iso = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T').replace(/([+-]\d{2})$/, '$1:00');
  return dayjs(iso);
}

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const parsed = parseTimestamp(value);
  return parsed.isValid() ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
}

export function formatDate(value: string | null | undefined): string {
  return value ? dayjs(value).format('YYYY-MM-DD') : '—';
}

export function isChinese(language: string): boolean {
  return language.toLowerCase().startsWith('zh');
}

/** nameZh in the Chinese UI, nameEn otherwise. */
export function localName(entry: Pick<ReferenceEntry, 'nameZh' | 'nameEn'> | null | undefined, language: string): string {
  if (!entry) return '—';
  return (isChinese(language) ? entry.nameZh : entry.nameEn) || entry.nameZh || entry.nameEn;
}

export function enterpriseName(enterprise: EnterpriseRef | null | undefined, language: string): string {
  return localName(enterprise, language);
}

/** Today's calendar date in China (UTC+8), which the server judges periods by, wherever the browser is. */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}
