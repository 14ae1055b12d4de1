import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskListsApi, riskToolsApi, ruleSetsApi } from '../../../api/endpoints';
import { isApiError } from '../../../api/client';
import { CREDIT_CLASSES, LANES, type CreditClass, type FieldError, type Lane, type RuleSet } from '../../../api/types';
import { useErrorText, useFieldErrorMessage } from '../../../shared/errors';
import { isChinese } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { conditionText } from './conditionText';
import { RuleEditorDrawer } from './RuleEditorDrawer';
import { ValueBandsCard } from './ValueBandsCard';
import {
  ADVANCED_MAX_SHARE_OF_GENERAL,
  DISHONEST_MIN_RATE,
  duplicateRule,
  fromPercent,
  newRule,
  placeOfError,
  rateIssues,
  toDefinitionDraft,
  toPercent,
  type DefinitionDraft,
  type RuleDraft,
  type RuleProblem,
} from './ruleDraft';

const SELECTION_LANES = LANES.filter((lane) => lane !== 'RELEASE');
const BAND_STATS_DAYS = 90;
const money = (value: number) => value.toLocaleString(undefined, { maximumFractionDigits: 0 });
const pct = (share: number | undefined) => (typeof share === 'number' ? `${toPercent(share)}%` : '—');

export type RuleStatRenderer = (ruleId: string, kind: 'hit' | 'finding') => React.ReactNode;

interface Props {
  ruleSet: RuleSet;
  /** A DRAFT its author may change; everything else is shown read-only in the same view. */
  editable: boolean;
  canTest: boolean;
  renderStat: RuleStatRenderer;
  onSaved: (saved: RuleSet) => void;
  onReload: () => void;
  onDirtyChange: (dirty: boolean) => void;
}

/** Server problems of one save, by where they belong in the editor. */
interface PlacedErrors {
  rules: Map<number, RuleProblem[]>;
  bands: Map<number, Map<string, string[]>>;
  rates: Map<string, string[]>;
  thresholds: Map<number, Map<string, string[]>>;
}

function placeErrors(errors: FieldError[], message: (error: FieldError) => string): PlacedErrors {
  const placed: PlacedErrors = { rules: new Map(), bands: new Map(), rates: new Map(), thresholds: new Map() };
  const push = <K,>(map: Map<K, Map<string, string[]>>, index: K, key: string, text: string) => {
    const inner = map.get(index) ?? new Map<string, string[]>();
    inner.set(key, [...(inner.get(key) ?? []), text]);
    map.set(index, inner);
  };
  for (const error of errors) {
    const place = placeOfError(error.path);
    const text = message(error);
    if (place.section === 'rule' && place.ruleIndex >= 0) {
      const problem: RuleProblem = { key: place.key, message: text, ...(place.conditionPath ? { conditionPath: place.conditionPath } : {}), ...(place.conditionKey ? { conditionKey: place.conditionKey } : {}) };
      placed.rules.set(place.ruleIndex, [...(placed.rules.get(place.ruleIndex) ?? []), problem]);
    } else if (place.section === 'valueBand') push(placed.bands, place.index, place.key ?? '', text);
    else if (place.section === 'scoreThreshold') push(placed.thresholds, place.index, place.key ?? '', text);
    else if (place.section === 'rates') placed.rates.set(place.key, [...(placed.rates.get(place.key) ?? []), text]);
  }
  return placed;
}

/**
 * The rule set's definition as forms: rules (each in a drawer with a condition builder and a test run), floor rates
 * with their legal anchors, score thresholds, value bands beside their declared-value statistics, the lists rules
 * refer to, and the JSON. A draft is saved as a whole with If-Match; the server's field errors land on the fields.
 */
export function RuleSetEditor({ ruleSet, editable, canTest, renderStat, onSaved, onReload, onDirtyChange }: Props) {
  const { t, i18n } = useTranslation();
  const zh = isChinese(i18n.language);
  const { message } = App.useApp();
  const errorText = useErrorText();
  const fieldMessage = useFieldErrorMessage();
  const original = useMemo(() => toDefinitionDraft(ruleSet.definition), [ruleSet.definition]);
  const [draft, setDraft] = useState<DefinitionDraft>(original);
  const [comment, setComment] = useState(ruleSet.comment);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ index: number; rule: RuleDraft } | null>(null);
  const [tab, setTab] = useState('rules');
  const [jsonOpen, setJsonOpen] = useState(false);
  const catalogue = useAsync(() => riskToolsApi.ruleFields(), []);
  const lists = useAsync(() => riskListsApi.list(), []);
  /** Declared unit values of the last 90 days per band key, shown beside the inputs while a band is edited. */
  const bandStats = useAsync(() => riskToolsApi.valueBands(BAND_STATS_DAYS, ruleSet.version), [ruleSet.version]);
  const statsByBand = new Map((bandStats.data?.bands ?? []).map((band) => [`${band.commodityCode}-${band.originCountryCode ?? '*'}`, band.stats]));

  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(original) || comment !== ruleSet.comment, [draft, original, comment, ruleSet.comment]);
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const fieldErrors = isApiError(saveError) && saveError.status === 422 ? saveError.fieldErrors : [];
  const placed = useMemo(() => placeErrors(fieldErrors, fieldMessage), [fieldErrors, fieldMessage]);
  const conflict = isApiError(saveError) && saveError.isConflict;

  const setRules = (rules: RuleDraft[], structural = false) => {
    setDraft((current) => ({ ...current, rules }));
    // Indices of the last save's errors no longer match once rules move.
    if (structural) setSaveError(null);
  };
  const ids = draft.rules.map((rule) => rule.id);

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const saved = await ruleSetsApi.update(ruleSet.version, ruleSet.rowVersion, {
        definition: draft as unknown as Record<string, unknown>,
        ...(comment.trim() && comment !== ruleSet.comment ? { comment: comment.trim() } : {}),
      });
      message.success(t('ruleSets.saved'));
      onSaved(saved);
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  };

  const rateProblems = rateIssues(draft.rates);
  const fields = catalogue.data?.fields ?? [];
  const riskLists = lists.data?.items ?? [];

  const rulesTab = (
    <div>
      {editable && (
        <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing({ index: -1, rule: newRule(ids) })} data-testid="rule-add">
          {t('ruleEditor.addRule')}
        </Button>
      )}
      <Table<RuleDraft>
        size="small"
        rowKey={(rule) => `${draft.rules.indexOf(rule)}:${rule.id}`}
        pagination={false}
        dataSource={draft.rules}
        data-testid="rule-table"
        locale={{ emptyText: t('ruleSets.noRules') }}
        onRow={(rule) => ({ 'data-testid': 'rule-row', 'data-rule-id': rule.id, 'data-enabled': String(rule.enabled) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('ruleSets.ruleName'),
            key: 'name',
            render: (_, rule, index) => (
              <Space direction="vertical" size={0}>
                <span>{(zh ? rule.name.zh : rule.name.en) || rule.id}</span>
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {rule.id}
                </Typography.Text>
                {placed.rules.get(index)?.length ? (
                  <Tag color="error" data-testid="rule-row-errors" data-count={placed.rules.get(index)!.length}>
                    {t('ruleEditor.problems', { count: placed.rules.get(index)!.length })}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('ruleSets.enabled'),
            key: 'enabled',
            render: (_, rule, index) => (
              <Switch size="small" checked={rule.enabled} disabled={!editable} onChange={(enabled) => setRules(draft.rules.map((r, i) => (i === index ? { ...r, enabled } : r)))} data-testid="rule-toggle" />
            ),
          },
          { title: t('ruleSets.lane'), key: 'lane', render: (_, rule) => <span style={{ whiteSpace: 'nowrap' }}>{rule.action.lane ? t(`lane.${rule.action.lane}`, { defaultValue: rule.action.lane }) : '—'}</span> },
          { title: t('ruleSets.share'), key: 'share', align: 'right', width: 72, render: (_, rule) => pct(rule.action.share) },
          { title: t('ruleSets.checks'), key: 'checks', render: (_, rule) => rule.action.checks.map((c) => <Tag key={c}>{t(`ruleSets.check.${c}`, { defaultValue: c })}</Tag>) },
          { title: t('ruleSets.condition'), key: 'condition', render: (_, rule) => <code data-testid="rule-condition">{conditionText(rule.condition)}</code> },
          { title: t('ruleStats.hitRate'), key: 'hitRate', align: 'right', width: 96, render: (_, rule) => renderStat(rule.id, 'hit') },
          { title: t('ruleStats.findingRate'), key: 'findingRate', align: 'right', width: 96, render: (_, rule) => renderStat(rule.id, 'finding') },
          {
            title: '',
            key: 'actions',
            width: editable ? 120 : 56,
            render: (_, rule, index) => (
              <Space size={0}>
                <Tooltip title={editable ? t('ruleEditor.editRule') : t('ruleEditor.viewRule')}>
                  <Button size="small" type="text" icon={editable ? <EditOutlined /> : <EyeOutlined />} onClick={() => setEditing({ index, rule })} data-testid="rule-edit" aria-label={t('ruleEditor.editRule')} />
                </Tooltip>
                {editable && (
                  <>
                    <Tooltip title={t('ruleEditor.duplicate')}>
                      <Button
                        size="small"
                        type="text"
                        icon={<CopyOutlined />}
                        onClick={() => setRules([...draft.rules.slice(0, index + 1), duplicateRule(rule, ids), ...draft.rules.slice(index + 1)], true)}
                        data-testid="rule-duplicate"
                        aria-label={t('ruleEditor.duplicate')}
                      />
                    </Tooltip>
                    <Popconfirm title={t('ruleEditor.deleteConfirm', { id: rule.id })} onConfirm={() => setRules(draft.rules.filter((_, i) => i !== index), true)} okButtonProps={{ danger: true, 'data-testid': 'rule-delete-confirm' } as React.ComponentProps<typeof Button>}>
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid="rule-delete" aria-label={t('ruleEditor.delete')} />
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
    </div>
  );

  const rateInput = (cls: CreditClass) => {
    const problem = rateProblems.find((p) => p.creditClass === cls);
    const serverMessages = placed.rates.get(`byCreditClass.${cls}`) ?? [];
    const hint =
      cls === 'ADVANCED_CERTIFIED'
        ? t('ruleEditor.advancedAnchor', { max: pct(draft.rates.byCreditClass.GENERAL * ADVANCED_MAX_SHARE_OF_GENERAL) })
        : cls === 'DISHONEST'
          ? t('ruleEditor.dishonestAnchor', { min: pct(DISHONEST_MIN_RATE) })
          : t('ruleEditor.generalAnchor');
    return (
      <Col span={8} key={cls}>
        <Typography.Text>{t(`creditClass.${cls}`)}</Typography.Text>
        <InputNumber
          min={0}
          max={100}
          step={0.5}
          value={toPercent(draft.rates.byCreditClass[cls])}
          disabled={!editable}
          status={problem || serverMessages.length ? 'error' : undefined}
          onChange={(value) => setDraft((d) => ({ ...d, rates: { ...d.rates, byCreditClass: { ...d.rates.byCreditClass, [cls]: fromPercent(value ?? 0) } } }))}
          suffix="%"
          style={{ width: '100%' }}
          data-testid={`rate-${cls}`}
        />
        <Typography.Text type={problem ? 'danger' : 'secondary'} style={{ fontSize: 12, display: 'block' }} data-testid="rate-constraint" data-class={cls} data-ok={String(!problem)}>
          {hint}
        </Typography.Text>
        {serverMessages.map((text) => (
          <Typography.Text key={text} type="danger" style={{ fontSize: 12, display: 'block' }} data-testid="rate-error" data-class={cls}>
            {text}
          </Typography.Text>
        ))}
      </Col>
    );
  };

  const ratesTab = (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card size="small" title={t('ruleEditor.floorRates')} data-testid="rule-set-rates">
        <Row gutter={16}>{CREDIT_CLASSES.map(rateInput)}</Row>
        <Row gutter={16} style={{ marginTop: 12 }}>
          <Col span={8}>
            <Typography.Text>{t('ruleSets.explorationShare')}</Typography.Text>
            <InputNumber
              min={0}
              max={100}
              step={0.5}
              value={toPercent(draft.rates.explorationShare)}
              disabled={!editable}
              status={placed.rates.has('explorationShare') ? 'error' : undefined}
              onChange={(value) => setDraft((d) => ({ ...d, rates: { ...d.rates, explorationShare: fromPercent(value ?? 0) } }))}
              suffix="%"
              style={{ width: '100%' }}
              data-testid="rate-exploration"
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ruleEditor.explorationHelp')}
            </Typography.Text>
          </Col>
          <Col span={8}>
            <Typography.Text>{t('ruleSets.selectionLane')}</Typography.Text>
            <Select<Lane>
              value={draft.rates.selectionLane}
              disabled={!editable}
              status={placed.rates.has('selectionLane') ? 'error' : undefined}
              onChange={(selectionLane) => setDraft((d) => ({ ...d, rates: { ...d.rates, selectionLane } }))}
              options={SELECTION_LANES.map((lane) => ({ value: lane, label: t(`lane.${lane}`), 'data-value': lane }))}
              style={{ width: '100%' }}
              data-testid="rate-selection-lane"
            />
          </Col>
          <Col span={8}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: 0 }}>
              {t('ruleEditor.byCategoryNote')} <Link to="/risk/inspection-rates">{t('nav.inspectionRates')}</Link>
            </Typography.Paragraph>
          </Col>
        </Row>
      </Card>
      <Card
        size="small"
        title={t('ruleEditor.scoreThresholds')}
        data-testid="score-thresholds"
        extra={
          editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDraft((d) => ({ ...d, scoreThresholds: [...d.scoreThresholds, { minScore: 0.9, lane: 'INSPECT_BEFORE_RELEASE' }] }))} data-testid="threshold-add">
              {t('ruleEditor.addThreshold')}
            </Button>
          )
        }
      >
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('ruleEditor.scoreThresholdsHelp')}
        </Typography.Paragraph>
        {draft.scoreThresholds.length === 0 && <Typography.Text type="secondary">{t('app.none')}</Typography.Text>}
        {draft.scoreThresholds.map((threshold, index) => {
          const errors = placed.thresholds.get(index);
          const setThreshold = (next: Partial<typeof threshold>) => setDraft((d) => ({ ...d, scoreThresholds: d.scoreThresholds.map((th, i) => (i === index ? { ...th, ...next } : th)) }));
          return (
            <div key={index} style={{ marginBottom: 6 }}>
              <Space wrap>
                <Typography.Text>{t('ruleEditor.scoreAtLeast')}</Typography.Text>
                <InputNumber min={0} max={1} step={0.05} precision={3} value={threshold.minScore} disabled={!editable} status={errors?.has('minScore') ? 'error' : undefined} onChange={(minScore) => setThreshold({ minScore: minScore ?? 0 })} data-testid={`threshold-${index}-min-score`} />
                <Typography.Text>{t('ruleEditor.sendsTo')}</Typography.Text>
                <Select<Lane> value={threshold.lane} disabled={!editable} status={errors?.has('lane') ? 'error' : undefined} onChange={(lane) => setThreshold({ lane })} options={SELECTION_LANES.map((lane) => ({ value: lane, label: t(`lane.${lane}`), 'data-value': lane }))} style={{ width: 180 }} data-testid={`threshold-${index}-lane`} />
                {editable && <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setDraft((d) => ({ ...d, scoreThresholds: d.scoreThresholds.filter((_, i) => i !== index) }))} data-testid={`threshold-${index}-remove`} aria-label={t('ruleEditor.delete')} />}
              </Space>
              {errors && [...errors.values()].flat().map((text) => <Typography.Text key={text} type="danger" style={{ display: 'block', fontSize: 12 }}>{text}</Typography.Text>)}
            </div>
          );
        })}
      </Card>
    </Space>
  );

  const bandsTab = (
    <Space direction="vertical" style={{ width: '100%' }} size={12}>
      <Card
        size="small"
        title={t('ruleEditor.bandsEdit')}
        data-testid="value-band-editor"
        extra={
          editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDraft((d) => ({ ...d, valueBands: [...d.valueBands, { commodityCode: '', originCountryCode: null, minCnyPerDryTonne: 0, maxCnyPerDryTonne: 0 }] }))} data-testid="band-add">
              {t('ruleEditor.addBand')}
            </Button>
          )
        }
      >
        <Table
          size="small"
          pagination={false}
          rowKey={(_, index) => String(index)}
          dataSource={draft.valueBands}
          locale={{ emptyText: t('valueBands.empty') }}
          columns={[
            {
              title: t('ruleSets.commodityCode'),
              key: 'commodityCode',
              render: (_, band, index) => bandCell(index, 'commodityCode', <Input value={band.commodityCode} disabled={!editable} maxLength={10} onChange={(e) => setBand(index, { commodityCode: e.target.value.trim() })} status={bandError(index, 'commodityCode') ? 'error' : undefined} data-testid={`band-${index}-commodity`} />),
            },
            {
              title: t('ruleSets.origin'),
              key: 'origin',
              render: (_, band, index) =>
                bandCell(index, 'originCountryCode', <Input value={band.originCountryCode ?? ''} placeholder={t('ruleSets.anyOrigin')} disabled={!editable} maxLength={2} onChange={(e) => setBand(index, { originCountryCode: e.target.value.trim().toUpperCase() || null })} status={bandError(index, 'originCountryCode') ? 'error' : undefined} data-testid={`band-${index}-origin`} />),
            },
            {
              title: `${t('ruleSets.minCny')} (${t('valueBands.unit')})`,
              key: 'min',
              render: (_, band, index) => bandCell(index, 'minCnyPerDryTonne', <InputNumber min={0} value={band.minCnyPerDryTonne} disabled={!editable} onChange={(v) => setBand(index, { minCnyPerDryTonne: v ?? 0 })} status={bandError(index, 'minCnyPerDryTonne') ? 'error' : undefined} style={{ width: 140 }} data-testid={`band-${index}-min`} />),
            },
            {
              title: `${t('ruleSets.maxCny')} (${t('valueBands.unit')})`,
              key: 'max',
              render: (_, band, index) =>
                bandCell(index, 'maxCnyPerDryTonne', <InputNumber min={0} value={band.maxCnyPerDryTonne} disabled={!editable} onChange={(v) => setBand(index, { maxCnyPerDryTonne: v ?? 0 })} status={band.minCnyPerDryTonne > band.maxCnyPerDryTonne || bandError(index, 'maxCnyPerDryTonne') ? 'error' : undefined} style={{ width: 140 }} data-testid={`band-${index}-max`} />),
            },
            {
              title: t('ruleEditor.declaredValues', { days: BAND_STATS_DAYS }),
              key: 'declared',
              render: (_, band) => {
                const stats = statsByBand.get(`${band.commodityCode}-${band.originCountryCode ?? '*'}`);
                return stats ? (
                  <Typography.Text style={{ fontSize: 12, whiteSpace: 'nowrap' }} data-testid="band-declared">
                    {t('valueBands.spreadValue', { min: money(stats.min), p10: money(stats.p10), median: money(stats.median), p90: money(stats.p90), max: money(stats.max) })} ({stats.count})
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('valueBands.noLines')}
                  </Typography.Text>
                );
              },
            },
            ...(editable
              ? [{ title: '', key: 'remove', width: 48, render: (_: unknown, __: unknown, index: number) => <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => setDraft((d) => ({ ...d, valueBands: d.valueBands.filter((_, i) => i !== index) }))} data-testid={`band-${index}-remove`} aria-label={t('ruleEditor.delete')} /> }]
              : []),
          ]}
        />
      </Card>
      <ValueBandsCard ruleSetVersion={ruleSet.version} />
    </Space>
  );

  function setBand(index: number, next: Partial<DefinitionDraft['valueBands'][number]>) {
    setDraft((d) => ({ ...d, valueBands: d.valueBands.map((band, i) => (i === index ? { ...band, ...next } : band)) }));
  }
  function bandError(index: number, key: string): string[] | undefined {
    return placed.bands.get(index)?.get(key);
  }
  function bandCell(index: number, key: string, input: React.ReactNode) {
    const rowErrors = key === 'commodityCode' ? placed.bands.get(index)?.get('') : undefined;
    const errors = [...(bandError(index, key) ?? []), ...(rowErrors ?? [])];
    return (
      <div>
        {input}
        {errors.map((text) => (
          <Typography.Text key={text} type="danger" style={{ display: 'block', fontSize: 12 }} data-testid="band-error">
            {text}
          </Typography.Text>
        ))}
      </div>
    );
  }

  const referenced = new Set(JSON.stringify(draft.rules).match(/"list":"([^"]+)"/g)?.map((m) => m.slice(8, -1)) ?? []);
  const listsTab = (
    <div data-testid="rule-set-lists">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('ruleEditor.listsNote')}
      </Typography.Paragraph>
      <Table
        size="small"
        pagination={false}
        rowKey="name"
        loading={lists.loading}
        dataSource={riskLists}
        onRow={(list) => ({ 'data-testid': 'rule-set-list', 'data-name': list.name, 'data-referenced': String(referenced.has(list.name)) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ruleEditor.listName'), dataIndex: 'name', render: (name: string) => <Link to={`/risk/lists?list=${encodeURIComponent(name)}`}>{name}</Link> },
          { title: t('ruleEditor.listKind'), dataIndex: 'kind', render: (kind: string) => t(`ruleEditor.listKinds.${kind}`, { defaultValue: kind }) },
          { title: t('ruleEditor.listDescription'), key: 'description', render: (_, list) => (zh ? list.descriptionZh : list.descriptionEn) },
          { title: t('ruleEditor.listEntries'), dataIndex: 'entryCount', align: 'right' },
          { title: t('ruleSets.referenced'), key: 'referenced', render: (_, list) => (referenced.has(list.name) ? <Tag color="blue">{t('app.yes')}</Tag> : '—') },
        ]}
      />
    </div>
  );

  const jsonTab = (
    <div>
      {editable && (
        <Button size="small" style={{ marginBottom: 8 }} onClick={() => setJsonOpen(true)} data-testid="rule-set-edit">
          {t('ruleEditor.editJson')}
        </Button>
      )}
      <pre className="json-view" data-testid="rule-set-json">
        {JSON.stringify(draft, null, 2)}
      </pre>
    </div>
  );

  /** Where an error path points, in the officer's words: the rule by id and name, the rate by class, the band by key. */
  const placeLabel = (path: string): string => {
    const place = placeOfError(path);
    if (place.section === 'rule' && place.ruleIndex >= 0) {
      const rule = draft.rules[place.ruleIndex];
      const name = rule ? `${rule.id}${(zh ? rule.name.zh : rule.name.en) ? ` «${zh ? rule.name.zh : rule.name.en}»` : ''}` : `#${place.ruleIndex + 1}`;
      const rest = path.replace(/^definition\.rules\[\d+\]\.?/, '');
      return `${t('ruleEditor.rule')} ${name}${rest ? ` · ${rest}` : ''}`;
    }
    if (place.section === 'rates') {
      const [group, cls] = place.key.split('.');
      if (group === 'byCreditClass' && cls) return `${t('ruleEditor.floorRates')} · ${t(`creditClass.${cls}`, { defaultValue: cls })}`;
      if (group === 'explorationShare') return t('ruleSets.explorationShare');
      if (group === 'selectionLane') return t('ruleSets.selectionLane');
    }
    if (place.section === 'valueBand') {
      const band = draft.valueBands[place.index];
      return `${t('ruleSets.valueBands')} #${place.index + 1}${band ? ` (${band.commodityCode} × ${band.originCountryCode ?? t('ruleSets.anyOrigin')})` : ''}`;
    }
    if (place.section === 'scoreThreshold') return `${t('ruleEditor.scoreThresholds')} #${place.index + 1}`;
    return path;
  };

  const problemCount = (n: number) => (n ? <Tag color="error" style={{ marginInlineStart: 4 }}>{n}</Tag> : null);
  const ruleErrorCount = [...placed.rules.values()].reduce((sum, list) => sum + list.length, 0);
  const editingOthers = editing ? ids.filter((_, i) => i !== editing.index) : [];

  return (
    <div data-testid="rule-set-editor" data-editable={String(editable)} data-dirty={String(dirty)}>
      {editable && (
        <Card size="small" style={{ marginBottom: 12 }} data-testid="rule-set-save-bar">
          <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
            <Space wrap>
              <Typography.Text>{t('ruleSets.comment')}</Typography.Text>
              <Input value={comment} onChange={(e) => setComment(e.target.value)} maxLength={2000} style={{ width: 420 }} data-testid="rule-set-edit-comment" />
              {dirty ? (
                <Tag color="warning" data-testid="rule-set-dirty">
                  {t('ruleEditor.unsaved')}
                </Tag>
              ) : (
                <Tag data-testid="rule-set-clean">{t('ruleEditor.saved')}</Tag>
              )}
            </Space>
            <Space>
              <Button disabled={!dirty} onClick={() => { setDraft(original); setComment(ruleSet.comment); setSaveError(null); }} data-testid="rule-set-discard">
                {t('ruleEditor.discard')}
              </Button>
              <Button type="primary" disabled={!dirty || !comment.trim()} loading={saving} onClick={save} data-testid="rule-set-save">
                {t('ruleSets.save')}
              </Button>
            </Space>
          </Space>
          {rateProblems.length > 0 && (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="rule-set-rate-warning" title={t('ruleEditor.rateWarning')} description={rateProblems.map((p) => t(`ruleEditor.rateProblem.${p.kind}`, { limit: pct(p.limit) })).join(' ')} />
          )}
        </Card>
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rule-set-conflict"
          title={t('ruleEditor.conflictTitle')}
          description={t('ruleEditor.conflictText')}
          action={
            <Button size="small" onClick={onReload} data-testid="rule-set-conflict-reload">
              {t('ruleEditor.reload')}
            </Button>
          }
        />
      )}
      {saveError && !conflict ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setSaveError(null)}
          style={{ marginBottom: 12 }}
          data-testid="rule-set-validation-errors"
          title={errorText(saveError).title}
          description={
            fieldErrors.length ? (
              <ul className="compact-list">
                {fieldErrors.map((fe, i) => {
                  const place = placeOfError(fe.path);
                  const open = place.section === 'rule' && draft.rules[place.ruleIndex] ? () => { setTab('rules'); setEditing({ index: place.ruleIndex, rule: draft.rules[place.ruleIndex]! }); } : place.section === 'valueBand' ? () => setTab('bands') : place.section === 'rates' || place.section === 'scoreThreshold' ? () => setTab('rates') : undefined;
                  return (
                    <li key={i} data-testid="rule-set-validation-error" data-path={fe.path}>
                      {open ? (
                        <Typography.Link onClick={open}>
                          <span title={fe.path}>{placeLabel(fe.path)}</span>
                        </Typography.Link>
                      ) : (
                        <code>{fe.path}</code>
                      )}
                      : {fieldMessage(fe)}
                    </li>
                  );
                })}
              </ul>
            ) : isApiError(saveError) ? (
              saveError.detail
            ) : undefined
          }
        />
      ) : null}
      {catalogue.error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorText(catalogue.error).title} /> : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'rules', label: <span data-testid="rule-set-tab-rules">{t('ruleSets.rules')} ({draft.rules.length}){problemCount(ruleErrorCount)}</span>, children: rulesTab },
            { key: 'rates', label: <span data-testid="rule-set-tab-rates">{t('ruleEditor.ratesTab')}{problemCount(Math.max(placed.rates.size, editable ? rateProblems.length : 0) + placed.thresholds.size)}</span>, children: ratesTab },
            { key: 'bands', label: <span data-testid="rule-set-tab-bands">{t('ruleSets.valueBands')} ({draft.valueBands.length}){problemCount(placed.bands.size)}</span>, children: bandsTab },
            { key: 'lists', label: <span data-testid="rule-set-tab-lists">{t('ruleSets.lists')}</span>, children: listsTab },
            { key: 'json', label: <span data-testid="rule-set-tab-json">JSON</span>, children: jsonTab },
          ]}
        />
      </Card>
      {editing && (
        <RuleEditorDrawer
          key={`${editing.index}:${editing.rule.id}`}
          rule={editing.rule}
          otherIds={editingOthers}
          fields={fields}
          lists={riskLists}
          ruleSetVersion={ruleSet.version}
          serverProblems={editing.index >= 0 ? (placed.rules.get(editing.index) ?? []) : []}
          canTest={canTest}
          onClose={() => setEditing(null)}
          onApply={
            editable
              ? (rule) => {
                  if (editing.index < 0) setRules([...draft.rules, rule], true);
                  else setRules(draft.rules.map((r, i) => (i === editing.index ? rule : r)));
                  setEditing(null);
                }
              : undefined
          }
        />
      )}
      {jsonOpen && (
        <JsonEditModal
          definition={draft}
          onClose={() => setJsonOpen(false)}
          onApply={(definition) => {
            setDraft(toDefinitionDraft(definition));
            setSaveError(null);
            setJsonOpen(false);
          }}
        />
      )}
    </div>
  );
}

/** The advanced way: the whole definition as JSON, applied to the editor (then saved like any other change). */
function JsonEditModal({ definition, onClose, onApply }: { definition: DefinitionDraft; onClose: () => void; onApply: (definition: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => JSON.stringify(definition, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const apply = () => {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('ruleEditor.jsonNotObject'));
      onApply(parsed as Record<string, unknown>);
    } catch (error) {
      setParseError(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Modal
      open
      width={900}
      title={t('ruleEditor.editJson')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="rule-set-edit-cancel">
          {t('app.cancel')}
        </Button>,
        <Button key="apply" type="primary" onClick={apply} data-testid="rule-set-edit-save">
          {t('ruleEditor.apply')}
        </Button>,
      ]}
    >
      <Typography.Paragraph type="secondary">{t('ruleEditor.jsonHelp')}</Typography.Paragraph>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} rows={22} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="rule-set-definition" />
      {parseError && <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('ruleSets.invalidJson')} description={parseError} data-testid="rule-set-json-error" />}
    </Modal>
  );
}

