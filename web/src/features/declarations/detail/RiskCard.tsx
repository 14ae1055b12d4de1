import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { riskDecisionsApi } from '../../../api/endpoints';
import type { Declaration, DecisionOutline, FiredRule, ListHit, RiskReason, RiskReplay, StoredRiskDecision, ValueBandBreach } from '../../../api/types';
import { ApiErrorAlert } from '../../../shared/errors';
import { formatDateTime, isChinese, localName } from '../../../shared/format';
import { useAsync } from '../../../shared/useAsync';
import { formatDraw, formatShare, ScoreFactorList } from '../../risk/decisionText';
import { LaneTag } from '../tags';

const isScalar = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);

/** Rates, shares and draws as officers read them: percentages and 4-decimal draws, not raw floats. */
function readableParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  for (const key of ['rate', 'share']) if (typeof params[key] === 'number') out[key] = formatShare(params[key]);
  if (typeof params.draw === 'number') out.draw = formatDraw(params.draw);
  for (const key of ['score', 'minScore']) if (typeof params[key] === 'number') out[key] = (params[key] as number).toFixed(3);
  return out;
}

function ReasonLine({ reason }: { reason: RiskReason }) {
  const { t, i18n } = useTranslation();
  const translated = i18n.exists(`riskReason.${reason.code}`);
  // Untranslated codes show their simple parameters; lists and objects (checks, factors) stay out of the line.
  const params = translated ? [] : Object.entries(reason.params).filter(([, value]) => isScalar(value));
  const p = readableParams(reason.params);
  const name = typeof p.nameZh === 'string' || typeof p.nameEn === 'string' ? localName({ nameZh: String(p.nameZh ?? ''), nameEn: String(p.nameEn ?? '') }, i18n.language) : '';
  const failures = Array.isArray(p.failures) ? p.failures.map((f) => t(`riskCard.failure.${String(f)}`, { defaultValue: String(f) })).join(isChinese(i18n.language) ? '、' : ', ') : '';
  const text = t(`riskReason.${reason.code}`, { defaultValue: reason.code, ...p, name, failures, interpolation: { escapeValue: false } });
  return (
    <li data-testid="risk-reason" data-code={reason.code}>
      <Typography.Text>{text}</Typography.Text>
      {params.length > 0 && (
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {params.map(([key, value]) => `${key}=${String(value)}`).join(', ')}
        </Typography.Text>
      )}
    </li>
  );
}

function SelectedTag({ selected, testId }: { selected: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={selected ? 'volcano' : 'default'} data-testid={testId} data-selected={String(selected)}>
      {selected ? t('riskCard.selected') : t('riskCard.notSelected')}
    </Tag>
  );
}

function CheckTags({ checks }: { checks: readonly string[] }) {
  const { t } = useTranslation();
  if (checks.length === 0) return <Typography.Text type="secondary">{t('app.none')}</Typography.Text>;
  return (
    <>
      {checks.map((check) => (
        <Tag key={check} data-testid="risk-check" data-check={check}>
          {t(`ruleSets.check.${check}`, { defaultValue: check })}
        </Tag>
      ))}
    </>
  );
}

/**
 * A declaration's lane and why. Enterprises see the lane and the checks to prepare for: rules, draws, scores and lists
 * are customs working information (the server leaves them out for enterprise users). Customs staff see the stored decision in full and can
 * replay it.
 */
export function RiskCard({ declaration, customs }: { declaration: Declaration; customs: boolean }) {
  const { t } = useTranslation();
  const decision = declaration.riskDecision;
  if (!decision) {
    return (
      <Card size="small" title={t('detail.risk')} data-testid="detail-risk">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('detail.noRisk')} />
      </Card>
    );
  }
  if (!customs) {
    return (
      <Card size="small" title={t('detail.risk')} data-testid="detail-risk">
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'lane', label: t('field.lane'), children: <LaneTag lane={decision.lane} /> },
            { key: 'at', label: t('detail.decidedAt'), children: formatDateTime(decision.decidedAt) },
            { key: 'checks', label: t('riskCard.checksToPrepare'), children: <CheckTags checks={decision.checks ?? []} /> },
          ]}
        />
      </Card>
    );
  }
  return <CustomsRiskCard declaration={declaration} />;
}

function CustomsRiskCard({ declaration }: { declaration: Declaration }) {
  const { t } = useTranslation();
  const stored = useAsync(() => riskDecisionsApi.get(declaration.id), [declaration.id, declaration.version]);
  const [replay, setReplay] = useState<{ running: boolean; result?: RiskReplay; error?: unknown }>({ running: false });

  const runReplay = async () => {
    setReplay({ running: true });
    try {
      setReplay({ running: false, result: await riskDecisionsApi.replay(declaration.id) });
    } catch (error) {
      setReplay({ running: false, error });
    }
  };

  const d = stored.data;
  const replayable = Boolean(d && d.ruleSetVersion !== null && d.dataRevision !== null);
  return (
    <Card
      size="small"
      title={t('detail.risk')}
      data-testid="detail-risk"
      data-loaded={String(Boolean(d))}
      extra={
        <Button size="small" icon={<RedoOutlined />} loading={replay.running} disabled={!replayable} onClick={runReplay} data-testid="risk-replay">
          {t('riskCard.replay')}
        </Button>
      }
    >
      {stored.error ? (
        <ApiErrorAlert error={stored.error} onRetry={stored.reload} />
      ) : !d ? (
        <div className="page-center" style={{ minHeight: 120 }}>
          <Spin description={t('app.loading')} />
        </div>
      ) : (
        <Space orientation="vertical" size={10} style={{ width: '100%' }}>
          {replay.error ? <ApiErrorAlert error={replay.error} testId="risk-replay-error" /> : null}
          {replay.result && <ReplayResult replay={replay.result} />}
          <DecisionSummary decision={d} />
          <div>
            <Typography.Text strong>{t('detail.reasons')}</Typography.Text>
            {d.reasons.length ? (
              <ul className="compact-list" data-testid="risk-reasons">
                {d.reasons.map((reason, index) => (
                  <ReasonLine key={`${reason.code}-${index}`} reason={reason} />
                ))}
              </ul>
            ) : (
              <div>{t('detail.noReasons')}</div>
            )}
          </div>
          <FiredRulesTable rules={d.firedRules} />
          {d.score && (
            <div data-testid="risk-score-factors">
              <Typography.Text strong>{t('riskCard.topFactors')}</Typography.Text>
              <ScoreFactorList factors={d.score.topFactors} />
            </div>
          )}
          <ValueBandBreaches breaches={d.details?.valueBandBreaches ?? []} />
          <ListHits hits={d.details?.listHits ?? []} declaration={declaration} />
          {d.history.length > 0 && (
            <div data-testid="risk-history">
              <Typography.Text strong>{t('riskCard.history')}</Typography.Text>
              <ul className="compact-list">
                {d.history.map((entry) => (
                  <li key={entry.supersededAt}>
                    {t('riskCard.historyEntry', {
                      at: formatDateTime(entry.supersededAt),
                      lane: t(`lane.${String(entry.decision.lane)}`, { defaultValue: String(entry.decision.lane) }),
                      // "screening.radiation.alarm:<screening id>" → riskCard.cause.screening_radiation_alarm
                      cause: t(`riskCard.cause.${entry.cause.split(':')[0]!.replace(/\./g, '_')}`, { defaultValue: entry.cause }),
                    })}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('riskCard.engine', { engine: d.engine })} ·             {t('riskCard.decidedAtLine', { at: formatDateTime(d.decidedAt) })}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}

function DecisionSummary({ decision: d }: { decision: StoredRiskDecision }) {
  const { t } = useTranslation();
  const random = d.details?.randomSelection;
  const exploration = d.details?.exploration;
  const floor = d.details?.safetyFloor;
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 4 }}
      data-testid="risk-summary"
      items={[
        { key: 'lane', label: t('field.lane'), children: <LaneTag lane={d.lane} /> },
        {
          key: 'ruleSet',
          label: t('riskCard.ruleSetVersion'),
          children:
            d.ruleSetVersion === null ? (
              <Tag color="red">{t('riskCard.noRuleSet')}</Tag>
            ) : (
              <Link to={`/risk/rule-sets/${d.ruleSetVersion}`} data-testid="risk-rule-set-link" data-version={d.ruleSetVersion}>
                {t('riskCard.ruleSetLink', { version: d.ruleSetVersion })}
              </Link>
            ),
        },
        { key: 'revision', label: t('riskCard.dataRevision'), children: <span data-testid="risk-data-revision">{d.dataRevision ?? '—'}</span> },
        { key: 'checks', label: t('riskCard.checks'), children: <CheckTags checks={d.checks} /> },
        {
          key: 'score',
          label: t('riskCard.score'),
          children: d.score ? (
            <span data-testid="risk-score" data-score={d.score.value}>
              <Typography.Text strong>{d.score.value.toFixed(3)}</Typography.Text>{' '}
              <Typography.Text type="secondary">{t('riskCard.modelVersion', { version: d.score.modelVersion ?? '—' })}</Typography.Text>
              {d.score.lane && (
                <>
                  {' '}
                  → <LaneTag lane={d.score.lane} testId="lane-ref" /> {d.score.minScore !== null && <Typography.Text type="secondary">≥ {d.score.minScore.toFixed(2)}</Typography.Text>}
                </>
              )}
            </span>
          ) : (
            <Typography.Text type="secondary" data-testid="risk-score" data-score="">
              {t('riskCard.noScore')}
            </Typography.Text>
          ),
        },
        {
          key: 'floor',
          label: t('riskCard.safetyFloor'),
          children: floor?.applied ? (
            <span data-testid="risk-safety-floor" data-applied="true">
              <Tag color="red">{t('riskCard.floorApplied')}</Tag>
              {floor.failures.map((failure) => (
                <Tag key={failure} color="red">
                  {t(`riskCard.failure.${failure}`, { defaultValue: failure })}
                </Tag>
              ))}
            </span>
          ) : (
            <span data-testid="risk-safety-floor" data-applied="false">
              {t('riskCard.floorNotApplied')}
            </span>
          ),
        },
        {
          key: 'random',
          label: t('riskCard.randomSelection'),
          children: random ? (
            <span data-testid="risk-random">
              <SelectedTag selected={random.selected} />
              {t('riskCard.drawVsRate', { draw: formatDraw(random.draw), rate: formatShare(random.rate) })}
              <Typography.Text type="secondary">
                {t('riskCard.randomContext', {
                  basis: random.categoryCode ? t('riskCard.rateOfCategory', { category: random.categoryCode }) : t('riskCard.rateOfClassFloor'),
                  creditClass: t(`creditClass.${random.creditClass}`, { defaultValue: random.creditClass }),
                })}
              </Typography.Text>
            </span>
          ) : (
            d.randomDraw
          ),
        },
        {
          key: 'exploration',
          label: t('riskCard.exploration'),
          children: exploration ? (
            <span data-testid="risk-exploration">
              <SelectedTag selected={exploration.selected} />
              {t('riskCard.drawVsShare', { draw: formatDraw(exploration.draw), share: formatShare(exploration.share) })}
            </span>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}

function FiredRulesTable({ rules }: { rules: FiredRule[] }) {
  const { t, i18n } = useTranslation();
  return (
    <div>
      <Typography.Text strong>{t('riskCard.firedRules', { count: rules.length })}</Typography.Text>
      <Table<FiredRule>
        size="small"
        rowKey="ruleId"
        pagination={false}
        dataSource={rules}
        data-testid="risk-fired-rules"
        locale={{ emptyText: t('riskCard.noFiredRules') }}
        onRow={(rule) => ({ 'data-testid': 'risk-fired-rule', 'data-rule-id': rule.ruleId, 'data-selected': String(rule.selected) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('ruleSets.ruleName'),
            key: 'name',
            render: (_, rule) => (
              <span>
                {localName({ nameZh: rule.nameZh, nameEn: rule.nameEn }, i18n.language)}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                  {rule.ruleId}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('ruleSets.lane'), key: 'lane', width: 150, render: (_, rule) => (rule.lane ? <LaneTag lane={rule.lane} testId="lane-ref" /> : <Typography.Text type="secondary">{t('riskCard.checksOnly')}</Typography.Text>) },
          { title: t('ruleSets.share'), key: 'share', width: 80, align: 'right', render: (_, rule) => formatShare(rule.share) },
          { title: t('riskCard.draw'), key: 'draw', width: 80, align: 'right', render: (_, rule) => formatDraw(rule.draw) },
          { title: t('ruleSets.checks'), key: 'checks', render: (_, rule) => <CheckTags checks={rule.checks} /> },
          { title: t('riskCard.applied'), key: 'selected', width: 90, render: (_, rule) => <SelectedTag selected={rule.selected} /> },
        ]}
      />
    </div>
  );
}

function ValueBandBreaches({ breaches }: { breaches: ValueBandBreach[] }) {
  const { t } = useTranslation();
  return (
    <div data-testid="risk-value-bands" data-count={breaches.length}>
      <Typography.Text strong>{t('riskCard.valueBandBreaches')}</Typography.Text>{' '}
      {breaches.length === 0 ? (
        <Typography.Text type="secondary">{t('riskCard.noValueBandBreach')}</Typography.Text>
      ) : (
        <ul className="compact-list">
          {breaches.map((breach) => (
            <li key={breach.lineIndex} data-testid="risk-value-band-breach">
              {t(breach.unitValueCnyPerDryTonne < breach.minCnyPerDryTonne ? 'riskCard.bandBelow' : 'riskCard.bandAbove', {
                line: breach.lineIndex + 1,
                code: breach.commodityCode,
                origin: breach.originCountryCode ?? t('ruleSets.anyOrigin'),
                value: breach.unitValueCnyPerDryTonne.toFixed(2),
                min: breach.minCnyPerDryTonne,
                max: breach.maxCnyPerDryTonne,
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function ListHits({ hits, declaration }: { hits: ListHit[]; declaration: Declaration }) {
  const { t, i18n } = useTranslation();
  // Enterprise lists hold ids: name the importer or declarant they matched.
  const enterprises = new Map([declaration.importer, declaration.declarant].map((e) => [e.id, localName(e, i18n.language)]));
  return (
    <div data-testid="risk-list-hits" data-count={hits.length}>
      <Typography.Text strong>{t('riskCard.listHits')}</Typography.Text>{' '}
      {hits.length === 0 ? (
        <Typography.Text type="secondary">{t('riskCard.noListHits')}</Typography.Text>
      ) : (
        hits.map((hit) => (
          <Tag key={`${hit.list}:${hit.value}`} color="gold" data-testid="risk-list-hit" data-list={hit.list}>
            <Link to="/risk/lists">{hit.list}</Link>: {enterprises.get(hit.value) ?? hit.value}
          </Tag>
        ))
      )}
    </div>
  );
}

function ReplayResult({ replay }: { replay: RiskReplay }) {
  const { t } = useTranslation();
  const fields: (keyof DecisionOutline)[] = ['lane', 'randomDraw', 'checks', 'firedRuleIds'];
  if ('score' in replay.stored || 'score' in replay.replayed) fields.push('score', 'modelVersion');
  const rows = fields.map((field) => {
    const show = (value: DecisionOutline[keyof DecisionOutline]) => {
      if (Array.isArray(value)) return value.join(', ') || '—';
      if (value === null || value === undefined) return '—';
      return field === 'lane' ? t(`lane.${value}`, { defaultValue: String(value) }) : String(value);
    };
    const a = replay.stored[field];
    const b = replay.replayed[field];
    return { field, stored: show(a), replayed: show(b), same: JSON.stringify(a ?? null) === JSON.stringify(b ?? null) };
  });
  const differing = rows.filter((row) => !row.same);
  return (
    <Alert
      type={replay.identical ? 'success' : 'warning'}
      showIcon
      data-testid="risk-replay-result"
      data-identical={String(replay.identical)}
      title={replay.identical ? t('riskCard.replayIdentical', { version: replay.ruleSetVersion, revision: replay.dataRevision }) : t('riskCard.replayDiffers', { version: replay.ruleSetVersion, revision: replay.dataRevision })}
      description={
        replay.identical ? undefined : (
          <Table
            size="small"
            pagination={false}
            rowKey="field"
            dataSource={differing.length ? differing : rows}
            columns={[
              { title: t('riskCard.replayField'), dataIndex: 'field', render: (field: string) => t(`riskCard.replayFields.${field}`) },
              { title: t('riskCard.replayStored'), dataIndex: 'stored' },
              { title: t('riskCard.replayReplayed'), dataIndex: 'replayed' },
            ]}
          />
        )
      }
    />
  );
}
