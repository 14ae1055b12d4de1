import fc from 'fast-check';
import { CREDIT_CLASSES } from '../../../core/auth/roles.js';
import { LANES, type Lane } from '../lane-decider.js';
import { FIELD_CATALOGUE, type DeclarationFacts, type FieldName, type ListKind } from './facts.js';
import { CHECK_ITEMS, parseRuleSet, type Condition, type NamedList, type Rule, type RuleSet, type ValueBand } from './rule-schema.js';

/**
 * fast-check generators for the engine's property tests: facts and VALID rule sets drawn from small shared pools,
 * so that conditions actually match some facts instead of being vacuously false.
 */

const CODES = ['2601111000', '2601112000', '2601120000', '2601200000', '2619000090'];
const CATEGORIES = ['IRON_CONCENTRATE', 'IRON_ORE_FINES', 'PELLETS', 'ROASTED_PYRITES', 'OTHER'];
const COUNTRIES = ['KZ', 'RU', 'UZ', 'KG'];
const WAGONS = ['50000001', '50000002', '61000003'];
const TRUCKS = ['123ABC05', '456KEX12'];
const IMPORTERS = ['imp-a', 'imp-b', 'imp-c', 'imp-d'];
const DECLARANTS = ['dec-a', 'dec-b', 'imp-a'];
const NUMBERS = [0, 1, 3, 5, 20, 250, 600, 800, 1000, 1500, 3000];

/** Operand values per field: the facts draw from the same pools. */
export const FIELD_POOLS: Record<FieldName, readonly (string | number)[]> = {
  commodityCode: CODES,
  categoryCode: CATEGORIES,
  unitValueCnyPerDryTonne: NUMBERS,
  originCountry: COUNTRIES,
  departureCountry: COUNTRIES,
  transportMode: ['RAIL', 'ROAD'],
  wagonNumber: WAGONS,
  truckPlate: TRUCKS,
  importerId: IMPORTERS,
  declarantId: DECLARANTS,
  creditClass: CREDIT_CLASSES,
  declaredWetTonnes: NUMBERS,
  preArrivalWetTonnes: NUMBERS,
  weighedWetTonnes: NUMBERS,
  importerDeclarationCount: [0, 1, 3, 5, 10],
  importerNonConformityCount: [0, 1, 2, 3],
  screeningRadiation: ['PASS', 'ALARM'],
  screeningSolidWaste: ['CLEAR', 'SUSPECTED'],
  screeningDocumentsMatch: ['MATCH', 'MISMATCH'],
  screeningForeignInclusions: ['NONE', 'FOUND'],
};

const PREFIXES: Partial<Record<FieldName, readonly string[]>> = {
  commodityCode: ['26', '2601', '26011', '2619', '2620'],
  wagonNumber: ['5', '50', '61'],
  truckPlate: ['1', '45'],
  originCountry: ['K', 'R'],
  departureCountry: ['K', 'U'],
  importerId: ['imp-', 'imp-a'],
  declarantId: ['dec-', 'imp-'],
  categoryCode: ['IRON', 'P'],
};

/** One list per kind, entries from the pools. */
export const TEST_LISTS: Record<string, NamedList> = {
  enterprises: { kind: 'ENTERPRISE', description: { zh: '企业', en: 'Enterprises' }, entries: ['imp-a', 'imp-c'] },
  declarants: { kind: 'DECLARANT', description: { zh: '申报单位', en: 'Declarants' }, entries: ['dec-b'] },
  countries: { kind: 'COUNTRY', description: { zh: '国家', en: 'Countries' }, entries: ['RU', 'KG'] },
  codes: { kind: 'COMMODITY_CODE', description: { zh: '编码', en: 'Codes' }, entries: ['2601200000', '2619000090'] },
  vehicles: { kind: 'VEHICLE', description: { zh: '车辆', en: 'Vehicles' }, entries: ['61000003', '456KEX12'] },
  empty: { kind: 'COUNTRY', description: { zh: '空', en: 'Empty' }, entries: [] },
};

export const TEST_VALUE_BANDS: ValueBand[] = [
  { commodityCode: '2601111000', originCountryCode: null, minCnyPerDryTonne: 600, maxCnyPerDryTonne: 1000 },
  { commodityCode: '2601111000', originCountryCode: 'KZ', minCnyPerDryTonne: 700, maxCnyPerDryTonne: 900 },
  { commodityCode: '2601200000', originCountryCode: 'RU', minCnyPerDryTonne: 200, maxCnyPerDryTonne: 500 },
];

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 4 });
const fromPool = <T>(pool: readonly T[]) => fc.constantFrom(...pool);

export const factsArbitrary: fc.Arbitrary<DeclarationFacts> = fc.record({
  declarationId: fc.uuid(),
  items: fc.array(
    fc.record({
      commodityCode: fromPool(CODES),
      categoryCode: fromPool(CATEGORIES),
      unitValueCnyPerDryTonne: nullable(fc.oneof(fromPool(NUMBERS), fc.integer({ min: 0, max: 2000 }))),
    }),
    { maxLength: 3 },
  ),
  originCountryCode: nullable(fromPool(COUNTRIES)),
  departureCountryCode: nullable(fromPool(COUNTRIES)),
  transportModeCode: nullable(fromPool(['RAIL', 'ROAD'])),
  wagonNumbers: fc.uniqueArray(fromPool(WAGONS), { maxLength: 3 }),
  truckPlates: fc.uniqueArray(fromPool(TRUCKS), { maxLength: 2 }),
  importerId: fromPool(IMPORTERS),
  declarantId: fromPool(DECLARANTS),
  importerCreditClass: fromPool(CREDIT_CLASSES),
  declaredWetTonnes: fc.oneof(fromPool(NUMBERS), fc.integer({ min: 0, max: 5000 })),
  preArrivalWetTonnes: nullable(fc.oneof(fromPool(NUMBERS), fc.integer({ min: 0, max: 5000 }))),
  weighedWetTonnes: nullable(fc.oneof(fromPool(NUMBERS), fc.integer({ min: 0, max: 5000 }))),
  importerDeclarationCount: fc.nat({ max: 12 }),
  importerNonConformityCount: fc.nat({ max: 4 }),
  screening: fc.record({
    radiation: nullable(fromPool(['PASS', 'ALARM'] as const)),
    solidWaste: nullable(fromPool(['CLEAR', 'SUSPECTED'] as const)),
    documentsMatch: nullable(fromPool(['MATCH', 'MISMATCH'] as const)),
    foreignInclusions: nullable(fromPool(['NONE', 'FOUND'] as const)),
  }),
});

/** Facts whose screening failed at least once. */
export const failedScreeningFactsArbitrary: fc.Arbitrary<DeclarationFacts> = fc
  .tuple(factsArbitrary, fc.constantFrom('radiation', 'solidWaste', 'documentsMatch', 'foreignInclusions'))
  .map(([facts, failed]) => {
    const failing = { radiation: 'ALARM', solidWaste: 'SUSPECTED', documentsMatch: 'MISMATCH', foreignInclusions: 'FOUND' } as const;
    return { ...facts, screening: { ...facts.screening, [failed]: failing[failed] } };
  });

const listsByKind = (kinds: readonly ListKind[]) => Object.entries(TEST_LISTS).filter(([, list]) => kinds.includes(list.kind)).map(([name]) => name);

function leafArbitrary(name: FieldName): fc.Arbitrary<Condition> {
  const field = FIELD_CATALOGUE[name];
  const pool = FIELD_POOLS[name];
  const value = fromPool(pool);
  const leaves: fc.Arbitrary<Condition>[] = [
    fc.record({ op: fc.constantFrom('eq' as const, 'ne' as const), field: fc.constant(name), value }),
    fc.record({ op: fc.constantFrom('in' as const, 'notIn' as const), field: fc.constant(name), values: fc.uniqueArray(value, { minLength: 1, maxLength: 3 }) }),
    fc.constant<Condition>({ op: 'isMissing', field: name }),
  ];
  if (field.type === 'number') {
    const bound = pool as readonly number[];
    leaves.push(
      fc.record({ op: fc.constantFrom('gt' as const, 'gte' as const, 'lt' as const, 'lte' as const), field: fc.constant(name), value: fromPool(bound) }),
      fc.tuple(fromPool(bound), fromPool(bound)).map(([a, b]): Condition => ({ op: 'between', field: name, min: Math.min(a, b), max: Math.max(a, b) })),
    );
  }
  if (field.type === 'string') {
    const prefixes = PREFIXES[name];
    if (prefixes) leaves.push(fc.record({ op: fc.constant('startsWith' as const), field: fc.constant(name), prefixes: fc.uniqueArray(fromPool(prefixes), { minLength: 1, maxLength: 2 }) }));
    const lists = listsByKind(field.listKinds);
    if (lists.length) leaves.push(fc.record({ op: fc.constant('inList' as const), field: fc.constant(name), list: fromPool(lists) }));
  }
  return fc.oneof(...leaves);
}

const anyLeaf: fc.Arbitrary<Condition> = fc.oneof(
  fromPool(Object.keys(FIELD_CATALOGUE) as FieldName[]).chain(leafArbitrary),
  fc.record({ op: fc.constant('outsideValueBand' as const), side: fromPool(['below', 'above', 'either'] as const) }),
  fc.record({ op: fc.constant('massDeviationAbove' as const), pct: fromPool([0.5, 2, 5, 10]), reference: fromPool(['preArrival', 'weighed', 'either'] as const) }),
);

export const conditionArbitrary: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyLeaf,
    fc.record({ op: fc.constantFrom('all' as const, 'any' as const), conditions: fc.array(tie('condition'), { minLength: 1, maxLength: 4 }) }),
    fc.record({ op: fc.constant('not' as const), condition: tie('condition') }),
  ),
})).condition;

const raisingLane = fromPool(LANES.filter((lane): lane is Exclude<Lane, 'RELEASE'> => lane !== 'RELEASE'));
const share = fc.oneof(fc.constantFrom(0, 1), fc.double({ min: 0, max: 1, noNaN: true }));

const ruleArbitrary = (id: string): fc.Arbitrary<Rule> =>
  fc
    .record({
      enabled: fc.integer({ min: 0, max: 9 }).map((x) => x > 0),
      condition: conditionArbitrary,
      lane: fc.option(raisingLane, { nil: undefined }),
      share,
      checks: fc.uniqueArray(fromPool(CHECK_ITEMS), { maxLength: 2 }),
    })
    .map(({ enabled, condition, lane, share: ruleShare, checks }) => ({
      id,
      name: { zh: `规则${id}`, en: `Rule ${id}` },
      description: { zh: '测试', en: 'test' },
      enabled,
      condition,
      action: { ...(lane || checks.length === 0 ? { lane: lane ?? 'DOCUMENT_CHECK' } : {}), share: ruleShare, checks },
    }));

/** Basis points, so the credit-class constraints can be met exactly. */
const bp = (max: number) => fc.integer({ min: 0, max }).map((x) => x / 10_000);

const ratesArbitrary: fc.Arbitrary<RuleSet['rates']> = fc
  .record({ general: fc.integer({ min: 0, max: 10_000 }), dishonest: fc.integer({ min: 8_000, max: 10_000 }) })
  .chain(({ general, dishonest }) =>
    fc.record({
      byCreditClass: fc.record({
        GENERAL: fc.constant(general / 10_000),
        ADVANCED_CERTIFIED: bp(Math.floor(general / 5)),
        DISHONEST: fc.constant(dishonest / 10_000),
      }),
      byCategory: fc.dictionary(
        fromPool(CATEGORIES),
        fc.integer({ min: 0, max: 10_000 }).chain((categoryGeneral) =>
          fc.record(
            {
              GENERAL: fc.constant(categoryGeneral / 10_000),
              ADVANCED_CERTIFIED: bp(Math.floor(Math.max(categoryGeneral, general) / 5)),
              DISHONEST: bp(10_000).map((x) => Math.max(x, 0.8)),
            },
            { requiredKeys: ['GENERAL'] },
          ),
        ),
        { maxKeys: 3 },
      ),
      explorationShare: fc.oneof(fc.constant(0), bp(2_000)),
      selectionLane: raisingLane,
    }),
  );

/** A rule set that passes validation (the arbitrary parses it, so a generator/validator mismatch fails loudly). */
export const ruleSetArbitrary: fc.Arbitrary<RuleSet> = fc
  .record({
    version: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,11}$/),
    ruleCount: fc.nat({ max: 8 }),
    swapMiddleLanes: fc.boolean(),
    rates: ratesArbitrary,
    scoreThresholds: fc.array(fc.record({ minScore: bp(10_000), lane: raisingLane }), { maxLength: 3 }),
  })
  .chain(({ ruleCount, ...rest }) =>
    fc.tuple(...Array.from({ length: ruleCount }, (_, index) => ruleArbitrary(`R${index}`))).map((rules) => ({ ...rest, rules })),
  )
  .map(({ version, swapMiddleLanes, rates, scoreThresholds, rules }) =>
    parseRuleSet({
      version,
      effectiveFrom: '2025-01-01T00:00:00+08:00',
      laneSeverity: swapMiddleLanes
        ? ['RELEASE', 'DOCUMENT_CHECK', 'RELEASE_THEN_INSPECT', 'INSPECT_BEFORE_RELEASE']
        : ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
      rules,
      lists: TEST_LISTS,
      valueBands: TEST_VALUE_BANDS,
      rates,
      scoreThresholds,
    }),
  );

/** A minimal valid rule set to build test cases from. */
export function emptyRuleSet(overrides: Partial<RuleSet> = {}): RuleSet {
  return {
    version: 'test-1',
    effectiveFrom: '2025-01-01T00:00:00+08:00',
    laneSeverity: ['RELEASE', 'RELEASE_THEN_INSPECT', 'DOCUMENT_CHECK', 'INSPECT_BEFORE_RELEASE'],
    rules: [],
    lists: TEST_LISTS,
    valueBands: TEST_VALUE_BANDS,
    rates: {
      byCategory: {},
      byCreditClass: { ADVANCED_CERTIFIED: 0, GENERAL: 0, DISHONEST: 0.8 },
      explorationShare: 0,
      selectionLane: 'INSPECT_BEFORE_RELEASE',
    },
    scoreThresholds: [],
    ...overrides,
  };
}

/** Plain facts: one concentrate line from Kazakhstan by rail, general credit, nothing screened. */
export function baseFacts(overrides: Partial<DeclarationFacts> = {}): DeclarationFacts {
  return {
    declarationId: '00000000-0000-4000-8000-000000000001',
    items: [{ commodityCode: '2601111000', categoryCode: 'IRON_CONCENTRATE', unitValueCnyPerDryTonne: 800 }],
    originCountryCode: 'KZ',
    departureCountryCode: 'KZ',
    transportModeCode: 'RAIL',
    wagonNumbers: ['50000001'],
    truckPlates: [],
    importerId: 'imp-b',
    declarantId: 'dec-a',
    importerCreditClass: 'GENERAL',
    declaredWetTonnes: 1000,
    preArrivalWetTonnes: null,
    weighedWetTonnes: null,
    importerDeclarationCount: 10,
    importerNonConformityCount: 0,
    screening: { radiation: null, solidWaste: null, documentsMatch: null, foreignInclusions: null },
    ...overrides,
  };
}

export function rule(id: string, condition: Condition, action: Partial<Rule['action']> = {}): Rule {
  return {
    id,
    name: { zh: `规则${id}`, en: `Rule ${id}` },
    description: { zh: '测试', en: 'test' },
    enabled: true,
    condition,
    action: { lane: 'DOCUMENT_CHECK', share: 1, checks: [], ...action },
  };
}
