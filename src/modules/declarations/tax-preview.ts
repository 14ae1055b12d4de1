import type { Executor } from '../../core/db/executor.js';
import type { FieldError } from '../../core/http/errors.js';
import { Decimal } from '../../core/decimal.js';
import { todayInChina } from '../reference/reference.service.js';
import type { TDeclarationDraft } from './declarations.schema.js';
import { checkSubmission } from './submission-check.js';
import { loadSubmissionFacts } from './declarations.service.js';
import { computeDryMass, computeImportTaxes, computeItemValue } from './tax.js';

/**
 * What the declaration would cost if submitted today: the same checks and the same tax code as submission,
 * without writing anything. Tax appears once everything it depends on is valid; the errors say what is missing.
 */
export async function previewTax(db: Executor, draft: TDeclarationDraft) {
  const today = todayInChina();
  const items = (draft.items ?? []).map((item, index) => {
    const dryTonnes = item.wetTonnes && item.moisturePct ? computeDryMass(item.wetTonnes, item.moisturePct) : null;
    return { ...item, lineNo: index + 1, dryTonnes, value: dryTonnes && item.unitPrice ? computeItemValue(dryTonnes, item.unitPrice) : null };
  });
  const header = {
    isAdvance: draft.isAdvance ?? false,
    portCode: draft.portCode ?? null,
    transportModeCode: draft.transportModeCode ?? null,
    trainNumber: draft.trainNumber ?? null,
    wagonNumbers: draft.wagonNumbers ?? [],
    truckPlates: draft.truckPlates ?? [],
    arrivalDate: draft.arrivalDate ?? null,
    contractNumber: draft.contractNumber ?? null,
    invoiceNumber: draft.invoiceNumber ?? null,
    incoterm: draft.incoterm ?? null,
    currencyCode: draft.currencyCode ?? null,
    freight: draft.freight ?? null,
    originCountryCode: draft.originCountryCode ?? null,
    departureCountryCode: draft.departureCountryCode ?? null,
    overseasShipperId: draft.overseasShipperId ?? null,
  };
  const facts = await loadSubmissionFacts(db, header, items.map((i) => i.commodityCode ?? null), today);
  const errors: FieldError[] = checkSubmission(
    header,
    items.map((item) => ({
      commodityCode: item.commodityCode ?? null,
      goodsName: item.goodsName ?? null,
      declarationElements: item.declarationElements ?? {},
      wetTonnes: item.wetTonnes ?? null,
      moisturePct: item.moisturePct ?? null,
      unitPrice: item.unitPrice ?? null,
    })),
    facts.check,
  );
  const taxable =
    facts.check.exchangeRate !== undefined &&
    header.incoterm !== null &&
    items.length > 0 &&
    items.every((item) => item.value !== null && item.commodityCode && facts.rates.has(item.commodityCode)) &&
    !errors.some((e) => e.path === 'freight');
  const taxResult = taxable
    ? computeImportTaxes(
        { exchangeRate: facts.check.exchangeRate!, incoterm: header.incoterm!, freight: draft.freight, insurance: draft.insurance },
        items.map((item) => ({ valueInCurrency: item.value!, ...facts.rates.get(item.commodityCode!)! })),
      )
    : null;
  if (taxResult && !taxResult.ok) errors.push(...taxResult.issues.filter((issue) => !errors.some((e) => e.path === issue.path)));
  const tax = taxResult?.ok ? taxResult.value : null;
  const sum = (values: (string | null)[], scale: number) =>
    values.every((v) => v !== null) && values.length ? values.reduce((t, v) => t.plus(v!), new Decimal(0)).toFixed(scale) : null;
  return {
    items: items.map((item, i) => ({
      lineNo: item.lineNo,
      dryTonnes: item.dryTonnes,
      value: item.value,
      customsValueCny: tax?.items[i]?.customsValueCny ?? null,
      dutyCny: tax?.items[i]?.dutyCny ?? null,
      vatCny: tax?.items[i]?.vatCny ?? null,
    })),
    totals: {
      exchangeRate: facts.check.exchangeRate ?? null,
      customsValueCny: tax?.totals.customsValueCny ?? null,
      dutyCny: tax?.totals.dutyCny ?? null,
      vatCny: tax?.totals.vatCny ?? null,
      dryTonnes: sum(items.map((i) => i.dryTonnes), 3),
      wetTonnes: sum(items.map((i) => i.wetTonnes ?? null), 3),
    },
    errors,
  };
}
