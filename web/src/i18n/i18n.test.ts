import { describe, expect, it } from 'vitest';
import en from './en';
import zhCN from './zh-CN';

function flatKeys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => flatKeys(child, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

describe('i18n resources', () => {
  it('zh-CN and en have identical key sets', () => {
    const zhKeys = flatKeys(zhCN).sort();
    const enKeys = flatKeys(en).sort();
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
  });

  it('no string is empty and both languages use the same placeholders', () => {
    const lookup = (root: unknown, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], root);
    for (const key of flatKeys(en)) {
      const enText = lookup(en, key);
      const zhText = lookup(zhCN, key);
      expect(typeof enText, key).toBe('string');
      expect(typeof zhText, key).toBe('string');
      expect((enText as string).trim(), key).not.toBe('');
      expect((zhText as string).trim(), key).not.toBe('');
      expect(placeholders(zhText as string), key).toEqual(placeholders(enText as string));
    }
  });

  it('covers every declaration state, lane and action of the API', async () => {
    const { DECLARATION_STATES, LANES, DECLARATION_ACTIONS, ROLES } = await import('../api/types');
    for (const state of DECLARATION_STATES) expect(en.state[state]).toBeTruthy();
    for (const lane of LANES) expect(en.lane[lane]).toBeTruthy();
    for (const action of DECLARATION_ACTIONS) expect(en.action[action]).toBeTruthy();
    for (const role of ROLES) expect(en.role[role]).toBeTruthy();
  });

  it('covers every credit class, enterprise kind and entrustment status of the API', async () => {
    const { CREDIT_CLASSES, ENTERPRISE_KINDS, ENTRUSTMENT_STATUSES } = await import('../api/types');
    for (const creditClass of CREDIT_CLASSES) expect(en.creditClass[creditClass]).toBeTruthy();
    for (const kind of ENTERPRISE_KINDS) expect(en.enterpriseKind[kind]).toBeTruthy();
    for (const status of ENTRUSTMENT_STATUSES) expect(en.entrustmentStatus[status]).toBeTruthy();
  });
});
