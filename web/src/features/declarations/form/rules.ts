import { useMemo } from 'react';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { COMMODITY_CODE, DECIMAL_FORMATS, MAX_LIST_ENTRY, decimalPattern, splitLines, type DecimalField } from './formModel';
import type { Dayjs } from 'dayjs';
import { compareDecimals } from '../../../shared/decimal';

/** Submission formats of submission-check.ts: 8-digit wagon numbers, train numbers of capitals and digits. */
const WAGON_NUMBER = /^\d{8}$/;
const TRAIN_NUMBER = /^[A-Z0-9]{1,10}$/;

/** The server judges "not in the future" by the calendar date in China (UTC+8), wherever the browser is. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * Client-side checks mirroring the server: formats are checked live (and gate autosave); "required" rules are
 * what submission needs. The server's 422 on submit stays authoritative and is shown on the same fields.
 */
export function useDeclarationRules() {
  const { t } = useTranslation();
  return useMemo(() => {
    const required: FormRule = { required: true, whitespace: true, message: t('form.requiredForSubmit') };
    /** A DatePicker holds a dayjs object: without type "object" the rule would judge it as a string. */
    const requiredDate: FormRule = { required: true, type: 'object', message: t('form.requiredForSubmit') };
    const requiredWhen = (condition: (get: (name: unknown) => unknown) => boolean): FormRule => ({ getFieldValue }) => ({
      required: condition(getFieldValue as (name: unknown) => unknown),
      whitespace: true,
      message: t('form.requiredForSubmit'),
    });
    const decimal = (field: DecimalField): FormRule => ({
      validator: async (_, value: string | null | undefined) => {
        const trimmed = value?.trim();
        if (trimmed && !decimalPattern(field).test(trimmed)) throw new Error(t('form.invalidDecimal', { scale: DECIMAL_FORMATS[field].scale }));
      },
    });
    const moistureBelow100: FormRule = {
      validator: async (_, value: string | null | undefined) => {
        const trimmed = value?.trim();
        if (trimmed && decimalPattern('moisturePct').test(trimmed) && compareDecimals(trimmed, '100') >= 0) throw new Error(t('form.moistureRange'));
      },
    };
    const commodityCode: FormRule = {
      validator: async (_, value: string | null | undefined) => {
        if (value && !COMMODITY_CODE.test(value)) throw new Error(t('form.invalidCommodityCode'));
      },
    };
    const listEntries: FormRule = {
      validator: async (_, value: string | undefined) => {
        if (splitLines(value).some((entry) => entry.length > MAX_LIST_ENTRY)) throw new Error(t('form.wagonTooLong'));
      },
    };
    const wagons: FormRule = {
      validator: async (_, value: string | undefined) => {
        const entries = splitLines(value);
        const wrong = entries.find((entry) => !WAGON_NUMBER.test(entry));
        if (wrong) throw new Error(t('form.wagonFormat', { value: wrong }));
        const duplicate = entries.find((entry, index) => entries.indexOf(entry) !== index);
        if (duplicate) throw new Error(t('form.wagonDuplicate', { value: duplicate }));
      },
    };
    const trainNumber: FormRule = {
      validator: async (_, value: string | null | undefined) => {
        if (value?.trim() && !TRAIN_NUMBER.test(value.trim())) throw new Error(t('form.trainFormat'));
      },
    };
    const arrivalNotFuture: FormRule = ({ getFieldValue }) => ({
      validator: async (_, value: Dayjs | null | undefined) => {
        if (value && !getFieldValue('isAdvance') && value.format('YYYY-MM-DD') > todayInChina()) throw new Error(t('form.arrivalInFuture'));
      },
    });
    return { required, requiredDate, requiredWhen, decimal, moistureBelow100, commodityCode, listEntries, wagons, trainNumber, arrivalNotFuture };
  }, [t]);
}
